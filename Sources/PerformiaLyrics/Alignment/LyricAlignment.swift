import PerformiaMusic
import Foundation

/// Lyrics placed in time: every line of a `LyricSheet` with its words and syllables, in seconds
/// from the start of the audio, a confidence per line, and words that could not be placed flagged
/// (never spread evenly to look placed).
public struct LyricAlignment: Sendable, Equatable {
    public struct Syllable: Sendable, Equatable {
        /// As written, a trailing `-` when the word goes on (`Sun-`, `day`).
        public var text: String
        public var start: Double
        public var end: Double
    }

    public struct Word: Sendable, Equatable {
        public var text: String
        public var key: String
        /// Nil when the word could not be placed (`problem` says why).
        public var start: Double?
        public var end: Double?
        public var syllables: [Syllable]
        /// Where its pronunciation came from; nil when none was found.
        public var pronunciation: Pronunciation.Source?
        /// Why the word has no times (`not in any lexicon`, `not Latin script`, `not heard`).
        public var problem: String?
    }

    public struct Chord: Sendable, Equatable {
        public var symbol: String
        /// Index into the line's words, nil for a chord after the words or on a line of chords.
        public var word: Int?
        /// When the chart's chord was heard (from the chords the analysis found), if it was.
        public var time: Double?
    }

    public struct Line: Sendable, Equatable {
        public var section: String
        public var sectionNumber: Int
        public var chartLine: Int
        public var words: [Word]
        public var chords: [Chord]
        /// 0…1: how sure the placement is (see `LyricAligner`).
        public var confidence: Double
        public var start: Double? { words.compactMap(\.start).min() }
        public var end: Double? { words.compactMap(\.end).max() }
    }

    public var lines: [Line]
    /// What the voice was heard on (`vocals`: the separated vocal stem; `mix`).
    public var heardOn: String

    public var words: [Word] { lines.flatMap(\.words) }

    /// `start<TAB>end<TAB>word`, one placed word a line (the evaluation kit's `lyrics.tsv`).
    public func wordsTSV() -> String {
        var out = "# start\tend\tword (Performia lyric alignment; unplaced words left out)\n"
        for word in words {
            guard let start = word.start, let end = word.end else { continue }
            out += "\(Self.seconds(start))\t\(Self.seconds(end))\t\(word.text.filter { $0 != "\t" })\n"
        }
        return out
    }

    /// `start<TAB>end<TAB>syllable`, `-` ending a syllable the word goes on from (`syllables.tsv`).
    public func syllablesTSV() -> String {
        var out = "# start\tend\tsyllable (Performia lyric alignment)\n"
        for word in words where word.start != nil {
            for syllable in word.syllables {
                out += "\(Self.seconds(syllable.start))\t\(Self.seconds(syllable.end))\t\(syllable.text.filter { $0 != "\t" })\n"
            }
        }
        return out
    }

    static func seconds(_ t: Double) -> String {
        String(format: "%.3f", t)
    }
}
