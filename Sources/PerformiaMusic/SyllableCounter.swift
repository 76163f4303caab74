/// Counts the syllables of sung words roughly, as English spelling gives them: groups of vowels
/// (y included) in each run of letters, a final silent `e` not counted, at least one a run; an
/// apostrophe stays inside a word. What the chords' shares of a lyric line need. Byte-level
/// (UTF-8), no Unicode tables: letters beyond ASCII count as consonants.
public enum SyllableCounter {
    /// Syllables in `text`.
    public static func count(_ text: String) -> Int { count(Array(text.utf8)[...]) }

    /// Syllables in UTF-8 `bytes` (valid UTF-8).
    public static func count(_ bytes: ArraySlice<UInt8>) -> Int {
        var total = 0
        var groups = 0
        var inVowels = false
        var runLength = 0
        // The run's last two letters, ASCII-lower-cased (0 for none or a letter beyond ASCII).
        var last: UInt32 = 0, beforeLast: UInt32 = 0
        func endRun() {
            guard runLength > 0 else { return }
            if groups > 1, runLength > 2, last == 0x65, beforeLast != 0x6C, !isVowel(beforeLast) { groups -= 1 }
            total += max(1, groups)
            groups = 0
            inVowels = false
            runLength = 0
            last = 0
            beforeLast = 0
        }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let (scalar, length) = ChartText.scalar(in: bytes, at: i)
            i += length
            guard ChartText.isLetter(scalar) else {
                if scalar != 0x27 { endRun() }
                continue
            }
            let letter = scalar >= 0x41 && scalar <= 0x5A ? scalar + 32 : scalar
            runLength += 1
            beforeLast = last
            last = letter
            let vowel = isVowel(letter)
            if vowel && !inVowels { groups += 1 }
            inVowels = vowel
        }
        endRun()
        return total
    }

    private static func isVowel(_ letter: UInt32) -> Bool {
        letter == 0x61 || letter == 0x65 || letter == 0x69 || letter == 0x6F || letter == 0x75 || letter == 0x79
    }
}
