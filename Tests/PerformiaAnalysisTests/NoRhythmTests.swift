import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

/// Issue 14, item 3: audio without a pulse gets no beats and no confidence (white noise got
/// 139.5 BPM, 46 beats and tempo confidence 0.68; near-silence 125 BPM), while music keeps its
/// beats with its pulse clarity far above the threshold.
@Suite struct NoRhythmTests {
    func analyze(_ audio: [Float], sampleRate: Double = 44100) -> RhythmAnalysis {
        var signal = OnsetSignal(sampleRate: sampleRate, hopFrames: Int((sampleRate / 100).rounded()))
        OfflineRunner().run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: sampleRate)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        return RhythmAnalyzer().analyze(signal)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func whiteNoiseHasNoBeats(seed: UInt64) {
        let result = analyze(Signals.noise(seconds: 20, seed: seed))
        #expect(result.beats.isEmpty, "\(result.beats.count) beats at \(result.tempo.globalBPM) BPM")
        #expect(result.confidence == 0)
        #expect(result.tempo.pulseClarity < RhythmAnalyzer().minimumPulseClarity)
    }

    /// 16-bit silence as sox writes it: dither of about one least significant bit.
    @Test func ditheredSilenceHasNoBeats() {
        let result = analyze(Signals.noise(seconds: 20, amplitude: 1.0 / 32768, seed: 7))
        #expect(result.beats.isEmpty, "\(result.beats.count) beats at \(result.tempo.globalBPM) BPM")
        #expect(result.confidence == 0)
    }

    /// Music keeps its beats, with a pulse clarity at least twice the threshold.
    @Test(arguments: [(72.0, 4), (104.0, 4), (150.0, 3), (200.0, 4)])
    func aGrooveHasAClearPulse(bpm: Double, beatsPerBar: Int) {
        let result = analyze(Signals.band(bpm: bpm, beatsPerBar: beatsPerBar, bars: 8).audio)
        #expect(!result.beats.isEmpty)
        #expect(result.tempo.pulseClarity >= 2 * RhythmAnalyzer().minimumPulseClarity, "clarity \(result.tempo.pulseClarity)")
    }
}
