import Testing
import PerformiaMusic

@Suite struct LyricSheetTests {
    static let chart = """
        {title: Test}
        {start_of_intro}
        [G] | [D7]
        {end_of_intro}
        {start_of_verse}
        Oh, [G]Sunday morn[Em]ing, roll the windows down [C]
        {end_of_verse}
        {start_of_chorus}
        [C]Sing a[G]long
        {end_of_chorus}
        {chorus}
        日曜日 [D]la la
        """

    @Test func wordsChordsSectionsAndRecalls() throws {
        let sheet = LyricSheet(try ChordProReader.read(Self.chart).document)
        #expect(sheet.lines.map(\.section) == ["intro", "verse", "chorus", "chorus", ""])
        #expect(sheet.lines.map(\.sectionNumber) == [1, 1, 1, 2, 0])
        #expect(sheet.lines[0].words.isEmpty && sheet.lines[0].chords.map(\.symbol) == ["G", "D7"])
        let verse = sheet.lines[1]
        #expect(verse.words.map(\.key) == ["oh", "sunday", "morning", "roll", "the", "windows", "down"])
        #expect(verse.words[0].text == "Oh,")
        #expect(verse.chords.map(\.word) == [1, 2, nil])
        #expect(verse.chords.map(\.atWordStart) == [true, false, false])
        #expect(sheet.lines[3].words.map(\.key) == ["sing", "along"] && sheet.lines[3].chartLine == sheet.lines[2].chartLine)
        #expect(sheet.lines[4].words.map(\.key) == ["日曜日", "la", "la"])
        #expect(!LyricWord.isLatin("日曜日") && LyricWord.isLatin("don't"))
        #expect(LyricWord.key("“Don’t,”") == "don't")
        #expect(sheet.wordCount == 14)
    }
}
