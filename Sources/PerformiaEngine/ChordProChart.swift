import Foundation
import PerformiaMusic

/// Renders a Song Map as a ChordPro chart a musician can play from: the key, tempo and time
/// signature as directives, a chord diagram (`{define}`, `GuitarChordShape`) for every chord it
/// uses, and each section as a ChordPro 6 chord grid (`{start_of_grid: label="Verse 2"
/// shape="4x4"}`, unlabelled sections as `Part B`): four bars to a line, a cell a beat, `|`
/// between bars, `.` where the chord holds (`| G . . D7 |`), `N.C.` where none sounds. Real
/// ChordPro programs render it as a chart (bar lines the format defines, not lyrics);
/// `ChartChords` reads it back beat for beat. It builds a `ChartDocument` and writes it with
/// `ChordProWriter`.
public enum ChordProChart {
    public static let barsPerLine = 4

    public static func render(_ map: SongMap, title: String) -> String {
        ChordProWriter.text(document(map, title: title))
    }

    /// The chart of `map` as a document (what `render` writes).
    public static func document(_ map: SongMap, title: String) -> ChartDocument {
        var lines: [ChartLine] = [.directive(ChartDirective("title", title))]
        if let key = map.key { lines.append(.directive(ChartDirective("key", chartKeyName(key.name)))) }
        if let bpm = map.tempo.bpm { lines.append(.directive(ChartDirective("tempo", "\(Int(bpm.rounded()))"))) }
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
        let barCells = bars.map { bar in bar.beats.map { chordSymbol(at: $0, in: map) } }
        lines += definitions(barCells.flatMap { $0 })
        var counts: [String: Int] = [:]
        var barIndex = 0
        for block in blocks {
            lines.append(.blank)
            let heading: String
            if let label = block.label {
                counts[label, default: 0] += 1
                let total = blocks.filter { $0.label == label }.count
                heading = label.prefix(1).uppercased() + label.dropFirst() + (total > 1 ? " \(counts[label]!)" : "")
            } else {
                heading = "Part \(block.group)"
            }
            let cellsPerBar = block.bars.map { $0.beats.count }.max() ?? map.meter.beatsPerBar
            lines.append(.directive(ChartDirective("start_of_grid", "label=\"\(heading)\" shape=\"\(barsPerLine)x\(cellsPerBar)\"")))
            let barLine = GridLine.Cell.barLine(Array("|".utf8))
            var line = GridLine()
            for (index, _) in block.bars.enumerated() {
                line.cells.append(barLine)
                var previous: ChordSymbol?
                for symbol in barCells[barIndex] {
                    line.cells.append(symbol == previous ? .hold : .chords([symbol]))
                    previous = symbol
                }
                barIndex += 1
                if (index + 1) % barsPerLine == 0 || index + 1 == block.bars.count {
                    line.cells.append(barLine)
                    lines.append(.grid(line))
                    line = GridLine()
                }
            }
            lines.append(.directive(ChartDirective("end_of_grid")))
        }
        return ChartDocument(lines: lines)
    }

    /// `{define}` of every chord in `symbols` with a guitar shape (`GuitarChordShape`), in the
    /// order they first appear: no chord on the chart lacks a diagram, whichever program renders
    /// it.
    static func definitions(_ symbols: [ChordSymbol]) -> [ChartLine] {
        var defined: [[UInt8]] = []
        var lines: [ChartLine] = []
        for symbol in symbols where !defined.contains(symbol.text) {
            defined.append(symbol.text)
            guard let shape = GuitarChordShape(symbol: symbol) else { continue }
            lines.append(.directive(ChartDirective("define", symbol.string + " " + shape.chordProDefinition)))
        }
        return lines
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
