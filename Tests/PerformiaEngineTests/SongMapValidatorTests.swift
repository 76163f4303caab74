import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

@Suite struct SongMapValidatorTests {
    func analyzed() throws -> SongMap {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 126, beatsPerBar: 3, bars: 12).audio])
        return try SongAnalyzer().analyze(path: path)
    }

    @Test func analyzerOutputValidatesAndRoundTripsThroughJSON() throws {
        let map = try analyzed()
        let decoded = try SongMapValidator.validate(json: map.jsonData())
        #expect(decoded == map)
        #expect(map.meter.timeSignature == "3/4")
        #expect(map.source.sha256.count == 64)
        #expect(map.analysis.realTimeFactor > 1 && map.analysis.version == EngineVersion.string)
        #expect(map.beats.filter { $0.beat == 1 }.count >= 10)
    }

    @Test func invariantsAreChecked() throws {
        let map = try analyzed()
        var wrongSchema = map; wrongSchema.schema = "performia.songmap/0"
        var unordered = map; unordered.beats.swapAt(1, 2)
        var outside = map; outside.beats[0].beat = 9
        var negative = map; negative.tempo.bpm = -1
        var badChord = map; badChord.chords[0].label = "C:min9"
        var overlapping = map; overlapping.chords[1].start = overlapping.chords[0].start
        var badKey = map; badKey.key?.name = "H major"
        var badSection = map; badSection.sections[0].label = "solo"
        var badTuning = map; badTuning.tuning.cents = 70
        var badNote = map
        badNote.melody = [try JSONDecoder().decode(SongMap.NoteInfo.self,
                                                   from: Data(#"{"start": 2, "end": 1, "pitch": 60, "confidence": 0.5}"#.utf8))]
        for (bad, needle) in [(wrongSchema, "schema"), (unordered, "does not increase"), (outside, "outside 1"), (negative, "tempo.bpm"),
                              (badChord, "C:min9"), (overlapping, "overlaps"), (badKey, "H major"), (badSection, "solo"),
                              (badTuning, "tuning"), (badNote, "melody[0]")] {
            #expect(throws: SongMapValidator.Failure.self) { try SongMapValidator.validate(bad) }
            do { try SongMapValidator.validate(bad) } catch { #expect(error.description.contains(needle), "\(error)") }
        }
    }

    @Test func exporterWritesTheEvalFormats() throws {
        let map = try analyzed()
        let folder = TemporaryFolder()
        try MIRExporter.write(map, to: folder.url)
        let lines = try String(contentsOfFile: folder.path("beats.txt"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix("#") == true)
        let rows = lines.dropFirst().map { $0.split(separator: "\t") }
        #expect(rows.count == map.beats.count && rows.allSatisfy { $0.count == 2 && Double($0[0]) != nil && Int($0[1]) != nil })
    }
}
