import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

/// The learned rhythm path on the inputs issue 15 lists — silence, white noise, a click track
/// alone, speech: every map is valid; where there is no pulse there are no beats and no
/// confidence; the click track keeps its tempo but claims no chords.
@Suite struct LearnedPathInputTests {
    func analyse(_ audio: [Float]) throws -> SongMap {
        let folder = TemporaryFolder()
        let path = try folder.audio("input.wav", channels: [audio])
        var analyzer = SongAnalyzer()
        analyzer.rhythmMethod = .learned
        let map = try analyzer.analyze(path: path)
        try SongMapValidator.validate(map)
        return map
    }

    @Test func silenceHasNoBeatsAndNoConfidence() throws {
        let map = try analyse([Float](repeating: 0, count: 10 * 44100))
        #expect(map.beats.isEmpty)
        #expect(map.tempo.bpm == nil)
        #expect(map.analysis.confidence == 0)
    }

    @Test func whiteNoiseHasNoBeatsAndNoConfidence() throws {
        let map = try analyse(Signals.noise(seconds: 20, amplitude: 0.3))
        #expect(map.beats.isEmpty, "\(map.beats.count) beats")
        #expect(map.analysis.confidence < 0.2)
    }

    @Test func aClickTrackAloneKeepsItsTempoAndHasNoChords() throws {
        let map = try analyse(Signals.clickTrack(bpm: 100, seconds: 20, offsetSeconds: 0.5))
        #expect(abs((map.tempo.bpm ?? 0) - 100) < 2, "tempo \(String(describing: map.tempo.bpm))")
        let chordSeconds = map.chords.filter { $0.label != "N" }.reduce(0) { $0 + $1.end - $1.start }
        #expect(chordSeconds <= 2, "\(map.chords.map(\.label))")
        #expect((map.key?.confidence ?? 0) < 0.2)
    }

    @Test func speechHasLowRhythmConfidence() throws {
        let folder = TemporaryFolder()
        let wav = folder.path("speech.wav")
        try SpeechFixture.write(to: wav)
        var analyzer = SongAnalyzer()
        analyzer.rhythmMethod = .learned
        let map = try analyzer.analyze(path: wav)
        try SongMapValidator.validate(map)
        #expect(map.analysis.confidence < 0.3, "confidence \(map.analysis.confidence), \(map.beats.count) beats")
    }
}
