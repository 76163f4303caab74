import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct LeadSheetFollowerTests {
    let g = ChordLabel(root: 7, quality: .major), em = ChordLabel(root: 4, quality: .minor)
    let c = ChordLabel(root: 0, quality: .major), d7 = ChordLabel(root: 2, quality: .dominantSeventh)
    let am = ChordLabel(root: 9, quality: .minor), f = ChordLabel(root: 5, quality: .major)

    /// A lyric sheet: verse lines G Em | C D7 | G Em | C D7, chorus lines F C | Am D7, the verse
    /// and the chorus again; no lengths. Lines 1 and 3 of each verse are alike, as are lines 2
    /// and 4 (and the second verse and chorus as the first); every line has two chords.
    var sheet: RehearsedSong {
        let verse = [g, em, c, d7, g, em, c, d7], chorus = [f, c, am, d7]
        let chords = verse + chorus + verse + chorus
        let verseLinks = [0, 1, 2, 3, 0, 1, 2, 3], chorusLinks = [8, 9, 10, 11]
        return RehearsedSong(chords: chords, durationsBeats: Array(repeating: 0, count: chords.count),
                             sameLengthAs: verseLinks + chorusLinks + verseLinks + chorusLinks,
                             sameShapeAs: Array(repeating: [0, 1], count: chords.count / 2).flatMap { $0 }, tempoBPM: 0)
    }

    /// Plays `chords` a bar (four beats) each from `beat` on, observing each beat.
    func play(_ chords: [ChordLabel], from beat: inout Int, into follower: inout LeadSheetFollower) {
        for chord in chords {
            for _ in 0..<4 {
                follower.observe(chord, beat: beat)
                beat += 1
            }
        }
    }

    @Test func itLearnsALineOnItsFirstHearingAndTimesTheLinesLikeIt() {
        var follower = LeadSheetFollower(sheet)
        var beat = 0
        play([g], from: &beat, into: &follower)
        follower.observe(em, beat: beat)
        beat += 1
        // Nothing is known of Em's length before it has been heard to end.
        #expect(follower.predict(beat: beat) == nil)
        for _ in 0..<3 {
            follower.observe(em, beat: beat)
            beat += 1
        }
        play([c, d7], from: &beat, into: &follower)
        // Line 3 (G Em, as line 1): two beats of G heard.
        for _ in 0..<2 {
            follower.observe(g, beat: beat)
            beat += 1
        }
        #expect(follower.predict(beat: beat) == g, "G's third beat")
        #expect(follower.predict(beat: beat + 1) == g, "G's fourth beat")
        #expect(follower.predict(beat: beat + 2) == em, "Em on the next bar line")
        #expect(follower.predict(beat: beat + 6) == c, "then C, a bar later")
        #expect(follower.predict(beat: beat + 10) == d7, "and D7 as written, not its triad")
    }

    @Test func aLineOfAsManyChordsIsTimedLikeTheFirstUntilItsOwnIsHeard() {
        var follower = LeadSheetFollower(sheet)
        var beat = 0
        play([g, em, c, d7, g, em, c, d7], from: &beat, into: &follower)
        // The chorus's F C has never been heard; a line of two chords has: a bar each.
        follower.observe(f, beat: beat)
        #expect(follower.predict(beat: beat + 1) == f)
        #expect(follower.predict(beat: beat + 4) == c)
    }

    @Test func aChordNeverHeardLastsItsSyllablesAtTheRateOfThoseHeard() {
        // G Em C D7 F, sung over 8, 8, 4, 12 and 5 syllables, nothing alike.
        let chords = [g, em, c, d7, f]
        let song = RehearsedSong(chords: chords, durationsBeats: Array(repeating: 0, count: 5),
                                 syllables: [8, 8, 4, 12, 5], tempoBPM: 0)
        var follower = LeadSheetFollower(song)
        var beat = 0
        play([g], from: &beat, into: &follower)
        follower.observe(em, beat: beat)
        beat += 1
        // No sung chord has been heard whole: nothing to go by.
        #expect(follower.lengthBeats(ofPosition: 2) == 0)
        for _ in 0..<3 {
            follower.observe(em, beat: beat)
            beat += 1
        }
        // Em: 8 syllables in a bar. C's 4 are half a bar (a whole bar, the least), D7's 12 a
        // bar and a half (two bars), F's 5 a bar.
        follower.observe(c, beat: beat)
        #expect(follower.lengthBeats(ofPosition: 2) == 4)
        #expect(follower.lengthBeats(ofPosition: 3) == 8)
        #expect(follower.predict(beat: beat + 3) == c)
        #expect(follower.predict(beat: beat + 4) == d7)
        #expect(follower.predict(beat: beat + 11) == d7)
        #expect(follower.predict(beat: beat + 12) == f)
        // In three, the same rate gives D7's 12 syllables two bars of three, rounded (1.5 → 2).
        follower.beatsPerBar = 3
        #expect(follower.lengthBeats(ofPosition: 3) == 6)
    }

    @Test func aBlipDoesNotLoseThePlaceAndAMishearedFirstBeatStartsTheChord() {
        var follower = LeadSheetFollower(sheet)
        var beat = 0
        play([g, em], from: &beat, into: &follower)
        // C, with a beat heard as Am in its middle.
        for chord in [c, c, am, c] {
            follower.observe(chord, beat: beat)
            beat += 1
        }
        #expect(follower.position == 2 && !follower.offSheet)
        // D7's first beat heard as F, then D7: the change was on the F.
        for chord in [f, d7, d7, d7] {
            follower.observe(chord, beat: beat)
            beat += 1
        }
        #expect(follower.position == 3)
        play([g, em, c], from: &beat, into: &follower)
        #expect(follower.predict(beat: beat) == d7, "D7 on the bar line after C")
        #expect(follower.predict(beat: beat + 4) == f, "and D7 a bar long, as learnt")
    }

    @Test func aRepeatedChorusIsFoundByItsChords() {
        var follower = LeadSheetFollower(sheet)
        var beat = 0
        play([g, em, c, d7, g, em, c, d7, f, c, am, d7], from: &beat, into: &follower)
        // The performer plays the chorus again instead of the verse: D7 → F is found two
        // chords on, at the second chorus, and it is timed as the first.
        play([f], from: &beat, into: &follower)
        #expect(follower.position == 20, "\(follower.position)")
        #expect(follower.predict(beat: beat) == c)
    }

    @Test func aChordHeldPastItsLengthLeavesTheChangeUntimed() {
        var follower = LeadSheetFollower(sheet)
        var beat = 0
        play([g, em, c, d7], from: &beat, into: &follower)
        play([g], from: &beat, into: &follower)
        // G was due to change on this beat; it did not: the performer holds on.
        follower.observe(g, beat: beat)
        beat += 1
        #expect(follower.predict(beat: beat) == nil)
        #expect(follower.predict(beat: beat + 1) == nil)
    }

    @Test func itsPrecisionIsItsPredictedChangesHeard() {
        var right = LeadSheetFollower(sheet), wrong = LeadSheetFollower(sheet)
        var beat = 0
        let verse = [g, em, c, d7, g, em, c, d7]
        for chord in verse {
            for _ in 0..<4 {
                _ = right.predict(beat: beat)
                right.observe(chord, beat: beat)
                beat += 1
            }
        }
        // The second follower hears every chord of line 3 and 4 for two bars: its bar-long
        // predictions come early.
        beat = 0
        for (i, chord) in verse.enumerated() {
            for _ in 0..<(i < 4 ? 4 : 8) {
                _ = wrong.predict(beat: beat)
                wrong.observe(chord, beat: beat)
                beat += 1
            }
        }
        #expect(right.precision > 0.8, "\(right.precision)")
        #expect(wrong.precision < 0.4, "\(wrong.precision)")
    }

    @Test func followingAllocatesNothing() {
        var follower = LeadSheetFollower(sheet)
        var predicted = 0
        let line = [g, em, c, d7]
        let allocations = countAllocations {
            for beat in 0..<96 {
                let chord = line[(beat / 4) % 4]
                if follower.predict(beat: beat) != nil { predicted += 1 }
                follower.observe(chord, beat: beat)
            }
        }
        #expect(allocations == 0)
        #expect(predicted > 40)
    }
}
