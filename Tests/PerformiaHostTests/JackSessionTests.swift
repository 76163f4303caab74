import CAllocationCounter
import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaBand
import PerformiaHost
import PerformiaSynth
import PerformiaTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real JACK callbacks from a private `jackd -d dummy -r 48000 -p 128` per test. Serialized: two
/// servers with real-time threads would compete for the machine's cores.
///
/// The tests hold the callback to its own cost (p95 under half the period) and to no allocation;
/// xruns are printed, not asserted. On a shared VM the dummy driver's own thread wakes late when the
/// hypervisor steals time, and JACK's null client xruns as often as ours (docs/benchmarks.md, the
/// ten-minute runs of `Benchmarks/realtime-run`), so an xrun count measures the machine; a graph
/// that is too slow or blocks fails the cost bound instead.
@Suite(.serialized, .enabled(if: JackTestServer.isAvailable, "jackd is not installed"))
struct JackSessionTests {
    static let expectedCallbacksPerSecond = 48000.0 / 128.0

    func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(10_000)
        }
        return true
    }

    @Test func callbacksRunAtTheBlockRateWithinTheirCostAndWithoutAllocations() throws {
        let server = try JackTestServer()
        let graph = ProbeGraph()
        let stops = Atomic<Int>(0)
        let session = try JackSession(configuration: .init(clientName: "probe", serverName: server.name,
                                                                          inputChannels: 2, input: .systemCapture))
        session.onStop = { _ in stops.add(1, ordering: .relaxed) }
        #expect(session.sampleRate == 48000)
        #expect(session.blockFrames == 128)
        #expect(graph.prepareCalls == 0)
        try session.start(graph: graph)
        #expect(graph.prepareCalls == 1 && graph.maximumBlockFrames == 128 && graph.inputChannels == 2)
        #expect(session.isRunning)

        usleep(500_000)
        let startCount = session.callbackCount
        let start = Date()
        #expect(waitUntil(seconds: 12) { session.callbackCount - startCount > 1100 })
        let rate = Double(session.callbackCount - startCount) / Date().timeIntervalSince(start)
        let cost = session.blockCost()
        let xruns = session.xrunCount
        let latency = session.portLatencyFrames()
        session.close()
        session.close()
        print("JACK dummy port latency: capture \(latency.capture) frames, playback \(latency.playback) frames")

        print("JACK dummy 48 kHz/128: \(String(format: "%.1f", rate)) callbacks/s (expected \(Self.expectedCallbacksPerSecond)), "
              + "xruns \(xruns), block cost median \(String(format: "%.1f", cost.median * 1e6)) µs, "
              + "p95 \(String(format: "%.1f", cost.percentile95 * 1e6)) µs, max \(String(format: "%.1f", cost.maximum * 1e6)) µs "
              + "(\(cost.blockCount) blocks, period \(String(format: "%.0f", cost.blockPeriod * 1e6)) µs); allocations on the "
              + "JACK thread: warm-up \(graph.warmUpAllocations), render \(graph.renderAllocations), "
              + "between renders \(graph.betweenAllocations) over \(graph.renderCalls) blocks; callback thread policy "
              + "\(graph.schedulingPolicy) priority \(graph.schedulingPriority)")
        // Never faster than the clock; slower only as far as a busy machine delays the dummy driver's
        // own thread (a CI run with the whole suite beside it measured 303.7/s and 138 xruns, 19 %
        // slow). The exact rate is the realtime-run benchmark's to report, not this test's.
        #expect(rate < 1.02 * Self.expectedCallbacksPerSecond && rate > 0.5 * Self.expectedCallbacksPerSecond)
        #expect(cost.percentile95 < 0.5 * cost.blockPeriod)
        #expect(graph.renderCalls > 1000)
        #expect(graph.timeGaps == 0 && graph.firstTime == 0)
        #expect(graph.oversizedBlocks == 0)
        #expect(graph.renderAllocations == 0)
        #expect(graph.betweenAllocations == 0)
        #expect(cost.blockCount > 1000 && cost.median > 0 && cost.percentile95 >= cost.median)
        #expect(cost.percentile95Load < 0.5)
        #expect(!session.isRunning)
        #expect(session.stopReason == .closed)
        #expect(graph.stopCalls.load(ordering: .relaxed) == 1)
        #expect(stops.load(ordering: .relaxed) == 1)
        #expect(session.framesProcessed == Int64(graph.framesRendered))
    }

    @Test(arguments: [SIGKILL, SIGTERM])
    func killingTheServerStopsTheSession(signal: Int32) throws {
        let server = try JackTestServer()
        let graph = ProbeGraph()
        let session = try JackSession(configuration: .init(serverName: server.name, input: .unconnected))
        try session.start(graph: graph)
        #expect(waitUntil(seconds: 2) { session.callbackCount > 100 })
        server.kill(signal: signal)
        #expect(waitUntil(seconds: 5) { !session.isRunning })
        #expect(waitUntil(seconds: 5) { graph.stopCalls.load(ordering: .relaxed) == 1 })
        guard case .serverShutdown(let reason) = session.stopReason else {
            Issue.record("stop reason \(String(describing: session.stopReason))")
            return
        }
        print("JACK server killed with signal \(signal): session stopped, reason \"\(reason)\"")
        let frozen = session.callbackCount
        usleep(100_000)
        #expect(session.callbackCount == frozen)
        session.close()
        #expect(graph.stopCalls.load(ordering: .relaxed) == 1)
        #expect(session.stopReason != .closed)
    }

    @Test func noServerIsAClearError() {
        #expect(!JackSession.serverIsRunning(named: "performia-no-such-server"))
        do {
            _ = try JackSession(configuration: .init(serverName: "performia-no-such-server"))
            Issue.record("opened a session without a server")
        } catch {
            #expect(error == .serverNotRunning(server: "performia-no-such-server", status: error.statusBits))
            #expect(error.description.contains("performia-no-such-server"))
        }
    }

    @Test func fileInputPlaysTheFileInOrderAtRealTimePace() throws {
        let server = try JackTestServer()
        let folder = TemporaryFolder()
        let frames = 96_000
        let left = (0..<frames).map { Float($0) / 131_072 }
        let right = left.map { -$0 }
        let path = try folder.audio("ramp.wav", channels: [left, right], sampleRate: 48000, encoding: .wavFloat)
        let graph = ProbeGraph(captureFrames: frames + 48_000)
        let session = try JackSession(configuration: .init(serverName: server.name, inputChannels: 2,
                                                                          input: .file(path: path), connectOutputs: false,
                                                                          fileBufferSeconds: 0.25))
        let start = Date()
        try session.start(graph: graph)
        #expect(waitUntil(seconds: 6) { session.fileInputFinished })
        let seconds = Date().timeIntervalSince(start)
        usleep(100_000)
        session.close()
        print("file input: \(frames) frames (2.0 s) played in \(String(format: "%.3f", seconds)) s, "
              + "underflow \(session.inputUnderflowFrames) frames")
        // Real-time pace: never faster than the file's two seconds; slower only by a busy machine's
        // late dummy-driver wake-ups (see the block-rate test).
        #expect(seconds > 1.95 && seconds < 4.5)
        #expect(session.inputUnderflowFrames == 0)
        #expect(session.fileInputError == nil)
        let capturedLeft = graph.capturedInput(channel: 0)
        let capturedRight = graph.capturedInput(channel: 1)
        #expect(capturedLeft.count > frames)
        #expect(Array(capturedLeft.prefix(frames)) == left)
        #expect(Array(capturedRight.prefix(frames)) == right)
        #expect(capturedLeft.dropFirst(frames).allSatisfy { $0 == 0 })
        #expect(graph.timeGaps == 0)
    }

    @Test func fileInputIsResampledToTheServerRate() throws {
        let server = try JackTestServer()
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 441, seconds: 1.0, sampleRate: 44100, amplitude: 0.5)
        let path = try folder.audio("tone.wav", channels: [tone], sampleRate: 44100, encoding: .wavFloat)
        let graph = ProbeGraph(captureFrames: 60_000)
        let session = try JackSession(configuration: .init(serverName: server.name, input: .file(path: path),
                                                                          connectOutputs: false))
        try session.start(graph: graph)
        #expect(waitUntil(seconds: 4) { session.fileInputFinished })
        session.close()
        let captured = graph.capturedInput()
        let lastNonZero = captured.lastIndex { $0 != 0 } ?? 0
        #expect(abs(lastNonZero - 48_000) < 100)
        // The same tone at 48 kHz, away from the edges where the resampler's filter rings.
        var worst: Float = 0
        for i in 1_000..<47_000 {
            worst = max(worst, abs(captured[i] - Float(0.5 * Math.sin(2 * Math.pi * 441 * Double(i) / 48000))))
        }
        print("441 Hz tone resampled 44.1 → 48 kHz through the file input: largest error \(worst)")
        #expect(worst < 1e-3)
        #expect(session.inputUnderflowFrames == 0)
    }

    @Test func fluidSynthInTheCallbackAllocatesNothing() throws {
        guard FileManager.default.fileExists(atPath: FluidSynthRenderer.defaultSoundFontPath) else { return }
        let server = try JackTestServer()
        let synth = try FluidSynthRenderer(sampleRate: 48000)
        let graph = SynthGraph(synth: synth)
        let session = try JackSession(configuration: .init(serverName: server.name, input: .unconnected,
                                                                          connectOutputs: false))
        try session.start(graph: graph)
        usleep(5_000_000)
        let cost = session.blockCost()
        let xruns = session.xrunCount
        session.close()
        print("FluidSynth in the JACK callback: \(graph.noteOns) note-ons over \(graph.blocks) blocks, peak \(graph.peak), "
              + "allocations warm-up \(graph.warmUpAllocations), after \(graph.allocations); block cost median "
              + "\(String(format: "%.1f", cost.median * 1e6)) µs, p95 \(String(format: "%.1f", cost.percentile95 * 1e6)) µs, "
              + "max \(String(format: "%.1f", cost.maximum * 1e6)) µs; xruns \(xruns)")
        #expect(graph.noteOns > 30)
        #expect(graph.peak > 0.01)
        #expect(graph.allocations == 0)
        #expect(cost.percentile95 < 0.5 * cost.blockPeriod)
        #expect(graph.stopped)
    }
}

