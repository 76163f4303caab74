/// Text from a file as an error message quotes it: UTF-8 decoded, control and line-breaking
/// characters (which would break the one-line message or drive the terminal) shown as `?`, and
/// cut to `maximumCharacters` with `…`. Portable (no Foundation). Found by fuzzing
/// (docs/fuzzing.md): a vertical tab or form feed inside a token split the message in two, and a
/// lone carriage return in a chart's bar line did the same.
public enum QuotedText {
    public static let maximumCharacters = 40

    public static func of<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if count == maximumCharacters {
                result.append("…")
                break
            }
            let value = scalar.value
            let breaking = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            result.append(breaking ? "?" : scalar)
            count += 1
        }
        return String(result)
    }
}
