import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct OnsetDetectorTests {
    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 1024) { OnsetDetector() }
    let input = [Signals.band(bpm: 120, beatsPerBar: 4, bars: 2).audio]

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func impulseShowsDeclaredLatency() {
        // The onset answering the impulse is the frame of largest flux; it must be emitted exactly
        // latencyFrames after its stamp, and stamped within a quarter window (512 frames) of the
        // impulse: frames are stamped at their centre, and a single-sample impulse — the
        // sharpest onset there is — peaks up to a quarter window before that (see OnsetDetector).
        let failure = verifier.verifyLatency(impulseFrame: 20000, frameCount: 30000, stampToleranceFrames: 512) { events in
            events.max { $0.flux < $1.flux }
        }
        #expect(failure == nil)
    }

    @Test func processDoesNotAllocate() {
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    @Test func declaresLatencyFromFrameSize() {
        let detector = OnsetDetector()
        detector.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 2))
        #expect(detector.frameSize == 2048)
        #expect(detector.hopFrames == 441)
        #expect(detector.latencyFrames == 1023)
    }

    @Test func clickOnsetsAreStampedAtTheClicks() {
        let clicks = Signals.clickTrack(bpm: 100, seconds: 10)
        let detector = OnsetDetector()
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        OfflineRunner(blockFrames: 256).run(detector, source: ArraySource(channels: [clicks], sampleRate: 44100)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        // Local maxima of the flux above half the largest one.
        let top = signal.flux.max()!
        var peaks: [Double] = []
        for i in 1..<(signal.count - 1) where signal.flux[i] > top / 2 && signal.flux[i] >= signal.flux[i - 1] && signal.flux[i] > signal.flux[i + 1] {
            peaks.append(signal.seconds(ofFrame: Double(i)))
        }
        let expected = stride(from: 0.5, to: 10, by: 0.6).map { $0 }
        #expect(peaks.count == expected.count)
        for (p, e) in zip(peaks, expected) { #expect(abs(p - e) < 0.012) }
    }
}
