import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

/// Issue 14, item 2: beat times between the onset frames and the tempo fitted to them, so a
/// steady song reads its tempo (104 BPM read 103.4: 60 / a median gap of 58 frames).
@Suite struct TempoPrecisionTests {
    func analyze(_ audio: [Float], sampleRate: Double = 44100) -> RhythmAnalysis {
        var signal = OnsetSignal(sampleRate: sampleRate, hopFrames: Int((sampleRate / 100).rounded()))
        OfflineRunner().run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: sampleRate)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        return RhythmAnalyzer().analyze(signal)
    }

    @Test(arguments: [(104.0, 4), (110.0, 4), (128.0, 4), (150.0, 3)])
    func aSteadyGroovesTempoIsWithinAThirdOfABPM(bpm: Double, beatsPerBar: Int) {
        let (audio, _) = Signals.band(bpm: bpm, beatsPerBar: beatsPerBar, bars: 24)
        let tempo = analyze(audio).tempo
        #expect(abs(tempo.globalBPM - bpm) <= 0.3, "global \(tempo.globalBPM) at \(bpm) BPM")
        let worst = tempo.curve.map { abs($0.bpm - bpm) }.max() ?? .infinity
        #expect(worst <= 0.5, "curve off by up to \(worst) BPM at \(bpm) BPM")
    }

    /// The beats of a steady groove keep one offset from the true beats, to within a fraction of
    /// the 10 ms frame: the error's spread (median absolute deviation) is well under the 2.5 ms
    /// of times rounded to frames.
    @Test(arguments: [104.0, 128.0])
    func beatTimesFallBetweenFrames(bpm: Double) {
        let (audio, reference) = Signals.band(bpm: bpm, beatsPerBar: 4, bars: 24)
        let beats = analyze(audio).beats.map { Double($0.time) / 44100 }
        var errors: [Double] = []
        for t in beats {
            let nearest = reference.beatSeconds.min { abs($0 - t) < abs($1 - t) }!
            if abs(nearest - t) < 0.05 { errors.append(t - nearest) }
        }
        #expect(errors.count >= reference.beatSeconds.count - 2)
        let median = errors.sorted()[errors.count / 2]
        let spread = errors.map { abs($0 - median) }.sorted()[errors.count / 2]
        #expect(spread < 0.0015, "beat error spread \(spread * 1000) ms at \(bpm) BPM")
    }
}
