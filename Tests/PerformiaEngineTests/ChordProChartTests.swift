import Foundation
import PerformiaEngine
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct ChordProChartTests {
    /// A chord grid (ChordPro 6), a diagram for every chord, read back by the band beat for beat.
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
        #expect(text.hasPrefix("{title: t}\n{key: G}\n{tempo: 120}\n{time: 4/4}\n{define: G base-fret 1 frets 3 2 0 0 0 3}\n"
                                + "{define: Em base-fret 1 frets 0 2 2 0 0 0}\n{define: C base-fret 1 frets X 3 2 0 1 0}\n"
                                + "{define: D7 base-fret 1 frets X X 0 2 1 2}\n\n"
                                + "{start_of_grid: label=\"Verse\" shape=\"4x4\"}\n| G . . . | Em . . . | C . D7 . | G . . D7 |\n"))
        #expect(text.hasSuffix("| G . . . | Em . . . | C . D7 . | G . . D7 |\n{end_of_grid}\n"))
    }
}

/// The charts `performia chart` writes, opened by ChordPro programs nobody here wrote: chordsketch
/// (PyPI, ChordPro 6) validates and renders them without a warning; Debian's chordii (ChordPro
/// 4.6) renders them with no complaint but the ChordPro 6 directives it predates.
@Suite struct ChordProChartRenderingTests {
    static let python = ExternalTools.python(importing: "chordsketch")
    static let chordii = ExternalTools.program("chordii")

    /// A Song Map of `bars` (Harte labels, one per beat), a section every `barsPerSection` bars.
    static func map(bars: [[String]], sections: [String], barsPerSection: Int, timeSignature: String) throws -> SongMap {
        var beats: [String] = [], chords: [String] = []
        var time = 0.5
        for (barIndex, bar) in bars.enumerated() {
            for (beatIndex, label) in bar.enumerated() {
                beats.append("{\"time\": \(time), \"bar\": \(barIndex + 1), \"beat\": \(beatIndex + 1)}")
                let symbol = ChordLabel(harte: label)!.chartSymbol(spelling: .sharps)
                chords.append("{\"start\": \(time), \"end\": \(time + 0.5), \"label\": \"\(label)\", \"symbol\": \"\(symbol)\", \"confidence\": 1}")
                time += 0.5
            }
        }
        let sectionSeconds = 0.5 * Double(bars[0].count * barsPerSection)
        let sectionList = sections.enumerated().map { index, label in
            "{\"start\": \(0.5 + sectionSeconds * Double(index)), \"end\": \(0.5 + sectionSeconds * Double(index + 1)), \"group\": \"\(label.prefix(1).uppercased())\", \"label\": \"\(label)\"}"
        }
        let json = """
            {"schema": "performia.songmap/1", "beats": [\(beats.joined(separator: ","))],
             "chords": [\(chords.joined(separator: ","))], "melody": [], "sections": [\(sectionList.joined(separator: ","))],
             "meter": {"beatsPerBar": \(bars[0].count), "subdivision": 2, "timeSignature": "\(timeSignature)"},
             "tempo": {"bpm": 120, "confidence": 1, "curve": []}, "tuning": {"cents": 0, "referenceHz": 440},
             "key": {"name": "E minor", "confidence": 1, "segments": []},
             "source": {"path": "t.wav", "sha256": "", "durationSeconds": \(time), "sampleRate": 44100, "channels": 1, "format": "WAV"},
             "analysis": {"engine": "performia", "version": "0", "confidence": 1, "elapsedSeconds": 0, "realTimeFactor": 1, "warnings": []}}
            """
        return try JSONDecoder().decode(SongMap.self, from: Data(json.utf8))
    }

    /// Every quality, sharps, no chord, a half-bar change, in 4/4 and 3/4.
    static let charts: [(String, SongMap)] = {
        let four = [["N", "N", "N", "N"], ["E:min", "E:min", "C:maj", "C:maj"], ["G:7", "G:7", "G:7", "D:sus4"],
                    ["F#:dim", "F#:dim", "B:7", "B:7"], ["C:maj7", "C:maj7", "A:min7", "A:min7"],
                    ["G#:aug", "G#:aug", "G#:aug", "G#:aug"], ["D:sus2", "D:sus2", "E:min", "E:min"], ["E:min", "E:min", "E:min", "E:min"]]
        let three = [["G:maj", "G:maj", "G:maj"], ["D:7", "D:7", "D:7"], ["C#:min", "C#:min", "A:maj"], ["G:maj", "G:maj", "G:maj"]]
        return [("4/4", try! map(bars: four, sections: ["intro", "verse", "chorus", "verse"], barsPerSection: 2, timeSignature: "4/4")),
                ("3/4", try! map(bars: three, sections: ["verse", "chorus"], barsPerSection: 2, timeSignature: "3/4"))]
    }()

    @Test(.enabled(if: python != nil, "chordsketch not installed (scripts/setup installs it)"))
    func chordsketchValidatesAndRendersTheChart() throws {
        for (meter, map) in Self.charts {
            let chart = ChordProChart.render(map, title: "Rendered \(meter)")
            let script = """
                import json, sys, chordsketch
                text = sys.stdin.read()
                problems = [f"{e.line}:{e.column} {e.message}" for e in chordsketch.validate(text)]
                rendered = chordsketch.parse_and_render_text_with_warnings(text, None, 0)
                html = chordsketch.parse_and_render_html_with_warnings(text, None, 0)
                print(json.dumps({"problems": problems, "warnings": list(rendered.warnings) + list(html.warnings), "text": rendered.output}))
                """
            let run = try ExternalTools.run(Self.python!, ["-c", script], input: chart)
            #expect(run.status == 0, "\(run.error)")
            let result = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] ?? [:]
            #expect((result["problems"] as? [String]) == [], "\(meter): \(result["problems"] ?? "")")
            #expect((result["warnings"] as? [String]) == [], "\(meter): \(result["warnings"] ?? "")")
            let text = result["text"] as? String ?? ""
            // Rendered as grids with their bar lines, not as lyrics under chords.
            #expect(text.contains("Grid: Verse 1") || text.contains("Grid: Verse"), "\(text)")
            #expect(text.contains("| Em . C . |") || text.contains("| G . . |"), "\(text)")
        }
    }

    @Test(.enabled(if: chordii != nil, "chordii not installed (scripts/setup installs it)"))
    func chordiiRendersTheChartKnowingEveryChord() throws {
        let folder = TemporaryFolder()
        // Directives of ChordPro 6 that chordii 4.5 (ChordPro 4.6) predates.
        let predates = ["key", "tempo", "time", "start_of_grid", "end_of_grid"]
        for (meter, map) in Self.charts {
            let path = folder.path("chart.cho"), output = folder.path("chart.ps")
            try ChordProChart.render(map, title: "Rendered \(meter)").write(toFile: path, atomically: true, encoding: .utf8)
            let run = try ExternalTools.run(Self.chordii!, ["-o", output, path])
            #expect(run.status == 0)
            let warnings = run.error.split(separator: "\n").filter { $0.hasPrefix("WARNING") }
            for warning in warnings {
                let directive = warning.split(separator: "[").last?.split(separator: "]").first.map(String.init) ?? ""
                #expect(warning.contains("Invalid Directive") && predates.contains(directive), "\(meter): \(warning)")
            }
            let postscript = try String(contentsOfFile: output, encoding: .isoLatin1)
            #expect(postscript.hasPrefix("%!PS") && postscript.contains("Rendered"))
        }
    }
}
