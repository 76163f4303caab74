import Foundation
import PerformiaMusic
import PerformiaTestSupport
import Testing
@testable import PerformiaLyrics

/// The whole aligner on spoken lines (no music: no beats, no chords, so no anchors): the words
/// are placed in order with their syllables, and a chart whose words are not the ones spoken
/// gets a low confidence on every line.
@Suite struct LyricAlignerTests {
    @Test func confidenceTellsTheRightWordsFromOthers() throws {
        let folder = TemporaryFolder()
        let voice = try SphinxAlignerTests.speech("the morning sun is bright and we drive along the river", folder: folder, name: "v.wav")
        let aligner = try LyricAligner(dictionary: SyllableDictionary(lexicon: PronouncingLexiconTests.lexicon))
        func align(_ chart: String) throws -> LyricAlignment {
            aligner.align(LyricSheet(try ChordProReader.read(chart).document), voice: voice,
                          music: .init(beats: [], chords: []), heardOn: "mix")
        }
        let right = try align("[C]The morning sun is bright\n[G]and we drive along the river\n")
        let words = right.words
        #expect(words.count == 11 && words.allSatisfy { $0.start != nil })
        #expect(zip(words, words.dropFirst()).allSatisfy { $0.start! <= $1.start! })
        #expect(words[1].syllables.map(\.text) == ["morn-", "ing"])
        let wrong = try align("[C]Purple elephants dance tonight\n[G]quickly over seven green hills\n")
        let rightConfidence = right.lines.map(\.confidence), wrongConfidence = wrong.lines.map(\.confidence)
        #expect(rightConfidence.allSatisfy { $0 >= 0.4 } && wrongConfidence.allSatisfy { $0 <= 0.2 }, "\(rightConfidence) \(wrongConfidence)")
        #expect(right.wordsTSV().split(separator: "\n").count == 12 && right.syllablesTSV().contains("morn-"))
    }
}
