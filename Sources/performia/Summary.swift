import Foundation
import PerformiaEngine

/// The one-line human summary printed per analysed file.
enum Summary {
    static func line(_ map: SongMap, written path: String) -> String {
        let bars = map.beats.last?.bar ?? 0
        let minutes = Int(map.source.durationSeconds) / 60, seconds = Int(map.source.durationSeconds) % 60
        var text = String(format: "%@  %d:%02d  %.1f BPM  %@  %d beats, %d bars  (%.0f× real time) -> %@",
                          (map.source.path as NSString).lastPathComponent, minutes, seconds, map.tempo.bpm,
                          map.meter.timeSignature, map.beats.count, bars, map.analysis.realTimeFactor, path)
        for warning in map.analysis.warnings { text += "\n  warning: \(warning)" }
        return text
    }
}
