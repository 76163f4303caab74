import Foundation
import PerformiaCore
import PerformiaIO

/// Drives a `LiveGraph` from an audio file as fast as the machine allows (`--pace fast`, for
/// evaluation): the same `prepare` / `render` / `stop` calls, block by block, that `JackSession`
/// makes from its callback, with the same running `time`, so the output is what a live run over
/// that input would play (minus device timing).
///
/// The file is read (resampled with libsamplerate when `sampleRate` differs from the file's) in
/// blocks of `blockFrames` frames; optional `tailSeconds` of silent input follow the file so
/// releases and scheduled notes ring out. The stereo output goes to a file and/or a callback.
///
/// Not real-time (file I/O); memory is a few blocks and one 8192-frame output chunk.
public final class FastFileDriver {
    /// Where the rendered stereo output goes, block by block.
    public typealias OutputHandler = (_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>,
                                      _ frameCount: Int, _ time: SampleTime) -> Void

    /// What a run did.
    public struct Summary: Sendable {
        /// Frames rendered (file plus tail), at `sampleRate`.
        public var frames: Int64
        /// Frames that came from the file.
        public var inputFrames: Int64
        /// Blocks `render` was called for.
        public var blocks: Int
        /// Wall-clock seconds spent rendering (reading included).
        public var elapsedSeconds: Double
        /// Rendered audio seconds per wall-clock second.
        public var realTimeFactor: Double
    }

    public let path: String
    /// Hz: the rate `render` runs at.
    public let sampleRate: Double
    /// 1 or 2.
    public let inputChannels: Int
    /// Frames per `render` call (the last block of the file may be shorter).
    public let blockFrames: Int
    /// Seconds of silent input rendered after the file.
    public let tailSeconds: Double

    private let input: FileInput

    /// Opens the file.
    /// - Parameters:
    ///   - sampleRate: rate of the graph in Hz; nil runs at the file's rate.
    ///   - inputChannels: 1 (mono mix) or 2 (a mono file is duplicated).
    ///   - blockFrames: 1…8192; 128 matches a JACK session at 128 frames per period.
    ///   - tailSeconds: ≥ 0.
    ///   - converter: resampler used when the rates differ.
    public init(path: String, sampleRate: Double? = nil, inputChannels: Int = 1, blockFrames: Int = 128,
                tailSeconds: Double = 0, converter: SampleRateConverterType = .sincMedium) throws(AudioFileError) {
        precondition((1...2).contains(inputChannels), "inputChannels must be 1 or 2")
        precondition((1...8192).contains(blockFrames), "blockFrames must be 1…8192")
        input = try FileInput(path: path, sampleRate: sampleRate, channelCount: inputChannels,
                              maximumFrames: blockFrames, converter: converter)
        self.path = path
        self.sampleRate = input.sampleRate
        self.inputChannels = inputChannels
        self.blockFrames = blockFrames
        self.tailSeconds = max(0, tailSeconds)
    }

    /// Prepares `graph`, renders the whole file (and the tail) through it, calls `graph.stop()`,
    /// and hands every output block to `output`. Runs once: the file is consumed.
    @discardableResult
    public func run(graph: any LiveGraph, output: OutputHandler) throws(AudioFileError) -> Summary {
        let started = DispatchTime.now().uptimeNanoseconds
        graph.prepare(sampleRate: sampleRate, maximumBlockFrames: blockFrames, inputChannels: inputChannels)
        defer { graph.stop() }
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: inputChannels * blockFrames)
        let writable = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: inputChannels)
        let readable = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: inputChannels)
        let left = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames)
        let right = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames)
        defer {
            storage.deallocate()
            writable.deallocate()
            readable.deallocate()
            left.deallocate()
            right.deallocate()
        }
        storage.initialize(repeating: 0, count: inputChannels * blockFrames)
        left.initialize(repeating: 0, count: blockFrames)
        right.initialize(repeating: 0, count: blockFrames)
        for c in 0..<inputChannels {
            writable[c] = storage + c * blockFrames
            readable[c] = UnsafePointer(writable[c])
        }
        var time: SampleTime = 0
        var blocks = 0
        func render(_ frames: Int) {
            graph.render(input: readable, output: left, right, frameCount: frames, time: time)
            output(left, right, frames, time)
            time += SampleTime(frames)
            blocks += 1
        }
        while true {
            let frames = try input.read(into: writable, frameCount: blockFrames)
            if frames == 0 { break }
            render(frames)
        }
        let inputFrames = time
        var tail = Int((tailSeconds * sampleRate).rounded())
        storage.update(repeating: 0, count: inputChannels * blockFrames)
        while tail > 0 {
            let frames = min(tail, blockFrames)
            render(frames)
            tail -= frames
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
        return Summary(frames: time, inputFrames: inputFrames, blocks: blocks, elapsedSeconds: elapsed,
                       realTimeFactor: elapsed > 0 ? Double(time) / sampleRate / elapsed : 0)
    }

    /// Renders as `run(graph:output:)` does and writes the stereo output to `outputPath`
    /// (encoding from the extension unless given; `.wavFloat` keeps every value).
    @discardableResult
    public func run(graph: any LiveGraph, writingTo outputPath: String,
                    encoding: AudioFileWriter.Encoding? = nil) throws(AudioFileError) -> Summary {
        let writer = try AudioFileWriter(path: outputPath, sampleRate: sampleRate.rounded(), channelCount: 2, encoding: encoding)
        let chunk = AudioFileWriter.chunkFrames
        var channels: [[Float]] = [[Float](repeating: 0, count: chunk), [Float](repeating: 0, count: chunk)]
        var filled = 0
        var failure: AudioFileError?
        let summary = try run(graph: graph) { left, right, frames, _ in
            var offset = 0
            while offset < frames {
                let n = min(frames - offset, chunk - filled)
                for f in 0..<n {
                    channels[0][filled + f] = left[offset + f]
                    channels[1][filled + f] = right[offset + f]
                }
                filled += n
                offset += n
                if filled == chunk {
                    if failure == nil {
                        do throws(AudioFileError) { try writer.write(channels: channels, frameCount: chunk) } catch { failure = error }
                    }
                    filled = 0
                }
            }
        }
        if let failure { throw failure }
        if filled > 0 { try writer.write(channels: channels, frameCount: filled) }
        try writer.close()
        return summary
    }
}
