import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct BandSpectrumDetectorTests {
    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 1024) { BandSpectrumDetector() }
    let input = [Signals.band(bpm: 120, beatsPerBar: 4, bars: 2).audio]

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func processDoesNotAllocate() {
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    @Test func impulseShowsDeclaredLatency() {
        let failure = verifier.verifyLatency(impulseFrame: 20000, frameCount: 30000, stampToleranceFrames: 512) { events in
            events.max { total($0) < total($1) }
        }
        #expect(failure == nil)
    }

    /// The model must see the same bands at every sample rate: a tone lands in the band of its
    /// semitone at 44.1 and 48 kHz alike, with nearly the same value.
    @Test(arguments: [(110.0, 21), (440.0, 45), (1760.0, 69), (5000.0, 87)])
    func toneLandsInItsSemitoneAtEveryRate(hz: Double, band: Int) {
        var peaks: [Float] = []
        for rate in [44100.0, 48000.0] {
            let frames = spectrum(Signals.sine(hz: hz, seconds: 1, sampleRate: rate), sampleRate: rate)
            let middle = frames[frames.count / 2]
            let loudest = (0..<BandSpectrumDetector.bandCount).max { middle[$0] < middle[$1] }!
            #expect(abs(loudest - band) <= 1, "\(hz) Hz at \(rate) Hz: loudest band \(loudest), expected \(band)")
            peaks.append(middle[band])
        }
        #expect(abs(peaks[0] - peaks[1]) < 0.15 * max(peaks[0], peaks[1]), "\(peaks)")
    }

    @Test func silenceIsZeroAndLanesPastTheBandsStayZero() {
        let frames = spectrum([Float](repeating: 0, count: 44100), sampleRate: 44100)
        #expect(!frames.isEmpty)
        #expect(frames.allSatisfy { frame in (0..<BandSpectrumFrame.laneCount).allSatisfy { frame[$0] == 0 } })
        let tone = spectrum(Signals.noise(seconds: 1), sampleRate: 44100)
        #expect(tone.allSatisfy { frame in
            (BandSpectrumDetector.bandCount..<BandSpectrumFrame.laneCount).allSatisfy { frame[$0] == 0 } })
    }

    private func total(_ frame: BandSpectrumFrame) -> Float {
        (0..<BandSpectrumDetector.bandCount).reduce(0) { $0 + frame[$1] }
    }

    private func spectrum(_ audio: [Float], sampleRate: Double) -> [BandSpectrumFrame] {
        var frames: [BandSpectrumFrame] = []
        OfflineRunner(blockFrames: 512).run(BandSpectrumDetector(), source: ArraySource(channels: [audio], sampleRate: sampleRate)) { events in
            for i in 0..<events.count { frames.append(events[i]) }
        }
        return frames
    }
}
