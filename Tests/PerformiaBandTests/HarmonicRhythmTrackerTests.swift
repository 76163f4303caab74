import PerformiaAnalysis
import PerformiaBand
import Testing

@Suite struct HarmonicRhythmTrackerTests {
    @Test func itLearnsWhereTheChordsMoveEvenWhenTheTrackersDownbeatIsOff() {
        var rhythm = HarmonicRhythmTracker(beatsPerBar: 4)
        let barPrior = HarmonicRhythmPrior()
        // The beat tracker calls beat 0 a downbeat, but the chords move on beats 1, 5, 9, …
        func prior(_ beat: Int) -> Double { barPrior.changeProbability(beatInBar: beat % 4 + 1, beatsPerBar: 4) }
        #expect(rhythm.changeProbability(beat: 0, prior: prior(0)) > 0.3)
        for beat in 0..<32 { rhythm.observe(beat: beat, changed: beat % 4 == 1) }
        #expect(rhythm.changeProbability(beat: 33, prior: prior(33)) > 0.7)
        #expect(rhythm.changeProbability(beat: 32, prior: prior(32)) < 0.15)
        #expect(rhythm.changeProbability(beat: 34, prior: prior(34)) < 0.1)
    }

    @Test func aWaltzCountedInFourIsFoundFromItsChanges() {
        var rhythm = HarmonicRhythmTracker(beatsPerBar: 4)
        #expect(rhythm.cycleBeats == 4)
        // Chords move every three beats, on beats 0, 3, 6, …
        for beat in 0..<48 { rhythm.observe(beat: beat, changed: beat % 3 == 0) }
        #expect(rhythm.cycleBeats == 3)
        #expect(rhythm.changeProbability(beat: 51, prior: 0.04) > 0.7)
        #expect(rhythm.changeProbability(beat: 52, prior: 0.35) < 0.15)
    }

    @Test func chordsEveryTwoBarsAreFoundAndAOneBarRhythmStaysInTheCountedMeter() {
        var twoBars = HarmonicRhythmTracker(beatsPerBar: 4)
        for beat in 0..<64 { twoBars.observe(beat: beat, changed: beat % 8 == 0) }
        #expect(twoBars.cycleBeats == 8)
        #expect(twoBars.changeProbability(beat: 68, prior: 0.35) < 0.2, "the middle of the two bars")
        var oneBar = HarmonicRhythmTracker(beatsPerBar: 4)
        for beat in 0..<64 { oneBar.observe(beat: beat, changed: beat % 4 == 0) }
        #expect(oneBar.cycleBeats == 4)
    }
}
