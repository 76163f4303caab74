/// How a word sounds: its syllables, each a run of ARPAbet phones without stress marks (`S AH N`,
/// `D EY` for "Sunday"), as pocketsphinx's US English acoustic model names them.
public struct Pronunciation: Sendable, Equatable {
    /// Where a pronunciation came from, best first.
    public enum Source: String, Sendable, Equatable {
        /// Festival's syllabified CMU dictionary (festlex-cmu): syllables as the lexicon cuts them.
        case festivalLexicon = "festlex-cmu"
        /// pocketsphinx's CMU dictionary (cmudict-en-us.dict), cut into syllables by vowel nuclei.
        case sphinxDictionary = "cmudict-en-us"
        /// espeak-ng's letter-to-sound rules (the `espeak-ng` program), for words outside both lexicons.
        case espeak = "espeak-ng"
    }

    public var syllables: [[String]]
    public var source: Source

    public init(syllables: [[String]], source: Source) {
        self.syllables = syllables
        self.source = source
    }

    public var phones: [String] { syllables.flatMap { $0 } }

    /// The ARPAbet vowels (syllable nuclei).
    public static let vowels: Set<String> = [
        "AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
    ]

    /// Cuts a flat phone string into syllables, one per vowel: the consonants between two vowels go
    /// to the second (a single one) or are shared, the last to the second (a cluster), so `S AH N D
    /// EY` becomes `S AH N | D EY`. Used only where the lexicon does not syllabify.
    public static func syllabify(_ phones: [String]) -> [[String]] {
        let nuclei = phones.indices.filter { vowels.contains(phones[$0]) }
        guard nuclei.count > 1 else { return phones.isEmpty ? [] : [phones] }
        var cuts: [Int] = []
        for (a, b) in zip(nuclei, nuclei.dropFirst()) {
            let consonants = b - a - 1
            cuts.append(consonants <= 1 ? a + 1 : b - 1)
        }
        var out: [[String]] = []
        var start = 0
        for cut in cuts {
            out.append(Array(phones[start..<cut]))
            start = cut
        }
        out.append(Array(phones[start...]))
        return out
    }
}
