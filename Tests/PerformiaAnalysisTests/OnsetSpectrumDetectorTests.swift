import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct OnsetSpectrumDetectorTests {
    let verifier = ProcessorVerifier(sampleRate: 48000, maximumBlockFrames: 1024) { OnsetSpectrumDetector() }
    let input = [Signals.band(bpm: 120, beatsPerBar: 4, bars: 2, sampleRate: 48000).audio]

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func processDoesNotAllocate() {
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    /// One shared STFT gives, frame for frame, exactly what the two detectors give on their own.
    @Test(arguments: [44100.0, 48000.0])
    func framesEqualTheTwoDetectorsAlone(sampleRate: Double) {
        let audio = Signals.band(bpm: 97, beatsPerBar: 3, bars: 3, sampleRate: sampleRate).audio
        func source() -> ArraySource { ArraySource(channels: [audio], sampleRate: sampleRate) }
        var shared: [OnsetSpectrumFrame] = []
        OfflineRunner(blockFrames: 700).run(OnsetSpectrumDetector(), source: source()) { events in
            for i in 0..<events.count { shared.append(events[i]) }
        }
        var onsets: [OnsetFrame] = []
        OfflineRunner(blockFrames: 512).run(OnsetDetector(), source: source()) { events in
            for i in 0..<events.count { onsets.append(events[i]) }
        }
        var bands: [BandSpectrumFrame] = []
        OfflineRunner(blockFrames: 1024).run(BandSpectrumDetector(), source: source()) { events in
            for i in 0..<events.count { bands.append(events[i]) }
        }
        #expect(shared.count > 100)
        #expect(shared.count == onsets.count && shared.count == bands.count)
        let sameOnsets = shared.map(\.onset) == onsets, sameBands = shared.map(\.bands) == bands
        #expect(sameOnsets)
        #expect(sameBands)
        #expect(shared.contains { $0.onset.flux > 0 })
    }
}
