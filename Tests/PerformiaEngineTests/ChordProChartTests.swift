import Foundation
import PerformiaEngine
import PerformiaMusic
import Testing

@Suite struct ChordProChartTests {
    @Test func aChartWrittenByPerformiaReadsBackBeatForBeat() throws {
        // Eight bars of 4/4 at 120 BPM: G, Em, C + D7 (half a bar each), G for three beats + D7,
        // twice.
        let pattern: [(String, Int)] = [("G:maj", 4), ("E:min", 4), ("C:maj", 2), ("D:7", 2), ("G:maj", 3), ("D:7", 1)]
        func time(_ beat: Int) -> Double { 1 + 0.5 * Double(beat) }
        let beats = (0..<32).map { "{\"time\": \(time($0)), \"bar\": \($0 / 4 + 1), \"beat\": \($0 % 4 + 1)}" }
        var chords: [String] = []
        var expected: [ChordLabel] = []
        var beat = 0
        for _ in 0..<2 {
            for (label, length) in pattern {
                chords.append("{\"start\": \(time(beat)), \"end\": \(time(beat + length)), \"label\": \"\(label)\", "
                              + "\"symbol\": \"\(ChordLabel(harte: label)!.chartSymbol())\", \"confidence\": 1}")
                expected += Array(repeating: ChordLabel(harte: label)!, count: length)
                beat += length
            }
        }
        let json = """
            {"schema": "performia.songmap/1", "beats": [\(beats.joined(separator: ","))],
             "chords": [\(chords.joined(separator: ","))], "melody": [],
             "sections": [{"start": 1, "end": 17, "group": "A", "label": "verse"}],
             "meter": {"beatsPerBar": 4, "subdivision": 2, "timeSignature": "4/4"},
             "tempo": {"bpm": 120, "confidence": 1, "curve": []}, "tuning": {"cents": 0, "referenceHz": 440},
             "key": {"name": "G major", "confidence": 1, "segments": []},
             "source": {"path": "t.wav", "sha256": "", "durationSeconds": 18, "sampleRate": 44100, "channels": 1, "format": "WAV"},
             "analysis": {"engine": "performia", "version": "0", "confidence": 1, "elapsedSeconds": 0, "realTimeFactor": 1, "warnings": []}}
            """
        let map = try JSONDecoder().decode(SongMap.self, from: Data(json.utf8))
        let text = ChordProChart.render(map, title: "t")
        let chart = try ChartChords.read(text)
        #expect(chart.tempoBPM == 120 && chart.beatsPerBar == 4)
        var expanded: [ChordLabel] = []
        for (chord, length) in zip(chart.chords, chart.durationsBeats) { expanded += Array(repeating: chord, count: length) }
        #expect(expanded == expected)
        // The text is the document written, and reads back to it.
        let document = ChordProChart.document(map, title: "t")
        #expect(try ChordProReader.read(text).document == document)
        #expect(text.hasPrefix("{title: t}\n{key: G}\n{tempo: 120}\n{time: 4/4}\n\n{start_of_verse: Verse}\n[G] | [Em] | [C] [D7] | [G] . . [D7]\n"))
        #expect(text.hasSuffix("[G] | [Em] | [C] [D7] | [G] . . [D7]\n{end_of_verse}\n"))
    }
}
