import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import Testing

@Suite struct ChordAnticipatorTests {
    let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .major)

    /// A looped C–Am–F–G progression (a bar each, 4/4), each beat decided when the beat before it
    /// has been heard, with a change likely on downbeats only. The share of beats played with the
    /// right chord in the first loop and in the last two.
    func playLoops(_ loops: Int, rehearsed: Bool = false) -> (firstLoop: Double, lastLoops: Double) {
        var anticipator = ChordAnticipator()
        if rehearsed { anticipator.rehearse([c, am, f, g, c, am, f, g], durationsBeats: [4, 4, 4, 4, 4, 4, 4, 4]) }
        let progression = [c, am, f, g]
        var correctFirst = 0, correctLast = 0, countLast = 0
        for beat in 0..<(loops * 16) {
            if beat > 0 {
                let heard = progression[((beat - 1) / 4) % 4]
                anticipator.hear(heard, fromBeat: (beat - 1) / 4 * 4)
                if (beat - 1) % 4 == 0 && beat > 1 { anticipator.heardChange(onBeat: beat - 1, to: heard) }
            }
            let decision = anticipator.decide(beat: beat, changeProbability: beat % 4 == 0 ? 0.8 : 0.02, modelNext: nil)
            let right = decision.chord == progression[(beat / 4) % 4]
            if beat < 16 && right { correctFirst += 1 }
            if beat >= (loops - 2) * 16 {
                countLast += 1
                if right { correctLast += 1 }
            }
        }
        return (Double(correctFirst) / 16, Double(correctLast) / Double(countLast))
    }

    @Test func repeatsAreAnticipatedOnTheBeat() {
        let result = playLoops(6)
        #expect(result.firstLoop <= 0.8, "without history the changes come a beat late")
        #expect(result.lastLoops == 1, "once the progression repeats, every change is on its beat")
    }

    @Test func aRehearsedSongIsAnticipatedTheFirstTimeThrough() {
        let cold = playLoops(2)
        let rehearsed = playLoops(2, rehearsed: true)
        #expect(rehearsed.firstLoop > cold.firstLoop)
        // Only the first change waits: the memory needs two heard chords to find its place.
        #expect(rehearsed.firstLoop >= 14.0 / 16, "\(rehearsed.firstLoop)")
    }

    @Test func noChangeIsBetOnWhereChangesAreUnlikely() {
        var anticipator = ChordAnticipator()
        for (i, chord) in [c, g, c, g].enumerated() { anticipator.hear(chord, fromBeat: i * 4) }
        // The memory expects C after G, but not on the second beat of a bar.
        #expect(anticipator.decide(beat: 13, changeProbability: 0.05, modelNext: nil).chord == g)
        #expect(anticipator.decide(beat: 16, changeProbability: 0.8, modelNext: nil).chord == c)
    }

    @Test func aSourceThatKeepsMissingLosesTrust() {
        var anticipator = ChordAnticipator()
        anticipator.hear(c, fromBeat: 0)
        let wrong = (chord: f, probability: 0.9)
        let trusted = anticipator.expectedChange(modelNext: wrong)?.probability ?? 0
        // The model says F after C four times; the player goes to G each time.
        for k in 1...4 {
            _ = anticipator.decide(beat: 8 * k, changeProbability: 0.8, modelNext: wrong)
            anticipator.hear(g, fromBeat: 8 * k)
            anticipator.heardChange(onBeat: 8 * k, to: g)
            anticipator.hear(c, fromBeat: 8 * k + 4)
        }
        let after = anticipator.expectedChange(modelNext: wrong)
        // Now the song's own C → G is the surer bet.
        #expect(after?.chord == g)
        let modelOnly = anticipator.precisionOfModel
        #expect(modelOnly < trusted)
    }

    @Test func noChordIsPlayedAsNoChord() {
        var anticipator = ChordAnticipator()
        #expect(anticipator.decide(beat: 0, changeProbability: 0.8, modelNext: nil).chord.isNoChord)
    }
}
