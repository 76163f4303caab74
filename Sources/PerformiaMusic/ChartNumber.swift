/// Numbers as charts write them, parsed from UTF-8 without Foundation.
enum ChartNumber {
    /// Decimal digits only (`12`); nil for anything else or more than 9 digits.
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty && bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `96`, `96.5`, `.5`: digits with at most one decimal point; nil for anything else.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard !bytes.isEmpty && bytes.count <= 18 else { return nil }
        var whole = 0.0, fraction = 0.0, scale = 1.0
        var seenPoint = false, seenDigit = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                seenDigit = true
                let digit = Double(byte - UInt8(ascii: "0"))
                if seenPoint {
                    scale *= 10
                    fraction = fraction * 10 + digit
                } else {
                    whole = whole * 10 + digit
                }
            } else {
                return nil
            }
        }
        return seenDigit ? whole + fraction / scale : nil
    }
}
