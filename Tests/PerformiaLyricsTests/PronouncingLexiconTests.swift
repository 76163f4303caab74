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

@Suite struct SyllableDictionaryTests {
    /// libhyphen with the minimums at one letter splits what a lyric sheet splits; the pieces
    /// always number the lexicon's syllables.
    @Test func visibleSyllablesFollowTheLexicon() throws {
        let dictionary = try SyllableDictionary(lexicon: PronouncingLexiconTests.lexicon)
        let sounds = dictionary.pronunciations(of: ["crazy", "evening", "sunday", "the"])
        #expect(sounds.map { $0?.syllables.count } == [2, 2, 2, 1])
        #expect(dictionary.visibleSyllables("crazy", count: 2) == ["cra-", "zy"])
        #expect(dictionary.visibleSyllables("Sunday,", count: 2) == ["Sun-", "day"])
        #expect(dictionary.visibleSyllables("evening", count: 2).count == 2)
        #expect(dictionary.visibleSyllables("strength", count: 1) == ["strength"])
        for word in ["wherever", "lanterns", "beautiful", "é"] {
            #expect(dictionary.visibleSyllables(word, count: 3).joined().replacingOccurrences(of: "-", with: "") == word || word.count < 3)
        }
    }

    /// A word in no lexicon is said by espeak-ng (run as a program); text in another script is
    /// not guessed at.
    @Test func wordsOutsideTheLexiconsComeFromEspeak() throws {
        let dictionary = try SyllableDictionary(lexicon: PronouncingLexiconTests.lexicon)
        let sounds = dictionary.pronunciations(of: ["performiafy", "日曜日"])
        let made = try #require(sounds[0])
        #expect(made.source == .espeak && made.syllables.count >= 3)
        #expect(made.phones.allSatisfy { !$0.isEmpty && $0 == $0.uppercased() })
        #expect(sounds[1] == nil)
    }
}
