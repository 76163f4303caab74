import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaHost
import PerformiaTestSupport
import Testing

@Suite struct FastFileDriverTests {
    /// Renders `input` through `graph` in one block, the reference the driver must reproduce.
    func reference(_ graph: ProbeGraph, input: [Float], sampleRate: Double, tailFrames: Int) -> (left: [Float], right: [Float]) {
        let all = input + [Float](repeating: 0, count: tailFrames)
        graph.prepare(sampleRate: sampleRate, maximumBlockFrames: all.count, inputChannels: 1)
        var left = [Float](repeating: 0, count: all.count)
        var right = [Float](repeating: 0, count: all.count)
        all.withUnsafeBufferPointer { samples in
            var channels = [samples.baseAddress!]
            graph.render(input: &channels, output: &left, &right, frameCount: all.count, time: 0)
        }
        return (left, right)
    }

    @Test func outputEqualsTheGraphsRendering() throws {
        let folder = TemporaryFolder()
        let input = Signals.noise(seconds: 1.0, sampleRate: 48000, amplitude: 0.5)
        let path = try folder.audio("noise.wav", channels: [input], sampleRate: 48000, encoding: .wavFloat)
        let expected = reference(ProbeGraph(), input: input, sampleRate: 48000, tailFrames: 4800)

        let driver = try FastFileDriver(path: path, blockFrames: 128, tailSeconds: 0.1)
        let graph = ProbeGraph(captureFrames: 60_000)
        var left: [Float] = []
        var right: [Float] = []
        var times: [SampleTime] = []
        let summary = try driver.run(graph: graph) { l, r, frames, time in
            left += UnsafeBufferPointer(start: l, count: frames)
            right += UnsafeBufferPointer(start: r, count: frames)
            times.append(time)
        }
        #expect(summary.inputFrames == 48_000)
        #expect(summary.frames == 52_800)
        #expect(summary.blocks == 375 + 38)
        #expect(graph.maximumBlockFrames == 128 && graph.sampleRate == 48000)
        #expect(graph.timeGaps == 0 && graph.oversizedBlocks == 0)
        #expect(graph.stopCalls.load(ordering: .relaxed) == 1)
        #expect(graph.renderAllocations == 0)
        #expect(times.prefix(3) == [0, 128, 256])
        #expect(left == expected.left)
        #expect(right == expected.right)
        #expect(Array(graph.capturedInput().prefix(48_000)) == input)
        print("FastFileDriver: \(summary.frames) frames in \(String(format: "%.3f", summary.elapsedSeconds)) s, "
              + "\(String(format: "%.0f", summary.realTimeFactor))× real time (debug build)")
    }

    @Test func writesTheOutputFileAndResamples() throws {
        let folder = TemporaryFolder()
        let input = Signals.sine(hz: 441, seconds: 1.0, sampleRate: 44100, amplitude: 0.5)
        let path = try folder.audio("tone.wav", channels: [input, input], sampleRate: 44100, encoding: .wavFloat)
        let driver = try FastFileDriver(path: path, sampleRate: 48000, inputChannels: 1, blockFrames: 100)
        #expect(driver.sampleRate == 48000)
        let output = folder.path("out.wav")
        let graph = ProbeGraph()
        let summary = try driver.run(graph: graph, writingTo: output, encoding: .wavFloat)
        #expect(abs(Int(summary.frames) - 48_000) < 50)

        let reader = try AudioFileReader(path: output)
        #expect(reader.sampleRate == 48000 && reader.channelCount == 2)
        let left = UnsafeMutablePointer<Float>.allocate(capacity: 60_000)
        let right = UnsafeMutablePointer<Float>.allocate(capacity: 60_000)
        defer { left.deallocate(); right.deallocate() }
        var channels = [left, right]
        let frames = try reader.read(into: &channels, maximumFrames: 60_000)
        #expect(Int64(frames) == summary.frames)
        var leftError: Float = 0
        var rightError: Float = 0
        for i in 0..<frames {
            leftError = max(leftError, abs(left[i] - Float(0.25 * Math.sin(2 * Math.pi * 440 * Double(i) / 48000))))
            if (1_000..<47_000).contains(i) {
                rightError = max(rightError, abs(right[i] - Float(0.5 * Math.sin(2 * Math.pi * 441 * Double(i) / 48000))))
            }
        }
        #expect(leftError < 1e-6)
        #expect(rightError < 1e-3)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: AudioFileError.notFound(path: "/nonexistent/in.wav")) {
            _ = try FastFileDriver(path: "/nonexistent/in.wav")
        }
    }
}
