import CHyphen
import Foundation

/// Visible hyphenation of words with libhyphen (MPL/LGPL) and Debian's US English patterns
/// (hyphen-en-us), with the left and right minimums set to one letter so that "crazy" and
/// "evening" split (`cra-zy`, `eve-ning`) as a lyric sheet prints them, not as a typesetter would.
/// Not thread-safe (libhyphen's dictionary is shared state): one per alignment.
public final class Hyphenator {
    private let dictionary: UnsafeMutablePointer<HyphenDict>

    public init(patterns: String = LanguageResources.debian.hyphenationPatterns) throws(LyricsError) {
        guard let dictionary = hnj_hyphen_load(patterns) else {
            throw LyricsError("cannot read the hyphenation patterns \(patterns): install Debian's hyphen-en-us")
        }
        self.dictionary = dictionary
    }

    deinit { hnj_hyphen_free(dictionary) }

    /// The places (byte offsets into the UTF-8 of `word`, 1…count−1) where the word may break.
    public func breaks(_ word: String) -> [Int] {
        let bytes = Array(word.lowercased().utf8)
        guard bytes.count >= 2 else { return [] }
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                hnj_hyphen_hyphenate3(dictionary, chars.baseAddress, Int32(bytes.count), &hyphens, nil, &rep, &pos, &cut, 1, 1, 1, 1)
            }
        }
        if let rep {
            for i in 0..<bytes.count { free(rep[i]) }
            free(rep)
        }
        free(pos)
        free(cut)
        guard status == 0 else { return [] }
        return (0..<(bytes.count - 1)).filter { hyphens[$0] & 1 == 1 }.map { $0 + 1 }
    }

    /// `word` cut into `count` visible pieces: libhyphen's breaks, the ones nearest an even share
    /// of letters when there are more than needed, and cuts before vowel groups (then even cuts)
    /// when there are fewer. Letters outside ASCII are never split.
    public func pieces(_ word: String, count: Int) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard count > 1, scalars.count >= count else { return [word] }
        var candidates = word.utf8.count == scalars.count ? breaks(word) : []
        if candidates.count < count - 1 {
            let vowels = Set("aeiouyAEIOUY".unicodeScalars)
            for i in 1..<scalars.count where vowels.contains(scalars[i]) && !vowels.contains(scalars[i - 1]) {
                candidates.append(i == 1 ? 1 : i - 1)
            }
            candidates = Array(Set(candidates)).sorted()
        }
        var chosen: [Int] = []
        if candidates.count >= count - 1 {
            for k in 1..<count {
                let target = Double(scalars.count) * Double(k) / Double(count)
                let remaining = count - 1 - k
                let pool = candidates.filter { place in place > (chosen.last ?? 0) && candidates.filter { $0 > place }.count >= remaining }
                guard let pick = pool.min(by: { abs(Double($0) - target) < abs(Double($1) - target) }) else { break }
                chosen.append(pick)
            }
        }
        if chosen.count != count - 1 {
            chosen = (1..<count).map { scalars.count * $0 / count }
        }
        var out: [String] = []
        var start = 0
        for cut in chosen + [scalars.count] {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<cut])
            out.append(String(view))
            start = cut
        }
        return out
    }
}