extension JackSessionError {
    /// The status bits of `.serverNotRunning`, for comparing errors whose bits vary.
    var statusBits: UInt32 {
        if case .serverNotRunning(_, let status) = self { return status }
        return 0
    }
}

/// Plays a note on one of four channels every 30 blocks (each released 20 blocks later) through
/// FluidSynth, counting allocations inside `render` after the first 200 blocks.
final class SynthGraph: LiveGraph, @unchecked Sendable {
    let synth: FluidSynthRenderer
    private(set) var blocks = 0
    private(set) var noteOns = 0
    private(set) var warmUpAllocations = 0
    private(set) var allocations = 0
    private(set) var peak: Float = 0
    private(set) var stopped = false
    private let pitches: [UInt8] = [60, 64, 67, 72, 36, 43, 48, 55]

    init(synth: FluidSynthRenderer) { self.synth = synth }

    func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int) {
        synth.programChange(channel: 0, program: 0)
        synth.programChange(channel: 1, program: 33)
        synth.programChange(channel: 2, program: 48)
    }

    func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime) {
        performia_allocation_counting_begin()
        let step = blocks / 30
        let channel = UInt8(step % 4 == 3 ? 9 : step % 4)
        let pitch = channel == 9 ? UInt8(36 + step % 10) : pitches[step % pitches.count]
        if blocks % 30 == 0 {
            synth.noteOn(channel: channel, pitch: pitch, velocity: 100)
            noteOns += 1
        } else if blocks % 30 == 20 {
            synth.noteOff(channel: channel, pitch: pitch)
        }
        synth.render(left: left, right: right, frameCount: frameCount)
        for f in 0..<frameCount { peak = max(peak, abs(left[f])) }
        let count = Int(performia_allocation_counting_end())
        if blocks < 200 { warmUpAllocations += count } else { allocations += count }
        blocks += 1
    }

    func stop() {
        synth.allNotesOff()
        stopped = true
    }
}
