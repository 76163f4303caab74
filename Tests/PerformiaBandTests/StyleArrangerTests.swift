import PerformiaAnalysis
import PerformiaBand
import Testing

/// How `StyleArranger` ends its cues: a fill with its bar, a count-in with its first full bar.
@Suite struct StyleArrangerTests {
    typealias F = StyleFixtures

    /// Arranges `beats` beats in 4/4 on C, the first at bar position `firstInBar` (1-based); the
    /// notes of each beat, and the direction after it.
    func play(_ arranger: StyleArranger, beats: Int, firstInBar: Int,
              before: (Int, StyleArranger) -> Void = { _, _ in }) -> [(notes: [BandNote], after: BandDirection)] {
        var out: [(notes: [BandNote], after: BandDirection)] = []
        for beat in 0..<beats {
            before(beat, arranger)
            var notes: [BandNote] = []
            let context = BeatContext(beat: beat, beatInBar: (firstInBar - 1 + beat) % 4 + 1, beatsPerBar: 4, chord: F.c,
                                      nextChord: F.c, beatsUntilNextChord: 4, tempoBPM: 120)
            arranger.arrange(context) { notes.append($0) }
            out.append((notes, arranger.direction))
        }
        return out
    }

    @Test func aCountInLastsItsFirstFullBarThenTheBandComesInOnTheDownbeat() throws {
        let style = try F.style("pop")
        for firstInBar in [1, 3] {
            let arranger = StyleArranger(style: style, direction: BandDirection(intensity: 0.6, countIn: true), seed: 1)
            let beats = play(arranger, beats: 12, firstInBar: firstInBar)
            let countIn = firstInBar == 1 ? 4 : 6  // a full bar, after the rest of a bar begun mid-way
            for (i, beat) in beats.enumerated() {
                let onlyCount = beat.notes.count == 1 && beat.notes[0].pitch == style.countInNote && beat.notes[0].part == .drums
                #expect(onlyCount == (i < countIn), "beat \(i) from bar position \(firstInBar): \(beat.notes)")
                #expect(beat.after.countIn == (i < countIn - 1))
            }
            #expect(beats[countIn...].contains { $0.notes.contains { $0.part == .bass } })
        }
    }

    @Test func aFillRequestEndsWithItsBar() throws {
        let arranger = StyleArranger(style: try F.style("pop"), direction: BandDirection(intensity: 0.6), seed: 1)
        let beats = play(arranger, beats: 12, firstInBar: 1) { beat, arranger in
            if beat == 5 { arranger.direct { $0.fillRequested = true } }
        }
        #expect(beats.map(\.after.fillRequested) == [false, false, false, false, false, true, true, false, false, false, false, false])
    }
}
