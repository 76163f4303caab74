import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaSeparation

/// What `performia live` shows on a terminal, as plain lines that fit a width: the key legend
/// printed at the start and the status line redrawn in place while the band plays (what it
/// plays, then the direction: section, intensity and the parts that are on). Pure functions of
/// the status and the setting, so the view is tested without a terminal; the CLI only writes
/// the lines (`redraw`).
public enum LiveScreen {
    /// The key legend, one group per entry, in the order they are shown.
    static let legendGroups = [
        "keys: i intro, v verse, c chorus, b bridge, o outro", "f fill", "e ending", "+/- intensity",
        "1-5 drums/bass/keys/strings/guitar on/off", "q quit",
    ]

    /// The keys of a session with live stems (`performia live --stems`).
    static let stemLegendGroups = ["stems: D/B/O/V mute drums/bass/other/vocals", "!/@/#/$ solo", "[/] gain of the last stem -/+ 3 dB"]

    /// The key legend, broken between groups into lines of at most `width` columns (a group
    /// longer than the width is cut); with `stems`, the stem keys too.
    public static func legend(width: Int, stems: Bool = false) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        for group in legendGroups + (stems ? stemLegendGroups : []) {
            if line.isEmpty {
                line = group
            } else if line.count + 3 + group.count <= width {
                line += " | " + group
            } else {
                lines.append(line)
                line = group
            }
        }
        lines.append(line)
        return lines.map { fitted($0, width: width) }
    }

    /// `beat 17 | bar position 2 | G | key G major | 104 BPM | chorus | intensity 0.7 | parts
    /// drums bass keys`, cut to `width` columns. `status` is `LiveStatus.description`.
    public static func statusLine(status: String, setting: BandControl.Setting, width: Int) -> String {
        let section = setting.ending ? "ending" : setting.section?.rawValue ?? "no section"
        let intensity = (setting.intensity * 10).rounded() / 10
        let on = BandPart.allCases.filter { setting.enabledParts & (1 << UInt8($0.rawValue)) != 0 }.map(\.name)
        let parts = on.isEmpty ? "no parts" : "parts " + on.joined(separator: " ")
        return fitted(status + " | " + section + " | intensity " + String(intensity) + " | " + parts, width: width)
    }

    /// `stems drums -6 dB | bass muted | other | vocals solo`: the monitor mix.
    public static func stemLine(names: [String], setting: StemMixControl.Setting, width: Int) -> String {
        let parts = names.enumerated().map { s, name in
            var text = name
            if setting.isMuted(s) { text += " muted" }
            if setting.isSoloed(s) { text += " solo" }
            let gain = setting.gainDecibels(s)
            if gain != 0 { text += (gain > 0 ? " +" : " ") + String(gain) + " dB" }
            return text
        }
        return fitted("stems " + parts.joined(separator: " | "), width: width)
    }

    /// The Living Chart's line: `verse 1 | Coffee in my [hand] and nowhere to be found | next D7`,
    /// the word being sung in brackets, its syllable marked when the word has several (`[Sun]day`
    /// is not shown: the whole word is bracketed), cut to `width` columns around that word.
    public static func chartLine(_ place: LyricFollower.Place?, sheet: LyricSheet, width: Int) -> String {
        guard let place, place.line < sheet.lines.count else { return fitted("chart: waiting for its first chord…", width: width) }
        let line = sheet.lines[place.line]
        let section = line.section.isEmpty ? "" : line.section + (line.sectionNumber > 1 ? " \(line.sectionNumber)" : "") + " | "
        var words = line.words.map(\.text)
        if let w = place.word, w < words.count { words[w] = "[" + words[w] + "]" }
        let text = words.isEmpty ? line.chords.map(\.symbol).joined(separator: " ") : words.joined(separator: " ")
        let tail = " | " + place.chord + (place.nextChord.map { " → " + $0 } ?? "") + (place.onSheet ? "" : " (finding its place)")
        return fitted(section + text + tail, width: width)
    }

    /// Redraws several lines in place (the status and the Living Chart): each erased to its end,
    /// the cursor back on the first.
    public static func redraw(lines: [String]) -> String {
        guard lines.count > 1 else { return redraw(lines.first ?? "") }
        return "\r" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\u{1B}[\(lines.count - 1)A"
    }

    /// What redraws `line` in place on a terminal: back to the start of the line, the line,
    /// then erase to its end, so nothing of a longer line before it stays.
    public static func redraw(_ line: String) -> String {
        "\r" + line + "\u{1B}[K"
    }

    /// `line` cut to `width` columns, ending in `…` when cut.
    public static func fittedLine(_ line: String, width: Int) -> String { fitted(line, width: width) }

    /// `line` cut to `width` columns, ending in `…` when cut.
    static func fitted(_ line: String, width: Int) -> String {
        let width = max(1, width)
        guard line.count > width else { return line }
        return String(line.prefix(width - 1)) + "…"
    }
}
