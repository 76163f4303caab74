import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// When the band starts and stops: with the music (not on the faint tail after it), from the
/// first downbeat of a rehearsed song, and from a count-in at a set tempo with nobody playing.
@Suite struct BandStartAndEndTests {
    let rate = 44100.0

    /// Runs `audio` through a fresh graph (set up by `configure`) in 128-frame blocks; returns
    /// the graph, the synthesiser and the allocations counted in the callback.
    func play(_ audio: [Float], configure: (BandGraphTests.Graph) -> Void = { _ in })
        -> (BandGraphTests.Graph, RecordingSynth, Int) {
        BandGraphTests().play(audio, sampleRate: rate, allocationsCountedAfterFrame: Int(rate) * 2, configure: configure)
    }

    /// The music, then its faint tail: a reverb decaying from −40 dBFS to hiss at about −75 dBFS,
    /// as a recording's end sounds (the demo's from 95 s).
    func musicThenTail(bpm: Double, bars: Int, tailSeconds: Double) -> (audio: [Float], end: Double) {
        let (music, reference) = Signals.band(bpm: bpm, beatsPerBar: 4, bars: bars)
        let end = reference.beatSeconds.last! + 60 / bpm
        var audio = Array(music.prefix(Int(end * rate)))
        let noise = Signals.noise(seconds: tailSeconds, sampleRate: rate, amplitude: 1, seed: 7)
        for (i, x) in noise.enumerated() {
            let t = Double(i) / rate
            let gain = 0.01 * Math.exp(-t / 0.2) + 0.0003
            audio.append(x * Float(gain))
        }
        return (audio, end)
    }

    @Test func theBandStopsWithinABarOfTheMusicEndingNotOnItsFaintTail() {
        let (audio, end) = musicThenTail(bpm: 120, bars: 12, tailSeconds: 12)
        let (graph, synth, allocations) = play(audio)
        let times = graph.playedBeats.map { Double($0.time) / rate }
        let bar = 4 * 60 / 120.0
        let after = times.filter { $0 > end }
        print("beats after the music ended: \(after.count), the last \(String(format: "%.2f", (times.last ?? 0) - end)) s after it")
        #expect(times.count > 30, "the band played along (\(times.count) beats)")
        #expect((times.last ?? 0) <= end + bar + 0.05, "last beat \((times.last ?? 0) - end) s after the music ended")
        #expect(synth.ons == synth.offs, "every note that started has ended")
        #expect(allocations == 0)
    }

    @Test func theBandKeepsTimeThroughAShortPauseAndComesBack() {
        // Two beats of faint tail, then the music again: the band bridges the pause.
        let (first, _) = musicThenTail(bpm: 120, bars: 8, tailSeconds: 1.0)
        let (second, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 6, offsetSeconds: 0)
        let pauseStart = Double(first.count) / rate - 1.0
        let (graph, _, _) = play(first + second)
        let times = graph.playedBeats.map { Double($0.time) / rate }
        let inPause = times.filter { $0 > pauseStart && $0 < pauseStart + 1.0 }
        #expect(inPause.count >= 1, "the band kept time through the pause: \(times.filter { $0 > pauseStart - 1 })")
        let resumed = Double(first.count) / rate
        let back = times.filter { $0 > resumed + reference.beatSeconds[4] }
        #expect(back.count > 10, "the band plays on after the pause")
    }

    @Test func aRehearsedSongStartsOnItsFirstDownbeat() {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 8, offsetSeconds: 0.3)
        let song = RehearsedSong(chords: [ChordLabel(root: 0, quality: .major)], durationsBeats: [32], tempoBPM: 120)
        let (graph, _, _) = play(audio) { $0.rehearsal = song }
        let first = graph.playedBeats.first.map { Double($0.time) / rate } ?? .infinity
        print("the rehearsed band's first beat at \(first) s (the music's at \(reference.beatSeconds[0]) s)")
        #expect(abs(first - reference.beatSeconds[0]) < 0.05)
        #expect(graph.playedBeats.first?.beatInBar == 1)
        // The beats it counted by itself are the song's, and the tracker takes over without a jump.
        let played = graph.playedBeats.map { Double($0.time) / rate }
        let firstBar = reference.beatSeconds.prefix(8)
        let hits = firstBar.filter { t in played.contains { abs($0 - t) < 0.07 } }.count
        #expect(hits >= 7, "\(hits) of the first 8 beats played on time: \(played.prefix(10))")
        let numbers = graph.playedBeats.map(\.beat)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $1 > $0 && $1 - $0 <= 2 }, "\(numbers.prefix(12))")
    }

    @Test func aCountInAtASetTempoStartsTheBandWithNobodyPlaying() {
        let silence = [Float](repeating: 0, count: Int(6 * rate))
        let (graph, synth, allocations) = play(silence) {
            $0.tempoOverrideBPM = 96
            $0.leadsFromStart = true
        }
        let times = graph.playedBeats.map { Double($0.time) / rate }
        #expect(times.count >= 8, "\(times.count) beats in 6 s at 96 BPM")
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - 60 / 96.0) < 0.002 }, "\(gaps)")
        #expect(graph.playedBeats.first?.beatInBar == 1 && synth.ons > 0)
        #expect(allocations == 0)
    }

    @Test func afterTheCountInTheBandFollowsThePlayer() {
        // Nobody for 3.3 s (the band counts in and plays at 96 BPM), then the player at 96 BPM,
        // off the band's grid by a third of a beat: the band moves onto the player's beats.
        let (music, reference) = Signals.band(bpm: 96, beatsPerBar: 4, bars: 12, offsetSeconds: 0)
        let start = 3.3
        let audio = [Float](repeating: 0, count: Int(start * rate)) + music
        let (graph, synth, _) = play(audio) {
            $0.leadsFromStart = true
            $0.tempoOverrideBPM = 96
        }
        let settled = start + 5
        let heard = reference.beatSeconds.map { $0 + start }.filter { $0 > settled }
        let played = graph.playedBeats.map { Double($0.time) / rate }.filter { $0 > settled }
        let f = BeatScoring.fMeasure(estimated: played, reference: heard)
        #expect(f > 0.9, "band beat F \(f) once the player plays")
        let numbers = graph.playedBeats.map(\.beat)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $1 > $0 }, "the band's beat numbers go on: \(numbers)")
        #expect(synth.ons == synth.offs || synth.ons - synth.offs < 8)
    }
}
