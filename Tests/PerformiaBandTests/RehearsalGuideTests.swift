import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import Testing

/// `RehearsalGuide` alone: the chord it expects and how it arbitrates the chord of a beat.
@Suite struct RehearsalGuideTests {
    let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .major)

    func heard(_ chord: ChordLabel) -> ChordAnticipator.Decision { .init(chord: chord, next: chord, anticipated: false) }

    @Test func withoutARehearsalItExpectsNothingAndChangesNothing() {
        var guide = RehearsalGuide()
        #expect(guide.expectedChord() == .noChord)
        #expect(guide.arbitrate(heard(c), beat: 5, completedThrough: 3, heard: c) == heard(c))
    }

    @Test func aFollowedSongNamesTheNextChangeAndPlaysItOnItsBeat() {
        var guide = RehearsalGuide()
        guide.rehearse(RehearsedSong(chords: [c, am, f, g, c, am, f, g], durationsBeats: Array(repeating: 4, count: 8),
                                     tempoBPM: 100))
        // Three bars heard as written, and three beats of the fourth's G.
        var beat = 0
        for chord in [c, am, f] {
            for _ in 0..<4 {
                guide.observe(chord, beat: beat, skippedBeats: 0, liveBPM: 100)
                beat += 1
            }
        }
        for _ in 0..<3 {
            guide.observe(g, beat: beat, skippedBeats: 0, liveBPM: 100)
            beat += 1
        }
        // Beat 15 is G's last; beat 16 brings C: expected, and played though the band hears G.
        let played = guide.arbitrate(heard(g), beat: 16, completedThrough: 14, heard: g)
        #expect(played.chord == c && played.anticipated, "\(played)")
        #expect(guide.arbitrate(heard(g), beat: 15, completedThrough: 14, heard: g).chord == g)
        // Before any beat is heard to its end the guide keeps out.
        #expect(guide.arbitrate(heard(g), beat: 16, completedThrough: Int.min, heard: g) == heard(g))
        guide.reset()
        #expect(guide.expectedChord() == .noChord)
    }

    @Test func aLyricSheetIsFollowedAsASheet() {
        var guide = RehearsalGuide()
        // Lengths unknown: the sheet's order of chords is what the guide knows.
        guide.rehearse(RehearsedSong(chords: [c, am, f, g], durationsBeats: [0, 0, 0, 0], tempoBPM: 0))
        for beat in 0..<4 { guide.observe(c, beat: beat, skippedBeats: 0, liveBPM: 100) }
        #expect(guide.expectedChord() == am)
    }
}
