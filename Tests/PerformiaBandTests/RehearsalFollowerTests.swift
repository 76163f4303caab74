import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct RehearsalFollowerTests {
    let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .dominantSeventh)
    let e = ChordLabel(root: 4, quality: .minor)

    /// Verse C Am F G, chorus F G Em Am (a bar each), verse, chorus: 64 beats.
    var song: [ChordLabel] {
        let verse = [c, am, f, g], chorus = [f, g, e, am]
        return (verse + chorus + verse + chorus).flatMap { Array(repeating: $0, count: 4) }
    }

    @Test func itFindsThePlaceAndKnowsTheNextChangeBeforeItSounds() {
        var follower = RehearsalFollower(beatChords: song)
        // The chorus: F and G for a bar each, then three beats of Em.
        for chord in [f, g] { for _ in 0..<4 { follower.observe(chord) } }
        for _ in 0..<3 { follower.observe(e) }
        let next = follower.predict(beatsAhead: 1)
        #expect(next.chord == e && next.probability > 0.6, "Em's fourth beat: \(next)")
        let change = follower.predict(beatsAhead: 2)
        #expect(change.chord == am && change.probability > 0.6, "then Am: \(change)")
    }

    @Test func aRepeatedSectionIsFollowedAfterTheJump() {
        var follower = RehearsalFollower(beatChords: song)
        // The verse twice in a row (the rehearsal had the chorus between): after the second
        // verse's G (G7 rehearsed: the same triad) the follower expects the chorus's F.
        for chord in [c, am, f, g, c, am, f] { for _ in 0..<4 { follower.observe(chord) } }
        for _ in 0..<3 { follower.observe(ChordLabel(root: 7, quality: .major)) }
        let change = follower.predict(beatsAhead: 2)
        #expect(change.chord == f && change.probability > 0.5, "\(change)")
    }

    @Test func aRehearsalCountedAtHalfTheLiveTempoIsFollowedInItsOctave() {
        // The rehearsal's beat tracker counted two beats a bar (a fast swing heard at half
        // tempo); live, the bar has four. The follower reads it from the tempo and the chords.
        let halfTempo = stride(from: 0, to: song.count, by: 2).map { song[$0] }
        var follower = RehearsalFollower(beatChords: halfTempo)
        for chord in [f, g] { for _ in 0..<4 { follower.observe(chord, liveBeatsPerRehearsedBeat: 1.9) } }
        for _ in 0..<3 { follower.observe(e, liveBeatsPerRehearsedBeat: 1.9) }
        #expect(follower.octaveProbability(chain: 1) > 0.9, "\(follower.octaveProbability(chain: 1))")
        let change = follower.predict(beatsAhead: 2)
        #expect(change.chord == am && change.probability > 0.6, "\(change)")
    }

    @Test func theTempoAloneDoesNotOverruleTheChords() {
        // The live tempo is 1.5 times the rehearsal's: between octaves; the chords decide.
        var follower = RehearsalFollower(beatChords: song)
        for chord in [c, am, f, g, f, g] { for _ in 0..<4 { follower.observe(chord, liveBeatsPerRehearsedBeat: 1.5) } }
        #expect(follower.octaveProbability(chain: 0) > 0.9, "\(follower.octaveProbability(chain: 0))")
    }

    @Test func aRehearsalThatIsNotTheSongAsPlayedLosesItsHitRate() {
        var right = RehearsalFollower(beatChords: song)
        var wrong = RehearsalFollower(beatChords: song.map { ChordLabel(root: (($0.root ?? 0) + 2) % 12, quality: $0.quality) })
        for chord in [c, am, f, g, f, g, e, am] {
            for _ in 0..<4 {
                right.observe(chord)
                wrong.observe(chord)
            }
        }
        #expect(right.changeHitRate > 0.5, "\(right.changeHits) of \(right.changeTrials)")
        #expect(wrong.changeHitRate < 0.2, "\(wrong.changeHits) of \(wrong.changeTrials)")
    }

    @Test func aChordHeardAsAnotherWithTheSameNotesKeepsThePlace() {
        // A verse whose Bm7b5 (B D F A; charted as Bdim) is heard as Dm (D F A), and a chorus
        // with a real Dm. Heard after the verse's Am7 and F, four beats of "Dm" are more likely
        // the Bm7b5 bar than a jump to the chorus: the follower expects the verse's E7, not G.
        let am7 = ChordLabel(root: 9, quality: .minorSeventh), dm = ChordLabel(root: 2, quality: .minor)
        let bdim = ChordLabel(root: 11, quality: .diminished), e7 = ChordLabel(root: 4, quality: .dominantSeventh)
        let verse = [am7, f, bdim, e7], chorus = [c, dm, g, c]
        let song = (verse + chorus + verse + chorus).flatMap { Array(repeating: $0, count: 4) }
        var follower = RehearsalFollower(beatChords: song)
        for chord in [am7, f, dm] { for _ in 0..<4 { follower.observe(chord, liveBeatsPerRehearsedBeat: 1) } }
        let next = follower.predict(beatsAhead: 1)
        #expect(next.chord == e7 && next.probability > 0.4, "\(next)")
    }

    @Test func theChordIsNamedAsRehearsed() {
        // Rehearsed with sevenths, heard as triads: the prediction is the rehearsal's Am7.
        let am7 = ChordLabel(root: 9, quality: .minorSeventh), cmaj7 = ChordLabel(root: 0, quality: .majorSeventh)
        let song = Array(repeating: [cmaj7, am7, f, g], count: 4).flatMap { $0 }.flatMap { Array(repeating: $0, count: 4) }
        var follower = RehearsalFollower(beatChords: song)
        for _ in 0..<4 { follower.observe(c) }
        for _ in 0..<3 { follower.observe(am) }
        let next = follower.predict(beatsAhead: 1)
        #expect(next.chord == am7 && next.probability > 0.5, "\(next)")
    }

    @Test func followingAllocatesNothing() {
        var follower = RehearsalFollower(beatChords: song)
        var guess = ChordLabel.noChord
        let allocations = countAllocations {
            for i in 0..<64 {
                follower.observe(i % 8 < 4 ? c : am, liveBeatsPerRehearsedBeat: 1.1)
                guess = follower.predict(beatsAhead: 2).chord
            }
        }
        #expect(allocations == 0)
        #expect(!guess.isNoChord)
    }
}
