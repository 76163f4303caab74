import PerformiaMusic
import Testing

@Suite struct ChartChordsTests {
    let g = ChordLabel(root: 7, quality: .major), em = ChordLabel(root: 4, quality: .minor)
    let c = ChordLabel(root: 0, quality: .major), d7 = ChordLabel(root: 2, quality: .dominantSeventh)

    @Test func barsHalvesAndBeatsAreRead() throws {
        let chart = try ChartChords.read("""
            {title: Test}
            {tempo: 96}
            {time: 4/4}
            # a comment
            {start_of_verse: Verse}
            [G] | [Em] | [C] [D7] | [G] . . [D7]
            {end_of_verse}
            [G]
            """)
        #expect(chart.tempoBPM == 96 && chart.beatsPerBar == 4)
        #expect(chart.chords == [g, em, c, d7, g, d7, g])
        #expect(chart.durationsBeats == [4, 4, 2, 2, 3, 1, 4])
    }

    @Test func aLyricSheetGivesTheOrderOfItsChordsNotTheirLengths() throws {
        let chart = try ChartChords.read("""
            {time: 4/4}
            [G] | [D7]
            {start_of_verse}
            [G]Sunday morning, roll [Em]the windows down
            Words alone keep the chord
            [C]Follow the [D7]road wherev[G]er it [G]may go
            {end_of_verse}
            {start_of_chorus}
            [C]Oh, we are on [G]a Sunday drive
            {end_of_chorus}
            {chorus}
            [G] | [G]
            """)
        #expect(chart.chords == [g, d7, g, em, c, d7, g, c, g, c, g])
        // Bars give lengths; chords in the words do not (0), nor does a bar of the chord a lyric
        // line left sounding.
        #expect(chart.durationsBeats == [4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let soc = try ChartChords.read("{soc}\n[Am] | [F]\n{eoc}\n{chorus}")
        #expect(soc.chords.count == 4 && soc.durationsBeats == [4, 4, 4, 4])
    }

    @Test func theSyllablesSungOverEachChordAreCounted() throws {
        let chart = try ChartChords.read("""
            [G] | [D7]
            [G]Sunday morning, roll [Em]the windows down
            Words alone keep the chord
            And a pickup [C]follow the [D7]road wherev[G]er it may go
            """)
        #expect(chart.chords == [g, d7, g, em, c, d7, g])
        // Sun-day mor-ning roll | the win-dows down + Words a-lone keep the chord and a pick-up
        // | fol-low the | road wher-ev | er it may go (a word split by a chord counts in both).
        #expect(chart.syllables == [0, 0, 5, 14, 3, 3, 4])
        #expect(SyllableCounter.count("Paper lanterns in the evening air") == 10)
        // A rough count: time's e is silent, but isn't and rhythm are one vowel group each (9 sung).
        #expect(SyllableCounter.count("Time is moving, isn't it? Rhythm!") == 7)
        #expect(SyllableCounter.count("— 1, 2 —") == 0)
    }

    @Test func linesThatRepeatTheirChordsAreMarkedAsLastingAlike() throws {
        let d = ChordLabel(root: 2, quality: .major), am = ChordLabel(root: 9, quality: .minor)
        let chart = try ChartChords.read("""
            [G]Sunday morning, roll [Em]the windows down
            [C]Coffee in my hand and no[D7]where to be found
            [G]Radio is playing all [Em]the songs we know
            [C]Follow the [D]road wherev[G]er it may go
            {start_of_chorus}
            [C]Oh, we are on [G]a Sunday drive
            {end_of_chorus}
            [Am] | [C] [D7]
            {chorus}
            """)
        #expect(chart.chords == [g, em, c, d7, g, em, c, d, g, c, g, am, c, d7, c, g])
        // Line 3 repeats line 1; line 4 is not line 2 (three chords, not two; D7 and D alike);
        // the G at the end of line 4 is not a chord of line 1; written bars are alike by their
        // beats (two halves of a bar); the chorus played again repeats it.
        #expect(chart.sameLengthAs == [0, 1, 2, 3, 0, 1, 6, 7, 8, 9, 10, 11, 12, 12, 9, 10])
        // Lines of two chords share their places (C G of the chorus as G Em of line 1).
        #expect(chart.sameShapeAs == [0, 1, 0, 1, 0, 1, 6, 7, 8, 0, 1, 11, 12, 12, 0, 1])
    }

