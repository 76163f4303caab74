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
        let text = "Good evening. This is a test of the analysis system with ordinary speech. There is no music "
            + "here at all, only a voice reading a few sentences about the weather, which is cold and grey today."
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/text2wave")
        process.arguments = ["-o", wav]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "text2wave (festival) failed")
        var analyzer = SongAnalyzer()
        analyzer.rhythmMethod = .learned
        let map = try analyzer.analyze(path: wav)
        try SongMapValidator.validate(map)
        #expect(map.analysis.confidence < 0.3, "confidence \(map.analysis.confidence), \(map.beats.count) beats")
    }
}
