import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaEngine
import PerformiaMusic

/// The song as rehearsed, for `BandGraph.rehearsal`: from the Song Map of an earlier take
/// (`performia analyze`) or from a ChordPro chart — its chords in order, how many beats each
/// lasts, and its tempo. Every refusal is one line naming the file.
enum RehearsalLoader {
    static func song(fromSongMap path: String) throws(LiveSessionError) -> RehearsedSong {
        guard let data = FileManager.default.contents(atPath: path) else { throw LiveSessionError("\(path): no such file") }
        let map: SongMap
        do {
            map = try JSONDecoder().decode(SongMap.self, from: data)
        } catch {
            throw LiveSessionError("\(path): not a Song Map (performia analyze writes one)")
        }
        var chords: [ChordLabel] = []
        var durations: [Int] = []
        var next = 0
        for segment in map.chords {
            guard let chord = ChordLabel(harte: segment.label) else {
                throw LiveSessionError("\(path): chord '\(segment.label)' is not Harte syntax")
            }
            var beats = 0
            while next < map.beats.count && map.beats[next].time < segment.end {
                if map.beats[next].time >= segment.start { beats += 1 }
                next += 1
            }
            guard beats > 0 else { continue }
            chords.append(chord)
            durations.append(beats)
        }
        guard chords.contains(where: { !$0.isNoChord }) else { throw LiveSessionError("\(path): the Song Map has no chords") }
        return RehearsedSong(chords: chords, durationsBeats: durations, tempoBPM: map.tempo.bpm ?? 0)
    }

    /// The chart at `path`, read and checked.
    static func chart(at path: String) throws(LiveSessionError) -> ChartChords {
        guard let data = FileManager.default.contents(atPath: path) else { throw LiveSessionError("\(path): no such file") }
        let chart: ChartChords
        do {
            chart = try ChartChords(ChordProReader.read(bytes: [UInt8](data)).document)
        } catch {
            throw LiveSessionError("\(path): \(error.description)")
        }
        guard chart.chords.contains(where: { !$0.isNoChord }) else { throw LiveSessionError("\(path): the chart has no chords") }
        return chart
    }

    static func song(fromChart chart: ChartChords) -> RehearsedSong {
        RehearsedSong(chords: chart.chords, durationsBeats: chart.durationsBeats, sameLengthAs: chart.sameLengthAs,
                      sameShapeAs: chart.sameShapeAs, syllables: chart.syllables, tempoBPM: chart.tempoBPM ?? 0)
    }
}
