import Foundation

/// Renders a Song Map as a ChordPro chart a musician can play from: the key, tempo and time
/// signature as directives, the sections as ChordPro environments (`{start_of_verse: Verse 2}`,
/// unlabelled ones as `{start_of_part: Part B}`), and the chords bar by bar, four bars to a line,
/// bars separated by `|`. A bar with one chord shows it once; a bar split in half shows two
/// (`[D] [C]`); any other split shows every beat, a dot where the chord holds (`[G] . . [D7]`).
public enum ChordProChart {
    public static let barsPerLine = 4

    public static func render(_ map: SongMap, title: String) -> String {
        var out = "{title: \(title)}\n"
        if let key = map.key { out += "{key: \(chartKeyName(key.name))}\n" }
        out += "{tempo: \(Int(map.tempo.bpm.rounded()))}\n"
        out += "{time: \(map.meter.timeSignature)}\n"
        if abs(map.tuning.cents) >= 15 {
            let direction = map.tuning.cents > 0 ? "sharp" : "flat"
            out += "{comment: tuned \(Int(abs(map.tuning.cents).rounded())) cents \(direction) of A440 (A4 = \(String(format: "%.1f", map.tuning.referenceHz)) Hz)}\n"
        }
        let bars = barList(map)
        if bars.isEmpty {
            out += "\n{comment: no bars found}\n"
            return out
        }
        let blocks = sectionBlocks(map, bars: bars)
        var counts: [String: Int] = [:]
        for block in blocks {
            out += "\n"
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
            out += "{start_of_\(environment): \(heading)}\n"
            var line: [String] = []
            for bar in block.bars {
                line.append(barText(bar, map: map))
                if line.count == barsPerLine {
                    out += line.joined(separator: " | ") + "\n"
                    line = []
                }
            }
            if !line.isEmpty { out += line.joined(separator: " | ") + "\n" }
            out += "{end_of_\(environment)}\n"
        }
        return out
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

    static func barText(_ bar: Bar, map: SongMap) -> String {
        let symbols = bar.beats.map { chordSymbol(at: $0, in: map) }
        var changes = [0]
        for i in 1..<max(1, symbols.count) where i < symbols.count && symbols[i] != symbols[i - 1] { changes.append(i) }
        if changes.count == 1 { return "[\(symbols[0])]" }
        let half = symbols.count / 2
        if changes == [0, half] && symbols.count % 2 == 0 { return "[\(symbols[0])] [\(symbols[half])]" }
        return (0..<symbols.count).map { changes.contains($0) ? "[\(symbols[$0])]" : "." }.joined(separator: " ")
    }

    /// The chord sounding just after `time` (a small offset keeps a change on the beat).
    static func chordSymbol(at time: Double, in map: SongMap) -> String {
        let t = time + 0.02
        return map.chords.first { $0.start <= t && t < $0.end }?.symbol ?? "N.C."
    }

    /// `G major` → `G`, `E minor` → `Em`.
    static func chartKeyName(_ name: String) -> String {
        let parts = name.split(separator: " ")
        guard parts.count == 2 else { return name }
        return String(parts[0]) + (parts[1] == "minor" ? "m" : "")
    }
}
