import Foundation

/// Writes the plain-text MIR files of ../shared/eval/README.md from a Song Map: `beats.txt`
/// (`time<TAB>beat_in_bar`), `tempo.txt` (one BPM value; none without a tempo), `chords.lab` (`start<TAB>end<TAB>Harte
/// label`), `key.txt` (`G major`), `keys.lab` (key segments), `sections.lab`
/// (`start<TAB>end<TAB>label`, the functional label or else the group letter) and, with lyrics,
/// `lyrics.tsv` and `syllables.tsv` (`start<TAB>end<TAB>word|syllable`, placed words only). Times in seconds, 3 decimals
/// (1 ms, well inside the ±70 ms beat tolerance).
public enum MIRExporter {
    public static func write(_ map: SongMap, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var beats = "# performia \(EngineVersion.string) beats: time\tbeat_in_bar\n"
        for b in map.beats { beats += String(format: "%.3f\t%d\n", b.time, b.beat) }
        try beats.write(to: directory.appendingPathComponent("beats.txt"), atomically: true, encoding: .utf8)
        if let bpm = map.tempo.bpm {
            try String(format: "%.2f\n", bpm)
                .write(to: directory.appendingPathComponent("tempo.txt"), atomically: true, encoding: .utf8)
        }
        var chords = ""
        for c in map.chords { chords += String(format: "%.3f\t%.3f\t", c.start, c.end) + c.label + "\n" }
        try chords.write(to: directory.appendingPathComponent("chords.lab"), atomically: true, encoding: .utf8)
        if let key = map.key {
            try (key.name + "\n").write(to: directory.appendingPathComponent("key.txt"), atomically: true, encoding: .utf8)
            var keys = ""
            for k in key.segments { keys += String(format: "%.3f\t%.3f\t", k.start, k.end) + k.name + "\n" }
            try keys.write(to: directory.appendingPathComponent("keys.lab"), atomically: true, encoding: .utf8)
        }
        // The label when it names one group only, else the group letter (the grouping is what
        // sections.lab carries).
        var groupsPerLabel: [String: Set<String>] = [:]
        for section in map.sections { if let label = section.label { groupsPerLabel[label, default: []].insert(section.group) } }
        var sections = ""
        for section in map.sections {
            var name = section.group
            if let label = section.label { name = groupsPerLabel[label]?.count == 1 ? label : label + "_" + section.group }
            sections += String(format: "%.3f\t%.3f\t", section.start, section.end) + name + "\n"
        }
        try sections.write(to: directory.appendingPathComponent("sections.lab"), atomically: true, encoding: .utf8)
        if let lyrics = map.lyrics {
            var words = "# performia \(EngineVersion.string) lyrics: start\tend\tword (words that could not be placed are left out)\n"
            var syllables = "# performia \(EngineVersion.string) syllables: start\tend\tsyllable\n"
            for word in lyrics.lines.flatMap(\.words) {
                guard let start = word.start, let end = word.end else { continue }
                words += String(format: "%.3f\t%.3f\t", start, end) + word.text + "\n"
                for syllable in word.syllables {
                    syllables += String(format: "%.3f\t%.3f\t", syllable.start, syllable.end) + syllable.text + "\n"
                }
            }
            try words.write(to: directory.appendingPathComponent("lyrics.tsv"), atomically: true, encoding: .utf8)
            try syllables.write(to: directory.appendingPathComponent("syllables.tsv"), atomically: true, encoding: .utf8)
        }
    }
}
