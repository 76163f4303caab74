import Testing
@testable import PerformiaLyrics

@Suite struct PronouncingLexiconTests {
    static let lexicon = try! PronouncingLexicon()

    @Test func festivalSyllablesComeFirst() throws {
        let sunday = try #require(Self.lexicon.pronunciation(of: "sunday"))
        #expect(sunday.source == .festivalLexicon)
        #expect(sunday.syllables == [["S", "AH", "N"], ["D", "EY"]])
        let evening = try #require(Self.lexicon.pronunciation(of: "evening"))
        #expect(evening.syllables.count == 2)
        #expect(Self.lexicon.pronunciation(of: "the")?.phones == ["DH", "AH"])
    }

    @Test func unknownWordsAreNil() {
        #expect(Self.lexicon.pronunciation(of: "zzyxqplorf") == nil)
    }
}
