import Foundation
import PerformiaMusic

/// Renders a Song Map as a ChordPro chart a musician can play from: the key, tempo and time
/// signature as directives, the sections as ChordPro environments (`{start_of_verse: Verse 2}`,
/// unlabelled ones as `{start_of_part: Part B}`), and the chords bar by bar, four bars to a line,
/// bars separated by `|`. A bar with one chord shows it once; a bar split in half shows two
/// (`[D] [C]`); any other split shows every beat, a dot where the chord holds (`[G] . . [D7]`).
/// It builds a `ChartDocument` and writes it with `ChordProWriter`.
public enum ChordProChart {
    public static let barsPerLine = 4

    public static func render(_ map: SongMap, title: String) -> String {
        ChordProWriter.text(document(map, title: title))
    }

    /// The chart of `map` as a document (what `render` writes).
    public static func document(_ map: SongMap, title: String) -> ChartDocument {
        var lines: [ChartLine] = [.directive(ChartDirective("title", title))]
        if let key = map.key { lines.append(.directive(ChartDirective("key", chartKeyName(key.name)))) }
        lines.append(.directive(ChartDirective("tempo", "\(Int(map.tempo.bpm.rounded()))")))
        lines.append(.directive(ChartDirective("time", map.meter.timeSignature)))
        if abs(map.tuning.cents) >= 15 {
            let direction = map.tuning.cents > 0 ? "sharp" : "flat"
            lines.append(.directive(ChartDirective("comment", "tuned \(Int(abs(map.tuning.cents).rounded())) cents \(direction) of A440 (A4 = \(String(format: "%.1f", map.tuning.referenceHz)) Hz)")))
        }
        let bars = barList(map)
        if bars.isEmpty {
            lines += [.blank, .directive(ChartDirective("comment", "no bars found"))]
            return ChartDocument(lines: lines)
        }
        let blocks = sectionBlocks(map, bars: bars)
        var counts: [String: Int] = [:]
        for block in blocks {
            lines.append(.blank)
            let environment: String
            let heading: String
            if let label = block.label {
                counts[label, default: 0] += 1
                let total = blocks.filter { $0.label == label }.count
                environment = label
                heading = label.prefix(1).uppercased() + label.dropFirst() + (total > 1 ? " \(counts[label]!)" : "")
            } else {
                environment = "part"
                heading = "Part \(block.group)"
            }
            lines.append(.directive(ChartDirective("start_of_\(environment)", heading)))
            var line = ChordLine()
            var barsInLine = 0
            for bar in block.bars {
                if barsInLine > 0 { line.append(text: " | ") }
                append(bar, map: map, to: &line)
                barsInLine += 1
                if barsInLine == barsPerLine {
                    lines.append(.chords(line))
                    line = ChordLine()
                    barsInLine = 0
                }
            }
            if barsInLine > 0 { lines.append(.chords(line)) }
            lines.append(.directive(ChartDirective("end_of_\(environment)")))
        }
        return ChartDocument(lines: lines)
    }

    /// Beat times of one bar (all its beats, downbeat first).
    struct Bar {
        var beats: [Double]
    }

    struct Block {
        var label: String?
        var group: String
        var bars: [Bar]
    }

    /// Bars in order; a pickup before the first downbeat is a bar of its own.
    static func barList(_ map: SongMap) -> [Bar] {
        var bars: [Bar] = []
        var currentBar: Int?
        for beat in map.beats {
            if beat.bar != currentBar {
                bars.append(Bar(beats: []))
                currentBar = beat.bar
            }
            bars[bars.count - 1].beats.append(beat.time)
        }
        return bars
    }

    /// Bars grouped by the section their first beat falls in (bars before the first section join
    /// it); one unlabelled block when there are no sections.
    static func sectionBlocks(_ map: SongMap, bars: [Bar]) -> [Block] {
        guard !map.sections.isEmpty else { return [Block(label: nil, group: "A", bars: bars)] }
        var blocks = map.sections.map { Block(label: $0.label, group: $0.group, bars: []) }
        for bar in bars {
            let t = bar.beats[0]
            var index = 0
            for (i, section) in map.sections.enumerated() where section.start <= t + 0.05 { index = i }
            blocks[index].bars.append(bar)
        }
        return blocks.filter { !$0.bars.isEmpty }
    }

    /// Writes one bar: its chord once, two halves (`[D] [C]`), or every beat with a dot where
    /// the chord holds (`[G] . . [D7]`).
    static func append(_ bar: Bar, map: SongMap, to line: inout ChordLine) {
        let symbols = bar.beats.map { chordSymbol(at: $0, in: map) }
        var changes = [0]
        for i in 1..<max(1, symbols.count) where i < symbols.count && symbols[i].text != symbols[i - 1].text { changes.append(i) }
        if changes.count == 1 {
            line.append(chord: symbols[0])
            return
        }
        let half = symbols.count / 2
        if changes == [0, half] && symbols.count % 2 == 0 {
            line.append(chord: symbols[0])
            line.append(text: " ")
            line.append(chord: symbols[half])
            return
        }
        for index in symbols.indices {
            if index > 0 { line.append(text: " ") }
            if changes.contains(index) { line.append(chord: symbols[index]) } else { line.append(text: ".") }
        }
    }

    /// The chord sounding just after `time` (a small offset keeps a change on the beat), as the
    /// Song Map spells it; N.C. where none sounds.
    static func chordSymbol(at time: Double, in map: SongMap) -> ChordSymbol {
        let t = time + 0.02
        guard let segment = map.chords.first(where: { $0.start <= t && t < $0.end }) else { return ChordSymbol(.noChord) }
        // A symbol outside the chart vocabulary (a hand-edited Song Map) is written as it is.
        return ChordSymbol(segment.symbol)
            ?? ChordSymbol(text: Array(segment.symbol.utf8), label: ChordLabel(harte: segment.label) ?? .noChord)
    }

    /// `G major` → `G`, `E minor` → `Em`.
    static func chartKeyName(_ name: String) -> String {
        let parts = name.split(separator: " ")
        guard parts.count == 2 else { return name }
        return String(parts[0]) + (parts[1] == "minor" ? "m" : "")
    }
}
