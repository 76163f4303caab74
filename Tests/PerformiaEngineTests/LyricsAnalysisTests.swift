import Foundation
import PerformiaEngine
import PerformiaIO
import PerformiaTestSupport
import Testing

/// `SongAnalyzer.lyrics` on a spoken line over a band (Festival's voice, the fixture separator):
/// the map's lyrics have every word in order or flagged, validate against the validator and the
/// published schema; bad charts are one-line errors.
@Suite struct LyricsAnalysisTests {
    @Test func placesTheChartsWordsInTheMap() throws {
        let folder = TemporaryFolder()
        try SpeechFixture.write("the morning sun is bright and we drive along the river", to: folder.path("voice.wav"))
        let voice = try AudioFileReader(path: folder.path("voice.wav"), targetSampleRate: 44100, downmixToMono: true)
        var spoken = [Float](repeating: 0, count: Int(voice.info.frameCount * 44100 / Int64(voice.info.sampleRate)) + 44100)
        let read = try spoken.withUnsafeMutableBufferPointer { buffer in
            var channels = [buffer.baseAddress!]
            return try channels.withUnsafeMutableBufferPointer { try voice.read(into: UnsafePointer($0.baseAddress!), maximumFrames: buffer.count) }
        }
        let band = Signals.band(bpm: 120, beatsPerBar: 4, bars: max(4, read / 88200 + 2)).audio
        let mix = (0..<band.count).map { i in 0.5 * band[i] + (i >= 22050 && i - 22050 < read ? spoken[i - 22050] : 0) }
        let path = try folder.audio("song.wav", channels: [mix])
        let chart = try folder.bytes("song.cho", Data("""
            {title: Test}
            {start_of_verse}
            [C]The morning sun is bright and we
            [G]drive along the river 日曜日
            {end_of_verse}
            """.utf8))
        var analyzer = SongAnalyzer()
        analyzer.separation.modelPath = StemSeparationTests.fixtures.appendingPathComponent("stem-centred.pfnn").path
        analyzer.lyrics = LyricsAnalysis(sheet: try LyricsAnalysis.sheet(chartPath: chart))
        let map = try analyzer.analyze(path: path)
        let lyrics = try #require(map.lyrics)
        #expect(map.schema == "performia.songmap/3" && lyrics.heardOn == "vocals" && map.stems == nil)
        let words = lyrics.lines.flatMap(\.words)
        #expect(words.map(\.text).prefix(3) == ["The", "morning", "sun"] && words.count == 12)
        #expect(words.last?.problem == "not Latin script" && words.last?.start == nil)
        let placed = words.compactMap(\.start)
        #expect(placed.count >= 10 && zip(placed, placed.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(words[1].syllables.map(\.text) == ["morn-", "ing"] || words[1].start == nil)
        #expect(lyrics.lines.allSatisfy { (0...1).contains($0.confidence) })
        let data = try map.jsonData()
        #expect(throws: Never.self) { _ = try SongMapValidator.validate(json: data) }
        #expect(try SongMapSchemaTests().validate(data) == nil)
        // Out of order: the validator names the word.
        var broken = map
        broken.lyrics!.lines[1].words[0].start = 0.001
        broken.lyrics!.lines[1].words[0].syllables[0].start = 0.001
        #expect(throws: (any Error).self) { try SongMapValidator.validate(broken) }
    }

    @Test(arguments: [("", "no lyrics"), ("{title: x}\n[G] | [C]\n", "no lyrics"), ("{start_of_verse\n[G]la\n", ":")])
    func badChartsAreOneLine(text: String, says: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("bad.cho", Data(text.utf8))
        do {
            _ = try LyricsAnalysis.sheet(chartPath: path)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(path) && error.description.contains(says) && !error.description.contains("\n"), "\(error)")
        }
    }
}
