import PerformiaCore
import PerformiaTestSupport
import Testing

/// Emits one event per 100 frames of input, stamped at the frame where the 100 completed.
final class FrameCounter: Processor {
    struct Tick: TimedEvent, Equatable { var time: SampleTime }
    var latencyFrames: Int { 0 }
    var maximumEventsPerBlock = 0
    private var seen: SampleTime = 0
    func prepare(_ spec: ProcessSpec) { maximumEventsPerBlock = spec.maximumBlockFrames / 100 + 1; seen = 0 }
    func process(_ block: AudioBlock, events: inout EventBuffer<Tick>) {
        for _ in 0..<block.frameCount {
            seen += 1
            if seen % 100 == 0 { events.append(Tick(time: seen - 1)) }
        }
    }
    func reset() { seen = 0 }
    func finish(events: inout EventBuffer<Tick>) { events.append(Tick(time: -1)) }
}

@Suite struct OfflineRunnerTests {
    @Test(arguments: [1, 100, 4096])
    func renderIsAlignedWithTheInputAndAsLong(blockFrames: Int) {
        let input = noise(frames: 5003, channels: 2)
        for latency in [0, 1, 99, 1024, 7000] {
            var rendered: [[Float]] = [[], []]
            var expectedStart: SampleTime = 0
            let total = OfflineRunner(blockFrames: blockFrames).render(
                SerialChain(Gain(gain: 2), Delay(delayFrames: latency)),
                source: ArraySource(channels: input, sampleRate: 44100)
            ) { block in
                #expect(block.startTime == expectedStart)
                expectedStart += SampleTime(block.frameCount)
                for c in 0..<2 { rendered[c] += Array(block.channel(c)) }
            }
            #expect(total == 5003)
            for c in 0..<2 { #expect(rendered[c] == input[c].map { 2 * $0 }, "latency \(latency)") }
        }
    }

    @Test func renderOfSilenceSourceHasTheRequestedLength() {
        var frames = 0
        let total = OfflineRunner(blockFrames: 512).render(Delay(delayFrames: 3),
                                                           source: SilenceSource(sampleRate: 48000, channelCount: 2, frameCount: 10_000)) { block in
            frames += block.frameCount
            #expect(block.channelCount == 2 && block.channel(1).allSatisfy { $0 == 0 })
        }
        #expect(total == 10_000 && frames == 10_000)
    }

    @Test func tapsSeeEveryBlockAndEqualSeparateRuns() {
        let input = noise(frames: 12_345)
        var separate: [SampleTime] = []
        OfflineRunner(blockFrames: 300).run(FrameCounter(), source: ArraySource(channels: input, sampleRate: 8000)) { events in
            for i in 0..<events.count { separate.append(events[i].time) }
        }
        var a: [SampleTime] = [], b: [SampleTime] = []
        var progress: [SampleTime] = []
        let taps = TapPair(EventTap(FrameCounter()) { events in for i in 0..<events.count { a.append(events[i].time) } },
                           EventTap(FrameCounter()) { events in for i in 0..<events.count { b.append(events[i].time) } })
        let total = OfflineRunner(blockFrames: 300).run(taps: taps, source: ArraySource(channels: input, sampleRate: 8000)) {
            progress.append($0)
        }
        #expect(total == 12_345)
        #expect(separate.count == 124 && separate.last == -1)  // 123 ticks, then finish's
        #expect(a == separate && b == separate)
        #expect(progress.count == 42 && progress.last == 12_345)
    }

    @Test func tappedRunsTapsOnTheInputAndAudioThrough() {
        var ticks: [SampleTime] = []
        let chain = Tapped(taps: EventTap(FrameCounter()) { events in for i in 0..<events.count { ticks.append(events[i].time) } },
                           audio: ParallelChain(Gain(gain: 1), Delay(delayFrames: 10)))
        let input = noise(frames: 1000)
        var output: [Float] = []
        OfflineRunner(blockFrames: 64).render(chain, source: ArraySource(channels: input, sampleRate: 8000)) { block in
            output += Array(block.channel(0))
        }
        chain.finishTaps()
        #expect(zip(output, input[0]).allSatisfy { abs($0 - 2 * $1) <= 1e-6 })
        // The taps hear the 10 frames of flush silence as well: 1010 frames → 10 ticks, then finish's.
        let expectedTicks: [SampleTime] = (1...10).map { (k: Int) -> SampleTime in SampleTime(k * 100 - 1) } + [-1]
        #expect(ticks == expectedTicks)
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 1, tolerance: 0) {
            Tapped(taps: EventTap(FrameCounter()) { _ in }, audio: SerialChain(Gain(gain: 3), Delay(delayFrames: 5)))
        }
        #expect(audioFailures(verifier) == [])
    }
}
