import PerformiaMusic
import Foundation

/// Scores timed words against a reference, as the lyrics benchmark reports them: word error rate
/// (Levenshtein over normalised words), and over the words the edit path matches, the onset
/// error's mean, median and 90th percentile, the shares within 100 and 300 ms, the lost-track
/// rate (share of matched words more than 1 s away) and the jitter (standard deviation of the change in signed error from one
/// matched word to the next: a steady lag is not jitter).
public struct LyricsScore: Sendable, Equatable {
    public struct Timed: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String
        public init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    public var referenceWords: Int
    public var estimatedWords: Int
    public var wordErrorRate: Double
    /// Signed onset errors (estimate − reference, seconds) of the matched words, in order.
    public var onsetErrors: [Double]

    public var matched: Int { onsetErrors.count }
    public var meanAbsoluteError: Double { onsetErrors.isEmpty ? .nan : onsetErrors.map(abs).reduce(0, +) / Double(matched) }
    public var medianAbsoluteError: Double { Self.percentile(onsetErrors.map(abs), 0.5) }
    public var p90AbsoluteError: Double { Self.percentile(onsetErrors.map(abs), 0.9) }
    public func shareWithin(_ seconds: Double) -> Double {
        onsetErrors.isEmpty ? 0 : Double(onsetErrors.filter { abs($0) <= seconds }.count) / Double(matched)
    }
    /// Share of the matched words more than 1 s from their reference onset.
    public var lostTrack: Double { onsetErrors.isEmpty ? 1 : Double(onsetErrors.filter { abs($0) > 1 }.count) / Double(matched) }
    public var jitter: Double {
        guard onsetErrors.count > 2 else { return .nan }
        let steps = zip(onsetErrors.dropFirst(), onsetErrors).map { $0 - $1 }
        let mean = steps.reduce(0, +) / Double(steps.count)
        return (steps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(steps.count)).squareRoot()
    }

    /// Onset errors pooled over songs (`wordErrorRate` of the pool given).
    public init(pooling scores: [LyricsScore]) {
        referenceWords = scores.reduce(0) { $0 + $1.referenceWords }
        estimatedWords = scores.reduce(0) { $0 + $1.estimatedWords }
        let edits = scores.reduce(0.0) { $0 + $1.wordErrorRate * Double($1.referenceWords) }
        wordErrorRate = referenceWords > 0 ? edits / Double(referenceWords) : .nan
        onsetErrors = scores.flatMap(\.onsetErrors)
    }

    public init(reference: [Timed], estimate: [Timed]) {
        let r = reference.map { LyricWord.key($0.text) }, e = estimate.map { LyricWord.key($0.text) }
        referenceWords = r.count
        estimatedWords = e.count
        let n = r.count, m = e.count
        var d = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in 0...n { d[i][0] = i }
        for j in 0...m { d[0][j] = j }
        if n > 0 && m > 0 {
            for i in 1...n {
                for j in 1...m {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (r[i - 1] == e[j - 1] ? 0 : 1))
                }
            }
        }
        wordErrorRate = n == 0 ? (m == 0 ? 0 : 1) : Double(d[n][m]) / Double(n)
        var errors: [Double] = []
        var i = n, j = m
        while i > 0 && j > 0 {
            if r[i - 1] == e[j - 1] && d[i][j] == d[i - 1][j - 1] {
                errors.append(estimate[j - 1].start - reference[i - 1].start)
                i -= 1
                j -= 1
            } else if d[i][j] == d[i - 1][j] + 1 {
                i -= 1
            } else if d[i][j] == d[i][j - 1] + 1 {
                j -= 1
            } else {
                i -= 1
                j -= 1
            }
        }
        onsetErrors = errors.reversed()
    }

    /// Reads `start<TAB>end<TAB>text` lines (blanks also separate; `#` lines skipped); a line that
    /// is not two finite times in order and a text is counted in `invalid`, not kept.
    public static func read(_ text: String) -> (rows: [Timed], invalid: Int) {
        var rows: [Timed] = []
        var invalid = 0
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            guard fields.count >= 3, let start = Double(fields[0]), let end = Double(fields[1]),
                  start.isFinite, end.isFinite, start >= 0, end >= start else {
                invalid += 1
                continue
            }
            rows.append(Timed(start: start, end: end, text: fields[2...].joined(separator: " ")))
        }
        return (rows, invalid)
    }

    public static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(sorted.count - 1, low + 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
