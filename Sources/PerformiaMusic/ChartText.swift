/// Byte-level helpers for chart text (UTF-8), portable: no Unicode tables, no Foundation.
enum ChartText {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `bytes` without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && isBlank(bytes[start]) { start += 1 }
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// ASCII-case-insensitive equality of `bytes` with the ASCII text `name`.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let pointer = name.utf8Start
        var i = 0
        for byte in bytes {
            if lowercased(byte) != lowercased(pointer[i]) { return false }
            i += 1
        }
        return true
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes of the UTF-8 sequence led by `lead` (1 for ASCII and stray continuation bytes).
    static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The Unicode scalar value at `index` of valid UTF-8 `bytes`, and its length in bytes.
    static func scalar(in bytes: ArraySlice<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        let length = min(sequenceLength(lead), bytes.endIndex - index)
        if length == 1 { return (UInt32(lead), 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[index + k] & 0x3F) }
        return (value, length)
    }

    /// A letter, roughly as `Character.isLetter` says, without Unicode tables: ASCII letters and
    /// the scalars from U+00C0 up outside the punctuation, symbol and emoji blocks (× and ÷ too).
    static func isLetter(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A)
        }
        if scalar < 0xC0 || scalar == 0xD7 || scalar == 0xF7 { return false }
        if scalar >= 0x0300 && scalar <= 0x036F { return false }  // combining marks
        if scalar >= 0x2000 && scalar <= 0x2BFF { return false }  // punctuation, symbols, arrows, shapes
        if scalar >= 0x3000 && scalar <= 0x303F { return false }  // CJK punctuation
        if scalar >= 0xFE00 && scalar <= 0xFE6F { return false }  // variation selectors, small forms
        if scalar >= 0xFF00 && scalar <= 0xFF20 { return false }  // full-width punctuation
        return scalar < 0x1F000  // emoji and pictographs beyond
    }

    /// Offset of the first byte of `bytes` that is not valid UTF-8 (overlong, surrogate, beyond
    /// U+10FFFF, truncated), or nil when all of it is. One pass, no allocation.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the second byte's range
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard bytes[i + 1] >= low && bytes[i + 1] <= high else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// 1-based column, in Unicode scalars, of byte `offset` on a line starting at `lineStart`.
    static func column(of offset: Int, lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        var i = lineStart
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// Unicode scalars in UTF-8 `bytes`.
    static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
