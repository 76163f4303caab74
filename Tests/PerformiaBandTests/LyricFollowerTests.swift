import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import Testing

/// The Living Chart's follower on a sheet played beat by beat (0.5 s beats, 4 to the bar).
@Suite struct LyricFollowerTests {
    static let chart = """
        {start_of_verse}
        [G]one two three four [C]five six seven eight
        [D]nine ten eleven twelve [G]a b c d
        {end_of_verse}
        {start_of_chorus}
        [Em]la la la la [A]do re mi fa
        {end_of_chorus}
        """

    static func follower() throws -> (LyricFollower, LyricSheet) {
        let sheet = LyricSheet(try ChordProReader.read(chart).document)
        let syllables = sheet.lines.map { $0.words.map { _ in 1 } }
        let follower = LyricFollower(sheet: sheet, syllables: syllables, beatsPerBar: 4)
        follower.leadSeconds = 0
        return (follower, sheet)
    }

    static func play(_ follower: LyricFollower, chords: [String], from beat: Int = 0) {
        for (i, symbol) in chords.enumerated() {
            follower.observe(beatTime: Double(beat + i) * 0.5, chord: ChordSymbol(symbol)!.label)
        }
    }

    /// Each chord a bar, a word a beat: the word sung on each beat is shown on it, the chart
    /// running ahead on the beat clock into the next chord's words before its change is heard.
    @Test func showsTheWordOnItsBeat() throws {
        let (follower, sheet) = try Self.follower()
        #expect(follower.place(at: 0) == nil)
        let bars = ["G", "C", "D", "G", "Em", "A"]
        Self.play(follower, chords: bars.flatMap { Array(repeating: $0, count: 4) }.prefix(9).map { $0 })
        // Beat 8 (4.0 s) was just heard (the change to D is known a beat late): 4.5 s is "ten".
        let place = try #require(follower.place(at: 4.6))
        #expect(place.line == 1 && sheet.lines[1].words[place.word!].key == "ten", "\(place)")
        #expect(place.chord == "D" && place.nextChord == "G" && place.onSheet)
    }

    /// A performer who leaves the verse for the chorus: the chart finds the chorus by the chords.
    @Test func findsItsPlaceWhenAPartIsSkipped() throws {
        let (follower, sheet) = try Self.follower()
        Self.play(follower, chords: Array(repeating: "G", count: 4) + Array(repeating: "C", count: 4)
                  + Array(repeating: "Em", count: 4) + Array(repeating: "A", count: 3))
        let place = try #require(follower.place(at: 7.1))
        #expect(sheet.lines[place.line].section == "chorus", "\(place)")
        #expect(place.chord == "A" || place.chord == "Em")
    }
}
