import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// The learned path's decoding (`RhythmAnalyzer.analyze(_:learned:)`,
/// `DownbeatTracker.track(beats:downbeatActivation:activation:)`) on activations made by code:
/// what the network would say about a song, with the audio's onset signal beside it.
@Suite struct LearnedRhythmTests {
    /// Probability peaks (value `height`, half on the neighbours) every `period` frames from `first`.
    static func peaks(count: Int, period: Double, first: Double, height: Float, every: Int = 1) -> [Float] {
        var a = [Float](repeating: 0.02, count: count)
        var k = 0
        var t = first
        while Int(t.rounded()) < count {
            if k % every == 0 {
                let f = Int(t.rounded())
                a[f] = height
                if f > 0 { a[f - 1] = max(a[f - 1], height / 2) }
                if f + 1 < count { a[f + 1] = max(a[f + 1], height / 2) }
            }
            k += 1
            t += period
        }
        return a
    }

    static func signal(bpm: Double, beatsPerBar: Int, bars: Int) -> OnsetSignal {
        let band = Signals.band(bpm: bpm, beatsPerBar: beatsPerBar, bars: bars)
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        OfflineRunner(blockFrames: 1024).run(OnsetDetector(), source: ArraySource(channels: [band.audio], sampleRate: 44100)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        return signal
    }

    @Test(arguments: [3, 4])
    func meterAndDownbeatsComeFromTheDownbeatActivation(beatsPerBar: Int) {
        let beats = (0..<40).map { 20 + 50 * $0 }
        let down = Self.peaks(count: 2100, period: 50, first: 70, height: 0.9, every: beatsPerBar)
        let result = DownbeatTracker().track(beats: beats, downbeatActivation: down,
                                             activation: Self.peaks(count: 2100, period: 50, first: 20, height: 1),
                                             signal: OnsetSignal(sampleRate: 44100, hopFrames: 441))
        #expect(result.meter.beatsPerBar == beatsPerBar)
        // Beat 1 (frame 70) is the first downbeat.
        #expect(result.beatInBar[1] == 1)
        #expect(result.beatInBar[1 + beatsPerBar] == 1)
        #expect(result.confidence > 0.8)
    }

    @Test func withoutDownbeatEvidenceTheBarIsFour() {
        let beats = (0..<40).map { 20 + 50 * $0 }
        let flat = [Float](repeating: 0.01, count: 2100)
        #expect(DownbeatTracker().track(beats: beats, downbeatActivation: flat, activation: flat,
                                        signal: OnsetSignal(sampleRate: 44100, hopFrames: 441)).meter.beatsPerBar == 4)
    }

    /// The beats are the network's: the onset signal of a 120 BPM band with a learned activation
    /// at 120 BPM gives 120, and with one at 90 BPM gives 90 — the signal path's tempo estimate
    /// and its octave prior do not choose.
    @Test(arguments: [(50.0, 120.0), (200.0 / 3, 90.0)])
    func beatsAndTempoFollowTheActivation(period: Double, expectedBPM: Double) {
        let signal = Self.signal(bpm: 120, beatsPerBar: 4, bars: 16)
        let first = Double(signal.flux.indices.first { signal.flux[$0] > 0.5 * signal.flux.max()! }!)
        let beat = Self.peaks(count: signal.count, period: period, first: first, height: 0.95)
        let down = Self.peaks(count: signal.count, period: period, first: first, height: 0.9, every: 4)
        let result = RhythmAnalyzer().analyze(signal, learned: LearnedActivation(beat: beat, downbeat: down))
        #expect(abs(result.tempo.globalBPM - expectedBPM) < 1, "\(result.tempo.globalBPM)")
        #expect(result.beats.count >= Int(Double(signal.count - Int(first)) / period) - 2)
        #expect(result.meter.beatsPerBar == 4)
        let firstDownbeat = result.beats.first { $0.beatInBar == 1 }
        #expect(firstDownbeat.map { abs(signal.seconds(ofFrame: first) - Double($0.time) / 44100) < 0.03 } == true)
    }

    @Test func noConfidentBeatsMeansNoBeats() {
        let signal = Self.signal(bpm: 120, beatsPerBar: 4, bars: 8)
        let low = [Float](repeating: 0.05, count: signal.count)
        let result = RhythmAnalyzer().analyze(signal, learned: LearnedActivation(beat: low, downbeat: low))
        #expect(result.beats.isEmpty)
        #expect(result.confidence == 0)
    }
}
