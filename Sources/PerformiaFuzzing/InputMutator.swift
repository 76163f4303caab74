/// Seeded, reproducible inputs for the smoke test: each `next()` takes a corpus entry and applies
/// one to three mutations — truncation, bit flips, random bytes, deletion, duplication, splicing
/// with another entry, numbers swapped for extremes (huge, negative, NaN, infinity), deep nesting,
/// extreme binary header fields — or, now and then, returns plain random bytes.
public struct InputMutator {
    private var generator: SplitMix64
    private let corpus: [[UInt8]]

    /// Numbers that break naïve parsing or arithmetic.
    static let extremeNumbers = ["0", "-1", "-0", "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-320",
                                 "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                                 "99999999999999999999999999", "0x7fffffff", "1.5", "12", "13", "128", "3:2", "0:0"]
    /// Openers repeated to nest deeply (JSON arrays and objects, and plain repetition for line formats).
    static let nestings = ["[", "{\"a\":", "[{\"b\":[", "pattern drums fill\n", "2 0:maj 7:7 1\n", "\""]
    /// Values written over 16- and 32-bit little-endian header fields.
    static let extremeFields: [UInt32] = [0, 1, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]

    public init(seed: UInt64, corpus: [[UInt8]]) {
        generator = SplitMix64(state: seed)
        self.corpus = corpus.isEmpty ? [[]] : corpus
    }

    public mutating func next() -> [UInt8] {
        if generator.below(20) == 0 { return randomBytes(count: generator.below(600)) }
        var bytes = corpus[generator.below(corpus.count)]
        for _ in 0...generator.below(3) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        switch generator.below(9) {
        case 0:  // truncate
            bytes.removeLast(bytes.isEmpty ? 0 : generator.below(bytes.count + 1))
        case 1:  // flip bits
            for _ in 0..<(1 + generator.below(8)) where !bytes.isEmpty {
                bytes[generator.below(bytes.count)] ^= UInt8(1) << UInt8(generator.below(8))
            }
        case 2:  // insert random bytes
            bytes.insert(contentsOf: randomBytes(count: 1 + generator.below(32)), at: generator.below(bytes.count + 1))
        case 3:  // delete a chunk
            let start = generator.below(bytes.count + 1)
            bytes.removeSubrange(start..<min(bytes.count, start + generator.below(64)))
        case 4:  // duplicate a chunk
            let start = generator.below(bytes.count + 1)
            let chunk = bytes[start..<min(bytes.count, start + generator.below(256))]
            bytes.insert(contentsOf: Array(chunk), at: generator.below(bytes.count + 1))
        case 5:  // splice with another entry
            let other = corpus[generator.below(corpus.count)]
            bytes = Array(bytes.prefix(generator.below(bytes.count + 1))) + other.suffix(generator.below(other.count + 1))
        case 6:  // a number becomes an extreme one
            replaceNumber(in: &bytes)
        case 7:  // deep nesting
            let opener = Self.nestings[generator.below(Self.nestings.count)]
            let depth = [10, 300, 3000][generator.below(3)]
            bytes.insert(contentsOf: Array(String(repeating: opener, count: depth).utf8), at: generator.below(bytes.count + 1))
        default:  // an extreme header field
            guard bytes.count >= 4 else { return }
            let offset = generator.below(min(bytes.count, 64) - 1)
            let value = Self.extremeFields[generator.below(Self.extremeFields.count)]
            for i in 0..<(generator.below(2) == 0 ? 2 : 4) where offset + i < bytes.count {
                bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))
            }
        }
    }

    /// Replaces the run of digits at or after a random position with an extreme number.
    private mutating func replaceNumber(in bytes: inout [UInt8]) {
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        var start = generator.below(bytes.count + 1)
        while start < bytes.count && !isDigit(bytes[start]) { start += 1 }
        if start == bytes.count { start = generator.below(bytes.count + 1) }
        var end = start
        while end < bytes.count && (isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".")) { end += 1 }
        bytes.replaceSubrange(start..<end, with: Array(Self.extremeNumbers[generator.below(Self.extremeNumbers.count)].utf8))
    }

    private mutating func randomBytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }
}

/// Vigna's SplitMix64: a small, fast, seedable generator (the smoke test must be reproducible).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (0 when bound is 0).
    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
