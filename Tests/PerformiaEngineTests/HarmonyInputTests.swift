import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaEngine
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// The harmony stages of the Song Map on input that is not a tonal song: the map must stay valid,
/// say N where there is no harmony, and not claim a key it has no evidence for.
@Suite struct HarmonyInputTests {
    func analyse(_ audio: [Float], sampleRate: Double = 44100, name: String = "input.wav") throws -> SongMap {
        let folder = TemporaryFolder()
        let path = try folder.audio(name, channels: [audio], sampleRate: sampleRate)
        let map = try SongAnalyzer().analyze(path: path)
        try SongMapValidator.validate(map)
        return map
    }

    /// Seconds of the map's span (0…duration) that some non-N chord covers.
    func chordSeconds(_ map: SongMap) -> Double {
        map.chords.filter { $0.label != "N" }.reduce(0) { $0 + $1.end - $1.start }
    }

    /// A four-chord progression at 120 BPM (a bar each) over a click, `detuneCents` off A440.
    func progression(bars: Int, detuneCents: Double = 0, offset: Double = 0.5) -> [Float] {
        let cycle = [(9, [0, 3, 7]), (5, [0, 4, 7]), (0, [0, 4, 7]), (7, [0, 4, 7])]  // Am F C G
        let events = (0..<bars).map { b in
            ChordSignals.Event(notes: ChordSignals.voicing(root: cycle[b % 4].0, intervals: cycle[b % 4].1),
                               start: offset + Double(b) * 2, end: offset + Double(b + 1) * 2)
        }
        let seconds = offset + Double(bars) * 2 + 1
        var audio = ChordSignals.render(events, seconds: seconds, detuneCents: detuneCents)
        let clicks = Signals.clickTrack(bpm: 120, seconds: seconds - 1, offsetSeconds: offset)
        for i in 0..<clicks.count { audio[i] += 0.5 * clicks[i] }
        return audio
    }

    @Test func atonalNoiseHasNoChordsAndNoKey() throws {
        let map = try analyse(Signals.noise(seconds: 20, amplitude: 0.3))
        #expect(chordSeconds(map) <= 1, "\(map.chords.map(\.label))")
        #expect((map.key?.confidence ?? 0) < 0.2)
    }

    @Test func silenceHasNoChordsAndNoKey() throws {
        let map = try analyse([Float](repeating: 0, count: 10 * 44100))
        #expect(chordSeconds(map) == 0)
        #expect(map.key == nil)
        #expect(map.melody.isEmpty)
    }

    @Test func aSingleSustainedNoteIsNoChord() throws {
        let audio = ChordSignals.render([.init(notes: [57], start: 0.5, end: 19.5)], seconds: 20)
        let map = try analyse(audio)
        #expect(chordSeconds(map) <= 2, "\(map.chords.map(\.label))")
        #expect((map.key?.confidence ?? 0) < 0.2)
        // It is a melody of one note, though.
        #expect(map.melody.contains { $0.pitch == 57 && $0.end - $0.start > 5 }, "\(map.melody)")
    }

    @Test func drumsOnlyHaveNoChords() throws {
        let folder = TemporaryFolder()
        let midi = folder.path("drums.mid")
        try GeneralMIDI.drumPattern(bpm: 110, bars: 12).write(to: URL(fileURLWithPath: midi))
        let wav = folder.path("drums.wav")
        try GeneralMIDI.render(midi, to: wav)
        let map = try SongAnalyzer().analyze(path: wav)
        try SongMapValidator.validate(map)
        #expect(map.beats.count > 30, "the drums have a beat")
        #expect(chordSeconds(map) <= 0.1 * map.source.durationSeconds, "\(map.chords.map(\.label))")
        #expect((map.key?.confidence ?? 0) < 0.2)
    }

    @Test func speechHasAlmostNoChordsAndNoConfidentKey() throws {
        let folder = TemporaryFolder()
        let wav = folder.path("speech.wav")
        try SpeechFixture.write(to: wav)
        let map = try SongAnalyzer().analyze(path: wav)
        try SongMapValidator.validate(map)
        #expect(chordSeconds(map) <= 0.2 * map.source.durationSeconds, "\(map.chords.map(\.label))")
        #expect((map.key?.confidence ?? 0) < 0.2, "key \(String(describing: map.key))")
    }

    @Test func silenceBetweenTwoSongsIsNoChord() throws {
        let song = progression(bars: 8)
        let gap = [Float](repeating: 0, count: 8 * 44100)
        let map = try analyse(song + gap + song)
        let songSeconds = Double(song.count) / 44100
        let inGap = map.chords.filter { $0.label != "N" }.reduce(0.0) { total, chord in
            total + max(0, min(chord.end, songSeconds + 7) - max(chord.start, songSeconds + 1))
        }
        #expect(inGap <= 0.5, "chords in the gap: \(map.chords.map { "\($0.start) \($0.label)" })")
        #expect(chordSeconds(map) >= 20, "both songs have their chords")
        #expect(map.key?.name == "C major" || map.key?.name == "A minor")
    }

    @Test(arguments: [0.0, 40.0, -50.0])
    func outOfTuneRecordingsKeepTheirChords(cents: Double) throws {
        let map = try analyse(progression(bars: 12, detuneCents: cents))
        #expect(abs(abs(map.tuning.cents) - abs(cents)) < 8, "tuning \(map.tuning.cents) for \(cents)")
        // A quarter tone is ambiguous by a semitone; the chords must then be read a semitone
        // lower throughout, never a mixture.
        let shift = map.tuning.cents > 0 && cents < 0 ? -1 : 0
        let expected = ["A:min", "F:maj", "C:maj", "G:maj"].map { ChordLabel(harte: $0)! }
        var correct = 0
        for bar in 0..<12 {
            let middle = 0.5 + Double(bar) * 2 + 1
            let found = map.chords.first { $0.start <= middle && middle < $0.end }.flatMap { ChordLabel(harte: $0.label) }
            let want = expected[bar % 4]
            if found == ChordLabel(root: want.root.map { $0 + shift }, quality: want.quality) { correct += 1 }
        }
        #expect(correct >= 11, "\(map.chords.map(\.label))")
    }
}
