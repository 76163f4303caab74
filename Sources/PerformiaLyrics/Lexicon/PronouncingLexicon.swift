import PerformiaMusic
import Foundation

/// US English pronunciations with syllables, from two real lexicons: Festival's syllabified CMU
/// dictionary (festlex-cmu, 105 k entries, syllables as the lexicon cuts them) and, for words it
/// lacks, pocketsphinx's CMU dictionary (134 k entries, cut at vowel nuclei). Loaded once (about
/// 0.3 s); immutable and shareable afterwards. The first entry of a word is its pronunciation.
public final class PronouncingLexicon: Sendable {
    private let festival: [String: [[String]]]
    private let sphinx: [String: [String]]

    public init(resources: LanguageResources = .debian) throws(LyricsError) {
        guard let festivalBytes = FileManager.default.contents(atPath: resources.festivalLexicon) else {
            throw LyricsError("cannot read the lexicon \(resources.festivalLexicon): install Debian's festlex-cmu")
        }
        guard let sphinxBytes = FileManager.default.contents(atPath: resources.sphinxDictionary) else {
            throw LyricsError("cannot read the dictionary \(resources.sphinxDictionary): install Debian's pocketsphinx-en-us")
        }
        festival = Self.readFestival(Array(festivalBytes))
        sphinx = Self.readSphinx(Array(sphinxBytes))
    }

    /// The pronunciation of a lexicon key (`LyricWord.key`), or nil when neither lexicon has it.
    public func pronunciation(of key: String) -> Pronunciation? {
        if let syllables = festival[key] { return Pronunciation(syllables: syllables, source: .festivalLexicon) }
        if let phones = sphinx[key] {
            return Pronunciation(syllables: Pronunciation.syllabify(phones), source: .sphinxDictionary)
        }
        return nil
    }

    /// `("sunday" nil (((s ah n) 1) ((d ey) 1)))`: phones at paren depth 4, one group a syllable;
    /// Festival's `ax` is ARPAbet `AH`.
    static func readFestival(_ bytes: [UInt8]) -> [String: [[String]]] {
        var out: [String: [[String]]] = [:]
        out.reserveCapacity(110_000)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            guard lineEnd - lineStart > 4, bytes[lineStart] == UInt8(ascii: "("), bytes[lineStart + 1] == UInt8(ascii: "\"") else { continue }
            var i = lineStart + 2
            while i < lineEnd && bytes[i] != UInt8(ascii: "\"") { i += 1 }
            guard i < lineEnd, let word = String(bytes: bytes[(lineStart + 2)..<i], encoding: .utf8), out[word] == nil else { continue }
            var depth = 1
            var syllables: [[String]] = []
            var phone: [UInt8] = []
            i += 1
            while i < lineEnd {
                let c = bytes[i]
                if c == UInt8(ascii: "(") {
                    depth += 1
                    if depth == 4 { syllables.append([]) }
                } else if c == UInt8(ascii: ")") || c == UInt8(ascii: " ") {
                    if depth == 4 && !phone.isEmpty && !syllables.isEmpty {
                        let name = String(decoding: phone, as: UTF8.self).uppercased()
                        syllables[syllables.count - 1].append(name == "AX" ? "AH" : name)
                    }
                    phone.removeAll(keepingCapacity: true)
                    if c == UInt8(ascii: ")") { depth -= 1 }
                } else if depth == 4 {
                    phone.append(c)
                }
                i += 1
            }
            if !syllables.isEmpty && syllables.allSatisfy({ !$0.isEmpty }) { out[word] = syllables }
        }
        return out
    }

    /// `sunday S AH N D EY`; `word(2) …` alternates are skipped.
    static func readSphinx(_ bytes: [UInt8]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        out.reserveCapacity(140_000)
        for line in bytes.split(separator: 0x0A) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2, !fields[0].contains(UInt8(ascii: "(")) else { continue }
            out[String(decoding: fields[0], as: UTF8.self)] = fields.dropFirst().map { String(decoding: $0, as: UTF8.self) }
        }
        return out
    }
}
