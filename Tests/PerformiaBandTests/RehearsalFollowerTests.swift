import PerformiaAnalysis
import PerformiaBand
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

    @Test func followingAllocatesNothing() {
        var follower = RehearsalFollower(beatChords: song)
        var guess = ChordLabel.noChord
        let allocations = countAllocations {
            for i in 0..<64 {
                follower.observe(i % 8 < 4 ? c : am)
                guess = follower.predict(beatsAhead: 2).chord
            }
        }
        #expect(allocations == 0)
        #expect(!guess.isNoChord)
    }
}
