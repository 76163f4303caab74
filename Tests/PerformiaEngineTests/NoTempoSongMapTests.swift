import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

/// Issue 14, item 3: no rhythm, no tempo. A Song Map of white noise or 16-bit silence (sox's
/// dither) has no beats, no `tempo.bpm`, zero confidence and a warning, and its chart no
/// `{tempo}` — they read 139.5 and 125 BPM, with beats and a `{tempo: 125}`.
@Suite struct NoTempoSongMapTests {
    static let inputs: [(name: String, audio: [Float])] = [
        ("noise", Signals.noise(seconds: 20, seed: 11)),
        ("silence", Signals.noise(seconds: 20, amplitude: 1.0 / 32768, seed: 12)),
    ]

    @Test(arguments: [0, 1])
    func noPulseMeansNoTempoInTheMapTheChartAndTheExport(input: Int) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("\(Self.inputs[input].name).wav", channels: [Self.inputs[input].audio])
        let map = try SongAnalyzer().analyze(path: path)
        let json = try map.jsonData()
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        let tempo = object["tempo"] as! [String: Any]
        #expect(tempo["bpm"] == nil, "tempo \(tempo["bpm"]!)")
        #expect(tempo["confidence"] as? Double == 0)
        #expect(map.beats.isEmpty && map.tempo.curve.isEmpty)
        #expect(map.analysis.confidence == 0)
        #expect(map.analysis.warnings.contains { $0.contains("no steady pulse") }, "\(map.analysis.warnings)")
        #expect(try SongMapValidator.validate(json: json) == map)
        let chart = ChordProChart.render(map, title: "t")
        #expect(!chart.contains("{tempo"), "\(chart)")
        try MIRExporter.write(map, to: folder.url.appendingPathComponent("est"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("est/tempo.txt")))
    }

    @Test func aMapWithBeatsNeedsATempo() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 112, beatsPerBar: 4, bars: 8).audio])
        var map = try SongAnalyzer().analyze(path: path)
        #expect(map.tempo.bpm != nil)
        map.tempo.bpm = nil
        #expect(throws: SongMapValidator.Failure.self) { try SongMapValidator.validate(map) }
    }

    /// Maps written before: silence with a tempo and no beats, read and validated as they are.
    @Test func anOldMapWithATempoAndNoBeatsIsStillRead() throws {
        let json = """
            {"schema": "performia.songmap/1", "beats": [], "chords": [], "melody": [], "sections": [],
             "meter": {"beatsPerBar": 4, "subdivision": 2, "timeSignature": "4/4"},
             "tempo": {"bpm": 120, "confidence": 0, "curve": []}, "tuning": {"cents": 0, "referenceHz": 440},
             "source": {"path": "t.wav", "sha256": "\(String(repeating: "0", count: 64))", "durationSeconds": 10, "sampleRate": 44100, "channels": 1, "format": "WAV"},
             "analysis": {"engine": "performia", "version": "0", "confidence": 0, "elapsedSeconds": 0, "realTimeFactor": 1,
                          "warnings": ["no beat found (silence or no steady pulse)"]}}
            """
        let map = try SongMapValidator.validate(json: Data(json.utf8))
        #expect(map.tempo.bpm == 120)
        #expect(ChordProChart.render(map, title: "t").contains("{tempo: 120}"))
    }
}
