import Foundation
import PerformiaEngine

/// The human summary printed per analysed file: a line with length, key, tempo, meter, beats
/// and where the Song Map went, then its chords and sections (`SongMapOverview`), then warnings.
enum Summary {
    static func line(_ map: SongMap, written path: String) -> String {
        let bars = map.beats.last?.bar ?? 0
        let overview = SongMapOverview(map)
        let tempo = map.tempo.bpm.map { String(format: "%.1f BPM", $0) } ?? "no tempo"
        var text = String(format: "%@  %@  %@%@  %@  %d beats, %d bars  (%.0f× real time) -> %@",
                          (map.source.path as NSString).lastPathComponent, clock(map.source.durationSeconds),
                          overview.keyName.map { $0 + "  " } ?? "", tempo,
                          map.meter.timeSignature, map.beats.count, bars, map.analysis.realTimeFactor, path)
        if !overview.chords.isEmpty { text += "\n  chords    " + overview.chords.joined(separator: "  ") }
        if !overview.sections.isEmpty {
            text += "\n  sections  " + overview.sections.map { "\($0.name) \(clock($0.startSeconds))" }.joined(separator: " · ")
        }
        for warning in map.analysis.warnings { text += "\n  warning: \(warning)" }
        return text
    }

    /// What to do next with the Song Map at `path`, printed once after the summaries.
    static func nextSteps(songMap path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath + "/"
        let shown = path.hasPrefix(directory) ? String(path.dropFirst(directory.count)) : path
        let chart = "performia chart \(shown)", live = "performia live --song-map \(shown)"
        let width = max(chart.count, live.count) + 3
        func padded(_ text: String) -> String { text + String(repeating: " ", count: width - text.count) }
        return "Next: \(padded(chart))a chord chart to play from (ChordPro)\n"
            + "      \(padded(live))a band that has rehearsed the song plays along with you"
    }

    /// `m:ss`.
    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
