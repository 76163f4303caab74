import PerformiaAnalysis
import PerformiaMusic

/// A refusal of a harmony model file: the 1-based line and what is wrong with it.
public struct HarmonyModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 12: <message>`.
    public var description: String { "line " + String(line) + ": " + message }
}

/// Reads the line-based model file `Training/train_harmony.py` writes
/// (`Resources/band/harmony-model.txt`):
///
/// ```
/// performia-harmony 1                 first line that is not blank or a # comment
/// reference relative-major            degrees count from the tonic of the key's major
///                                     (for a minor key: its relative major)
/// 1 0:maj 312                         a unigram count
/// 2 7:7 0:maj 40                      a bigram count: I after V7
/// 3 2:min7 7:7 0:maj 12               a trigram count: I after ii7 V7
/// end                                 required: a truncated file is refused
/// ```
///
/// A token is `degree:quality`, the degree 0…11 semitones above the reference tonic and the
/// quality in Harte shorthand (`ChordQuality.harte`: maj, min, 7, maj7, min7, dim, aug, sus2,
/// sus4). Counts are positive integers; an n-gram may appear once. Portable (no Foundation):
/// the text is read as UTF-8 bytes.
public enum HarmonyModelParser {
    /// Degrees × qualities.
    public static let vocabularySize = 12 * 9

    /// The counts of a model file: dense unigram and bigram tables (index
    /// `token` and `previous * vocabularySize + token`), and the trigrams as keys
    /// `(u * V + v) * V + w` sorted ascending with their counts.
    public struct Counts: Sendable {
        public var unigrams: [Double]
        public var bigrams: [Double]
        public var trigramKeys: [Int32]
        public var trigramCounts: [Double]
    }

    public static func parse(_ text: String) throws(HarmonyModelError) -> Counts {
        let size = vocabularySize
        var unigrams = [Double](repeating: 0, count: size)
        var bigrams = [Double](repeating: 0, count: size * size)
        var trigrams: [(key: Int32, count: Double, line: Int)] = []
        var sawHeader = false
        var sawEnd = false
        var lineNumber = 0
        var fields: [[UInt8]] = []
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            fields.removeAll(keepingCapacity: true)
            for field in line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                fields.append(Array(field))
            }
            guard let first = fields.first else { continue }
            if first.first == UInt8(ascii: "#") { continue }
            if sawEnd { throw HarmonyModelError(line: lineNumber, message: "text after 'end'") }
            if !sawHeader {
                guard fields.count == 2, equal(first, "performia-harmony") else {
                    throw HarmonyModelError(line: lineNumber, message: "expected the header 'performia-harmony 1'")
                }
                guard equal(fields[1], "1") else {
                    throw HarmonyModelError(line: lineNumber, message: "unsupported version '" + quoted(fields[1]) + "' (this reader knows 1)")
                }
                sawHeader = true
                continue
            }
            if equal(first, "end") {
                guard fields.count == 1 else { throw HarmonyModelError(line: lineNumber, message: "'end' takes no arguments") }
                sawEnd = true
                continue
            }
            if equal(first, "reference") {
                guard fields.count == 2, equal(fields[1], "relative-major") else {
                    throw HarmonyModelError(line: lineNumber, message: "unknown reference (this reader knows 'reference relative-major')")
                }
                continue
            }
            guard first.count == 1, let order = digit(first[0]), order >= 1, order <= 3 else {
                throw HarmonyModelError(line: lineNumber, message: "expected an n-gram order 1, 2 or 3, 'reference' or 'end', not '" + quoted(first) + "'")
            }
            guard fields.count == order + 2 else {
                throw HarmonyModelError(line: lineNumber, message: "a " + String(order) + "-gram needs " + String(order)
                                        + " tokens and a count, found " + String(fields.count - 1) + " fields")
            }
            var key = 0
            for i in 1...order {
                guard let token = token(fields[i]) else {
                    throw HarmonyModelError(line: lineNumber, message: "bad chord token '" + quoted(fields[i])
                                            + "' (expected degree:quality, degree 0-11, quality maj min 7 maj7 min7 dim aug sus2 sus4)")
                }
                key = key * size + token
            }
            guard let count = positiveInteger(fields[order + 1]) else {
                throw HarmonyModelError(line: lineNumber, message: "bad count '" + quoted(fields[order + 1]) + "' (expected a positive integer)")
            }
            switch order {
            case 1:
                guard unigrams[key] == 0 else { throw HarmonyModelError(line: lineNumber, message: "duplicate unigram") }
                unigrams[key] = Double(count)
            case 2:
                guard bigrams[key] == 0 else { throw HarmonyModelError(line: lineNumber, message: "duplicate bigram") }
                bigrams[key] = Double(count)
            default:
                trigrams.append((key: Int32(key), count: Double(count), line: lineNumber))
            }
        }
        guard sawHeader else { throw HarmonyModelError(line: max(1, lineNumber), message: "empty model: no 'performia-harmony 1' header") }
        guard sawEnd else { throw HarmonyModelError(line: lineNumber, message: "missing 'end' (truncated file?)") }
        trigrams.sort { $0.key < $1.key || ($0.key == $1.key && $0.line < $1.line) }
        var keys = [Int32]()
        var counts = [Double]()
        keys.reserveCapacity(trigrams.count)
        counts.reserveCapacity(trigrams.count)
        for (i, entry) in trigrams.enumerated() {
            if i > 0 && trigrams[i - 1].key == entry.key {
                throw HarmonyModelError(line: entry.line, message: "duplicate trigram " + tokenText(Int(entry.key), order: 3))
            }
            keys.append(entry.key)
            counts.append(entry.count)
        }
        return Counts(unigrams: unigrams, bigrams: bigrams, trigramKeys: keys, trigramCounts: counts)
    }

    /// `degree:quality` → `degree * 9 + quality.rawValue`; nil when malformed.
    static func token(_ bytes: [UInt8]) -> Int? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon <= 2 else { return nil }
        var degree = 0
        for byte in bytes[..<colon] {
            guard let d = digit(byte) else { return nil }
            degree = degree * 10 + d
        }
        guard degree < 12 else { return nil }
        let name = bytes[(colon + 1)...]
        for raw in 0..<ChordQuality.count {
            guard let quality = ChordQuality(rawValue: raw) else { continue }
            if name.elementsEqual(quality.harte.utf8) { return degree * ChordQuality.count + raw }
        }
        return nil
    }

    /// `degree:quality` words of an n-gram key (`tokenText(key, order: 2)` → `7:7 0:maj`).
    static func tokenText(_ key: Int, order: Int) -> String {
        var out = ""
        var divisor = 1
        for _ in 1..<max(1, order) { divisor *= vocabularySize }
        for i in 0..<max(1, order) {
            let token = (key / divisor) % vocabularySize
            divisor = max(1, divisor / vocabularySize)
            let quality = ChordQuality(rawValue: token % ChordQuality.count) ?? .major
            out += (i == 0 ? "" : " ") + String(token / ChordQuality.count) + ":" + quality.harte
        }
        return out
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func positiveInteger(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 12 else { return nil }
        var value = 0
        for byte in bytes {
            guard let d = digit(byte) else { return nil }
            value = value * 10 + d
        }
        return value > 0 ? value : nil
    }

    private static func equal(_ bytes: [UInt8], _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let start = word.utf8Start
        for i in 0..<bytes.count where bytes[i] != start[i] { return false }
        return true
    }

    private static func quoted(_ bytes: [UInt8]) -> String { QuotedText.of(bytes) }
}
