import Foundation
import PerformiaTestSupport
import Testing

/// The live chain against the bad input: a sudden stop, feedback-level input, and
/// samples no audio device should deliver (NaN, infinity).
@Suite struct BandBadInputTests {
    let rate = 44100.0

    /// Beats the band played after `seconds`.
    func beats(of graph: BandGraphTests.Graph, after seconds: Double) -> Int {
        graph.playedBeats.filter { Double($0.time) / rate > seconds }.count
    }

    @Test func aSuddenStopIsBridgedThenTheBandRestsWithEveryNoteEnded() {
        let (music, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 8)
        let stop = reference.beatSeconds.last! + 0.5
        let audio = Array(music.prefix(Int(stop * rate))) + [Float](repeating: 0, count: Int(6 * rate))
        let (graph, synth, allocations) = BandGraphTests().play(audio)
        // At 120 BPM the band keeps time for a bar by itself (keepTimeBeats = 4), then rests.
        let after = beats(of: graph, after: stop)
        #expect(after >= 1 && after <= 6, "\(after) beats after the player stopped: \(graph.playedBeats.map { Double($0.time) / rate }.filter { $0 > stop - 2 })")
        #expect(synth.ons > 0 && synth.ons == synth.offs, "every note that started has ended")
        #expect(allocations == 0)
    }

    @Test func feedbackLevelInputNeitherBreaksNorStopsTheBand() {
        let (music, reference) = Signals.band(bpm: 110, beatsPerBar: 4, bars: 8)
        // A howl: a 2 kHz tone far past full scale (a gain stage gone wrong), then clipped to ±1.
        let howl = (0..<Int(4 * rate)).map { i -> Float in
            let x = 8 * Float(sin(2 * Double.pi * 2000 * Double(i) / rate))
            return i < Int(2 * rate) ? x : max(-1, min(1, x))
        }
        let audio = music + howl + music
        let (graph, synth, allocations) = BandGraphTests().play(audio)
        let resume = Double(music.count + howl.count) / rate
        #expect(allocations == 0)
        // The band is back with the player after the howl.
        let back = beats(of: graph, after: resume + 4)
        #expect(back >= reference.beatSeconds.count / 2, "\(back) beats after the howl")
        graph.stop()
        #expect(synth.offs <= synth.ons && synth.allOff == 1)
    }

    @Test func nonFiniteSamplesDoNotPoisonTheTrackers() {
        let (music, reference) = Signals.band(bpm: 100, beatsPerBar: 4, bars: 6)
        var broken = [Float](repeating: .nan, count: 4096)
        broken[100] = .infinity
        broken[200] = -.infinity
        let audio = music + broken + music
        let (graph, _, allocations) = BandGraphTests().play(audio)
        #expect(allocations == 0)
        let resume = Double(music.count + broken.count) / rate
        let back = beats(of: graph, after: resume + 4)
        #expect(back >= reference.beatSeconds.count / 2, "\(back) beats after the broken block")
        #expect(graph.playedBeats.allSatisfy { $0.time >= 0 })
    }
}
