import PerformiaAnalysis
import PerformiaBand
import Testing

@Suite struct ChordAnticipatorTests {
    let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .major)

    /// Plays a looped C–Am–F–G progression (a bar each, 4/4) heard `lag` beats late; returns the
    /// share of beats in the last loops where the band plays the right chord.
    func playLoops(_ loops: Int, lag: Int) -> (firstLoop: Double, lastLoops: Double) {
        var anticipator = ChordAnticipator()
        let progression = [c, am, f, g]
        var correctFirst = 0, correctLast = 0, countLast = 0
        for beat in 0..<(loops * 16) {
            // What the tracker has reported by the time beat `beat` is scheduled.
            let heardBeat = beat - lag
            if heardBeat >= 0 {
                let chordStart = heardBeat / 4 * 4
                anticipator.hear(progression[(heardBeat / 4) % 4], fromBeat: chordStart)
            }
            let decision = anticipator.decide(beat: beat, beatInBar: beat % 4 + 1, modelNext: nil)
            let right = decision.chord == progression[(beat / 4) % 4]
            if beat < 16 && right { correctFirst += 1 }
            if beat >= (loops - 2) * 16 { countLast += 1; if right { correctLast += 1 } }
        }
        return (Double(correctFirst) / 16, Double(correctLast) / Double(countLast))
    }

    @Test func repeatsAreAnticipatedOnTheBeat() {
        let result = playLoops(6, lag: 2)
        #expect(result.firstLoop < 0.8, "without history the changes come late")
        #expect(result.lastLoops == 1, "once the progression repeats, every change is on its beat")
    }

    @Test func aWrongAnticipationIsWithdrawn() {
        var anticipator = ChordAnticipator()
        // C (4) G (4) twice: the memory expects C after G on beat 16 …
        for (i, chord) in [c, g, c, g].enumerated() { anticipator.hear(chord, fromBeat: i * 4) }
        #expect(anticipator.decide(beat: 16, beatInBar: 1, modelNext: nil).chord == c)
        // … but the player stays on G: after the patience the band goes back to G and stays.
        #expect(anticipator.decide(beat: 17, beatInBar: 2, modelNext: nil).chord == c)
        #expect(anticipator.decide(beat: 18, beatInBar: 3, modelNext: nil).chord == g)
        #expect(anticipator.decide(beat: 19, beatInBar: 4, modelNext: nil).chord == g)
    }

    @Test func aConfidentModelAnticipatesOnlyOnADownbeat() {
        var anticipator = ChordAnticipator()
        for (i, chord) in [c, am, f].enumerated() { anticipator.hear(chord, fromBeat: i * 4) }
        anticipator.hear(g, fromBeat: 12)
        let sure = (chord: c, probability: 0.7)
        #expect(anticipator.decide(beat: 15, beatInBar: 4, modelNext: sure).chord == g)
        #expect(anticipator.decide(beat: 16, beatInBar: 1, modelNext: sure).chord == c)
        var unsure = ChordAnticipator()
        for (i, chord) in [c, am, f, g].enumerated() { unsure.hear(chord, fromBeat: i * 4) }
        #expect(unsure.decide(beat: 16, beatInBar: 1, modelNext: (chord: c, probability: 0.3)).chord == g)
    }

    @Test func noChordIsPlayedAsNoChord() {
        var anticipator = ChordAnticipator()
        #expect(anticipator.decide(beat: 0, beatInBar: 1, modelNext: nil).chord.isNoChord)
    }
}
