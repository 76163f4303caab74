import PerformiaMusic
/// What a lyric word sounds like and how it is written in syllables: the lexicon's pronunciation
/// (festlex-cmu, then pocketsphinx's CMU dictionary, then espeak-ng), and the written word cut by
/// libhyphen into as many visible pieces as it has syllables (`Sun-` `day`).
public final class SyllableDictionary {
    public let lexicon: PronouncingLexicon
    private let hyphenator: Hyphenator
    private let espeak: EspeakPhonemizer
    private var cache: [String: Pronunciation?] = [:]

    public init(lexicon: PronouncingLexicon, resources: LanguageResources = .debian) throws(LyricsError) {
        self.lexicon = lexicon
        hyphenator = try Hyphenator(patterns: resources.hyphenationPatterns)
        espeak = EspeakPhonemizer(program: resources.espeakProgram)
    }

    /// Pronunciations of many words at once (espeak-ng is asked only for the ones the lexicons lack).
    public func pronunciations(of keys: [String]) -> [Pronunciation?] {
        let unknown = Array(Set(keys.filter { cache[$0] == nil && lexicon.pronunciation(of: $0) == nil && LyricWord.isLatin($0) })).sorted()
        for (key, found) in zip(unknown, espeak.pronunciations(of: unknown)) { cache[key] = .some(found) }
        return keys.map { key in
            if let known = lexicon.pronunciation(of: key) { return known }
            return cache[key] ?? nil
        }
    }

    /// The written word (punctuation dropped, as sung) in `count` visible syllables, a trailing `-`
    /// on every piece but the last.
    public func visibleSyllables(_ written: String, count: Int) -> [String] {
        let bare = String(written.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == "'" || $0 == "\u{2019}" || ("0"..."9").contains($0) }.map(Character.init))
        let word = bare.isEmpty ? written : bare
        let pieces = hyphenator.pieces(word, count: max(1, count))
        return pieces.enumerated().map { $0.offset + 1 < pieces.count ? $0.element + "-" : $0.element }
    }
}
