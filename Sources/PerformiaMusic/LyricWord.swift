/// Lyric text as the lexicons look it up: lower case, letters, digits and inner apostrophes only
/// (`"Don’t,"` → `don't`); empty when nothing of a word is left.
public enum LyricWord {
    public static func key(_ text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.lowercased().unicodeScalars {
            if scalar == "\u{2019}" || scalar == "\u{2018}" || scalar == "'" {
                scalars.append("'")
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                scalars.append(scalar)
            }
        }
        while scalars.first == "'" { scalars.removeFirst() }
        while scalars.last == "'" { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// The word is written in the Latin alphabet (what the English lexicons and acoustic model know).
    public static func isLatin(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII || ("\u{00C0}"..."\u{024F}").contains($0) }
    }
}
