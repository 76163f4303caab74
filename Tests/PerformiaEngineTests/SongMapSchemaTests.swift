import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

/// The analyzer's output against the published JSON Schema (docs/songmap.schema.json), checked
/// by an independent validator: Debian's python3-jsonschema (installed by scripts/setup).
@Suite struct SongMapSchemaTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/songmap.schema.json")

    /// Returns jsonschema's verdict on `document`: nil when valid, else its message.
    func validate(_ document: Data) throws -> String? {
        let folder = TemporaryFolder()
        let path = try folder.bytes("map.json", document)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            try:
                jsonschema.validate(json.load(open(sys.argv[2])), schema)
            except jsonschema.ValidationError as e:
                print(e.message); sys.exit(1)
            """, Self.schema.path, path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if text.contains("No module named") { Issue.record("python3-jsonschema missing: run scripts/setup") }
        return process.terminationStatus == 0 ? nil : text
    }

    @Test func analyzerOutputMatchesThePublishedSchema() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 112, beatsPerBar: 4, bars: 8).audio])
        let map = try SongAnalyzer().analyze(path: path)
        #expect(try validate(map.jsonData()) == nil)
    }

    /// A map with stems (the small fixture separator, so the test stays quick) against the schema,
    /// and one whose stems claim a use of a stem it does not have against the validator.
    @Test func aMapWithStemsMatchesThePublishedSchema() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 112, beatsPerBar: 4, bars: 3).audio])
        var analyzer = SongAnalyzer()
        analyzer.stemsDirectory = folder.path("band.stems")
        analyzer.separation.modelPath = StemSeparationTests.fixtures.appendingPathComponent("stem-centred.pfnn").path
        analyzer.melodyFromVocalStem = true
        var map = try analyzer.analyze(path: path)
        let stems = try #require(map.stems)
        #expect(map.schema == "performia.songmap/3" && stems.separator == "offline" && stems.model == "stem-centred.pfnn")
        #expect(stems.files.map(\.name) == ["drums", "bass", "other", "vocals"] && stems.usedFor == ["melody": "vocals", "chords": "bass+other"])
        #expect(stems.files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } && stems.residualDecibels < -60)
        #expect(try validate(map.jsonData()) == nil)
        _ = try SongMapValidator.validate(json: map.jsonData())
        map.stems?.usedFor["chords"] = "guitar"
        #expect(throws: SongMapValidator.Failure.self) { try SongMapValidator.validate(json: map.jsonData()) }
        map.stems = nil
        map.schema = "performia.songmap/1"
        #expect(try validate(map.jsonData()) == nil)
        _ = try SongMapValidator.validate(json: map.jsonData())
    }

    /// White noise: no pulse, so no `tempo.bpm` (issue 14, item 3).
    @Test func aMapWithoutATempoMatchesThePublishedSchema() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("noise.wav", channels: [Signals.noise(seconds: 12, seed: 5)])
        let map = try SongAnalyzer().analyze(path: path)
        #expect(map.tempo.bpm == nil)
        #expect(try validate(map.jsonData()) == nil)
    }

    @Test func schemaRejectsWhatTheFormatForbids() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 112, beatsPerBar: 4, bars: 8).audio])
        var map = try SongAnalyzer().analyze(path: path)
        map.meter.subdivision = 4
        #expect(try validate(map.jsonData()) != nil)
        map = try SongAnalyzer().analyze(path: path)
        map.source.sha256 = "not-a-hash"
        #expect(try validate(map.jsonData()) != nil)
    }
}