    @Test func compoundAndOddMeters() throws {
        let sixEight = try ChartChords.read("{time: 6/8}\n[G] | [C] [D7]")
        #expect(sixEight.beatsPerBar == 2 && sixEight.durationsBeats == [2, 1, 1])
        #expect(sixEight.meterWritten && sixEight.isCompound)
        let waltz = try ChartChords.read("{time: 3/4}\n[G] [Em] | [C] . [D7]")
        #expect(waltz.durationsBeats == [2, 1, 2, 1])
        #expect(waltz.meterWritten && !waltz.isCompound && waltz.beatsPerBar == 3)
        let threeEight = try ChartChords.read("{time: 3/8}\n[G] . .")
        #expect(threeEight.beatsPerBar == 3 && !threeEight.isCompound)
        let unsaid = try ChartChords.read("[G] | [C]")
        #expect(!unsaid.meterWritten && unsaid.beatsPerBar == 4)
    }

    /// A compound meter's tempo is the dotted quarter's as written, or, faster than a jig, the
    /// eighth note's (♪ = 180 is a slow 6/8 at 60 dotted quarters a minute), wherever `{time}` is.
    @Test(arguments: [("{time: 6/8}\n{tempo: 70}", 70.0), ("{time: 6/8}\n{tempo: 180}", 60),
                      ("{tempo: 180}\n{time: 6/8}", 60), ("{time: 12/8}\n{tempo: 150}", 50),
                      ("{time: 6/8}\n{tempo: 140}", 140), ("{time: 4/4}\n{tempo: 180}", 180),
                      ("{tempo: 180}", 180), ("{time: 3/8}\n{tempo: 180}", 180)])
    func aCompoundTempoIsCountedInDottedQuarters(header: String, dottedQuarterBPM: Double) throws {
        let chart = try ChartChords.read(header + "\n[G] | [C]")
        #expect(chart.tempoBPM == dottedQuarterBPM)
    }

    @Test func chordSymbolsAreReducedToTheVocabulary() {
        let cases: [(String, ChordLabel)] = [
            ("F#m7", ChordLabel(root: 6, quality: .minorSeventh)), ("Bbmaj7", ChordLabel(root: 10, quality: .majorSeventh)),
            ("C/E", c), ("A9", ChordLabel(root: 9, quality: .dominantSeventh)), ("Bdim", ChordLabel(root: 11, quality: .diminished)),
            ("Dsus", ChordLabel(root: 2, quality: .suspendedFourth)), ("Ebm7b5", ChordLabel(root: 3, quality: .diminished)),
            ("N.C.", .noChord), ("G6", g),
        ]
        for (symbol, chord) in cases { #expect(ChordSymbol(symbol)?.label == chord, "\(symbol)") }
        for bad in ["H", "Cxyz", "", "c"] { #expect(ChordSymbol(bad) == nil, "\(bad)") }
    }

    @Test func badChartsAreRefusedNamingTheLine() {
        let cases: [(String, String)] = [
            ("[G]Sunday morning, [Em7x]roll the windows down", "line 1: 'Em7x' is not a chord symbol"),
            ("[G]Sunday morning, [Em roll the windows down", "line 1: '[' without ']'"),
            ("[G] | [C] * [D]", "line 1: '*' in a bar"),
            ("{title: Song}\n{chorus}\n[G]", "line 2: {chorus} before any chorus with chords"),
            ("Just words, no chords at all", "no chords"),
            ("{time: 4/4}\n[G] | [Xq7]", "line 2: 'Xq7' is not a chord symbol"),
            ("[G] [C] [D]", "line 1: a bar of 3 beats in 4/bar"),
            ("[G | [C]", "line 1: '[' without ']'"),
            ("{time: four}\n[G]", "line 1: time signature 'four' is not N/D"),
            ("{tempo: fast}\n[G]", "line 1: tempo 'fast' is not a number of BPM"),
            (". [G] . .", "line 1: a bar starts with '.'"),
            ("{title: Empty}\n", "no chords"),
            // Found by the fuzz smoke test: a lone carriage return in a bar was quoted as is and
            // split the one-line message; control characters are quoted as '?'.
            ("[Am] | [C]\r. | [G]\n", "line 1: '?' in a bar"),
            ("{tempo: 9\u{0B}0}\n[G]", "line 1: tempo '9?0' is not a number of BPM"),
        ]
        for (text, message) in cases {
            do {
                _ = try ChartChords.read(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
                let oneLine = !error.description.contains { $0.isNewline }
                #expect(oneLine, "\(error.description.debugDescription)")
            }
        }
    }
}
