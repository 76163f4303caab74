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
        for (bad, needle) in [(wrongSchema, "schema"), (unordered, "does not increase"), (outside, "outside 1"), (negative, "tempo.bpm")] {
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
