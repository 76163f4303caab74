import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic

/// The style files in Resources/styles and a driver that plays a progression through an
/// `Arranger`, beat by beat, as the conductor would.
enum StyleFixtures {
    static let names = ["rock", "pop", "funk", "jazz-swing", "bossa-nova", "waltz", "ballad", "classical-strings"]

    static let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    static let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .major)
    static let dm7 = ChordLabel(root: 2, quality: .minorSeventh), g7 = ChordLabel(root: 7, quality: .dominantSeventh)
    static let cmaj7 = ChordLabel(root: 0, quality: .majorSeventh), a7 = ChordLabel(root: 9, quality: .dominantSeventh)

    static func text(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Resources/styles/\(name).style"), encoding: .utf8)
    }

    static func style(_ name: String) throws -> Style { try StyleParser.parse(try text(name)) }

    /// A chord held for `beats` beats.
    struct Span {
        var chord: ChordLabel
        var beats: Int
    }

    /// One chord per bar.
    static func bars(_ chords: [ChordLabel], beatsPerBar: Int) -> [Span] {
        chords.map { Span(chord: $0, beats: beatsPerBar) }
    }

    /// Plays `spans` (the last chord followed by the first again), returning every note.
    /// `direction(beat)` gives the direction of each beat.
    static func play(_ arranger: Arranger, _ spans: [Span], beatsPerBar: Int, tempoBPM: Double = 120,
                     startBeat: Int = 0, direction: (Int) -> BandDirection) -> [BandNote] {
        var list = BandNoteList(capacity: 4096)
        var beat = startBeat
        for (i, span) in spans.enumerated() {
            let next = spans[(i + 1) % spans.count].chord
            for b in 0..<span.beats {
                arranger.arrangeBeat(beat, beatInBar: beat % beatsPerBar, beatsPerBar: beatsPerBar, chord: span.chord,
                                     nextChord: next, beatsUntilNextChord: span.beats - b, direction: direction(beat),
                                     tempoBPM: tempoBPM, into: &list)
                beat += 1
            }
        }
        var notes: [BandNote] = []
        for i in 0..<list.count { notes.append(list[i]) }
        return notes
    }

    static func play(_ arranger: Arranger, _ spans: [Span], beatsPerBar: Int, intensity: Double) -> [BandNote] {
        play(arranger, spans, beatsPerBar: beatsPerBar) { _ in BandDirection(intensity: intensity) }
    }
}

extension BandNote {
    var part: BandPart? {
        for part in BandPart.allCases where part.channel == channel { return part }
        return nil
    }
}
