import PerformiaAnalysis
import PerformiaMusic

/// Predicts the next chord from chord-progression statistics learned from a corpus of chord
/// charts (`Training/train_harmony.py` counts them from the MMA songs Debian's `mma` package
/// ships and writes `Resources/band/harmony-model.txt`; `HarmonyModelParser` reads it).
///
/// Chords are counted key-relative — degree above the tonic of the key's major (for a minor key
/// its relative major: the corpus has too few minor songs for statistics of their own) plus one
/// of the nine qualities — so what is learned in one key transfers to all. Only changes count:
/// the sequence is of consecutive *different* chords, so the chord now playing is never its own
/// successor (it gets probability 0 and the rest is renormalised).
///
/// Smoothing: interpolated Witten–Bell (Witten & Bell, "The zero-frequency problem", IEEE Trans.
/// Inf. Theory 37(4), 1991, method C; the interpolated n-gram form of Chen & Goodman, "An
/// empirical study of smoothing techniques for language modeling", TR-10-98, Harvard 1998, §2.5):
///
///     P(w | h) = (c(h w) + T(h) · P(w | h')) / (c(h) + T(h))
///
/// with c(h) the count of history h followed by any chord, T(h) the number of different chords
/// seen after it and h' the history one chord shorter; trigram → bigram → unigram → uniform over
/// the 108 chords. A history never seen uses the shorter one's estimate unchanged. Chosen over
/// interpolated Kneser–Ney because it did as well on the corpus's held-out songs (top-1 the same,
/// top-3 better) and uses the raw counts at every order, so `bigramBaseline` — the same model
/// without the trigram level — is a like-for-like baseline.
///
/// Real-time safe: `probability`, `mostLikelyNext` and `predictNext(after:key:into:)` neither
/// allocate nor lock (108 candidates, a binary search in the sorted trigram table for each); the
/// convenience `predictNext(after:key:count:)` allocates its result array. Portable (Embedded
/// Swift: no Foundation, no existentials).
public struct HarmonyModel: Sendable {
    /// 12 degrees × 9 qualities.
    public static var vocabularySize: Int { HarmonyModelParser.vocabularySize }

    /// Longest n-gram used: 3 (trigram model) or 2 (`bigramBaseline`); 1 is the unigram model.
    public private(set) var maximumOrder: Int

    private let unigramCounts: [Double]
    private let unigramTotal: Double
    private let unigramTypes: Double
    private let bigramCounts: [Double]
    private let bigramTotals: [Double]
    private let bigramTypes: [Double]
    private let trigramKeys: [Int32]
    private let trigramCounts: [Double]

    /// Reads a model file (format: `HarmonyModelParser`).
    public init(parsing text: String) throws(HarmonyModelError) {
        self.init(counts: try HarmonyModelParser.parse(text))
    }

    public init(counts: HarmonyModelParser.Counts, maximumOrder: Int = 3) {
        let size = HarmonyModelParser.vocabularySize
        self.maximumOrder = min(3, max(1, maximumOrder))
        unigramCounts = counts.unigrams
        var total = 0.0
        var types = 0.0
        for c in counts.unigrams where c > 0 {
            total += c
            types += 1
        }
        unigramTotal = total
        unigramTypes = types
        bigramCounts = counts.bigrams
        var totals = [Double](repeating: 0, count: size)
        var followers = [Double](repeating: 0, count: size)
        for v in 0..<size {
            for w in 0..<size where counts.bigrams[v * size + w] > 0 {
                totals[v] += counts.bigrams[v * size + w]
                followers[v] += 1
            }
        }
        bigramTotals = totals
        bigramTypes = followers
        trigramKeys = counts.trigramKeys
        trigramCounts = counts.trigramCounts
    }

    /// The same counts without the trigram level: the bigram baseline of the evaluation.
    public var bigramBaseline: HarmonyModel { limited(toOrder: 2) }

    /// The same counts with n-grams up to `order` (1…3).
    public func limited(toOrder order: Int) -> HarmonyModel {
        var model = self
        model.maximumOrder = min(3, max(1, order))
        return model
    }

    /// Number of distinct n-grams of each order in the model (for reports).
    public var ngramCounts: (unigrams: Int, bigrams: Int, trigrams: Int) {
        var bigrams = 0
        for c in bigramCounts where c > 0 { bigrams += 1 }
        return (Int(unigramTypes), bigrams, trigramKeys.count)
    }

    // MARK: Queries

    /// Probability that the next different chord is `next`, given the history, in `key`.
    /// 0 for no chord and for the chord now playing. Allocation-free.
    public func probability(of next: ChordLabel, after history: ChordHistory, key: MusicalKey) -> Double {
        guard let w = Self.token(next, key: key) else { return 0 }
        let context = Context(model: self, history: history, key: key)
        if w == context.last { return 0 }
        return self.probability(w, context) * context.normaliser
    }

    /// The `count` most likely next chords, most likely first (ties: lower degree, then quality
    /// order). Allocates the result; on the audio thread use `predictNext(after:key:into:)`.
    public func predictNext(after history: ChordHistory, key: MusicalKey, count: Int = 5) -> [(chord: ChordLabel, probability: Double)] {
        var prediction = HarmonyPrediction(capacity: max(0, count))
        predictNext(after: history, key: key, into: &prediction)
        var out: [(chord: ChordLabel, probability: Double)] = []
        out.reserveCapacity(prediction.count)
        for i in 0..<prediction.count { out.append(prediction[i]) }
        return out
    }

    /// Fills `prediction` with its `capacity` most likely next chords. Allocation-free.
    public func predictNext(after history: ChordHistory, key: MusicalKey, into prediction: inout HarmonyPrediction) {
        prediction.removeAll()
        guard prediction.capacity > 0 else { return }
        let context = Context(model: self, history: history, key: key)
        let reference = Self.reference(of: key)
        for w in 0..<Self.vocabularySize where w != context.last {
            let p = probability(w, context) * context.normaliser
            prediction.offer(Self.chord(w, reference: reference), probability: p)
        }
    }

    /// The most likely next chord. Allocation-free.
    public func mostLikelyNext(after history: ChordHistory, key: MusicalKey) -> (chord: ChordLabel, probability: Double) {
        let context = Context(model: self, history: history, key: key)
        var best = -1
        var bestP = -1.0
        for w in 0..<Self.vocabularySize where w != context.last {
            let p = probability(w, context) * context.normaliser
            if p > bestP {
                best = w
                bestP = p
            }
        }
        return (Self.chord(best, reference: Self.reference(of: key)), bestP)
    }

    /// The band's form (`NextChordPredicting`): the most likely chord after `chord` (preceded by
    /// `previous`); nil without a key or a chord (the counts are key-relative). Allocation-free.
    public func mostLikelyNext(after chord: ChordLabel, previous: ChordLabel?, key: MusicalKey?) -> (chord: ChordLabel, probability: Double)? {
        guard let key, !chord.isNoChord else { return nil }
        return mostLikelyNext(after: ChordHistory(previous: previous, last: chord), key: key)
    }

    // MARK: Internals

    /// What a query needs of its history, computed once per query.
    private struct Context {
        var previous = -1
        var last = -1
        /// Trigram entries of (previous, last): `trigramKeys[start..<end]`, their total and types.
        var start = 0
        var end = 0
        var trigramTotal = 0.0
        var trigramTypes = 0.0
        /// 1 / (1 − P(last)): the chord playing is excluded and the rest renormalised.
        var normaliser = 1.0

        init(model: HarmonyModel, history: ChordHistory, key: MusicalKey) {
            if let last = history.last, let v = HarmonyModel.token(last, key: key) {
                self.last = v
                if let previous = history.previous, let u = HarmonyModel.token(previous, key: key), u != v {
                    self.previous = u
                }
            }
            if previous >= 0 && model.maximumOrder >= 3 {
                let size = Int32(HarmonyModel.vocabularySize)
                let base = (Int32(previous) * size + Int32(last)) * size
                start = model.lowerBound(base)
                end = model.lowerBound(base + size)
                for i in start..<end {
                    trigramTotal += model.trigramCounts[i]
                    trigramTypes += 1
                }
            }
            if last >= 0 {
                let excluded = model.probability(last, self)
                normaliser = excluded < 1 ? 1 / (1 - excluded) : 0
            }
        }
    }

    /// Interpolated Witten–Bell estimate of token `w` over the full vocabulary (before the chord
    /// playing is excluded). The Python evaluation (`Benchmarks/harmony-prediction`) computes
    /// the same expressions in the same order.
    private func probability(_ w: Int, _ context: Context) -> Double {
        let size = Self.vocabularySize
        var p = 1 / Double(size)
        if unigramTotal + unigramTypes > 0 {
            p = (unigramCounts[w] + unigramTypes / Double(size)) / (unigramTotal + unigramTypes)
        }
        let v = context.last
        if v >= 0 && maximumOrder >= 2 && bigramTotals[v] > 0 {
            p = (bigramCounts[v * size + w] + bigramTypes[v] * p) / (bigramTotals[v] + bigramTypes[v])
        }
        if context.previous >= 0 && maximumOrder >= 3 && context.trigramTotal > 0 {
            var count = 0.0
            let key = Int32(context.previous * size * size + v * size + w)
            let i = lowerBound(key, from: context.start, to: context.end)
            if i < context.end && trigramKeys[i] == key { count = trigramCounts[i] }
            p = (count + context.trigramTypes * p) / (context.trigramTotal + context.trigramTypes)
        }
        return p
    }

    /// First index in `trigramKeys[from..<to]` whose key is ≥ `key`.
    private func lowerBound(_ key: Int32, from: Int = 0, to: Int? = nil) -> Int {
        var low = from
        var high = to ?? trigramKeys.count
        while low < high {
            let mid = (low + high) / 2
            if trigramKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Tonic of the key's major: the key's own, or its relative major's.
    static func reference(of key: MusicalKey) -> Int {
        key.isMinor ? (key.tonic + 3) % 12 : key.tonic
    }

    /// Key-relative token `degree * 9 + quality`; nil for no chord.
    static func token(_ chord: ChordLabel, key: MusicalKey) -> Int? {
        guard let root = chord.root else { return nil }
        let degree = ((root - reference(of: key)) % 12 + 12) % 12
        return degree * ChordQuality.count + chord.quality.rawValue
    }

    static func chord(_ token: Int, reference: Int) -> ChordLabel {
        guard token >= 0 else { return .noChord }
        let quality = ChordQuality(rawValue: token % ChordQuality.count) ?? .major
        return ChordLabel(root: (reference + token / ChordQuality.count) % 12, quality: quality)
    }
}

/// The last two different chords, the history `HarmonyModel` conditions on. `push` each chord
/// as it is heard: a repeat of the last one changes nothing and no chord (`N`) starts afresh,
/// as the model was counted.
public struct ChordHistory: Sendable, Equatable {
    /// The chord before `last` (never equal to it).
    public private(set) var previous: ChordLabel?
    /// The chord playing now.
    public private(set) var last: ChordLabel?

    public init() {}

    /// `previous` is dropped when it equals `last` or there is no `last`; no chord counts as none.
    public init(previous: ChordLabel?, last: ChordLabel?) {
        guard let last, !last.isNoChord else { return }
        self.last = last
        if let previous, !previous.isNoChord, previous != last { self.previous = previous }
    }

    public mutating func push(_ chord: ChordLabel) {
        if chord.isNoChord {
            reset()
            return
        }
        if chord == last { return }
        previous = last
        last = chord
    }

    public mutating func reset() {
        previous = nil
        last = nil
    }
}

/// A fixed-capacity, best-first list of predicted chords, filled by
/// `HarmonyModel.predictNext(after:key:into:)` without allocating (storage is allocated here,
/// in `init`).
public struct HarmonyPrediction: Sendable {
    public private(set) var count = 0
    private var chords: [ChordLabel]
    private var probabilities: [Double]

    public init(capacity: Int) {
        chords = [ChordLabel](repeating: .noChord, count: max(0, capacity))
        probabilities = [Double](repeating: 0, count: max(0, capacity))
    }

    public var capacity: Int { chords.count }

    public subscript(index: Int) -> (chord: ChordLabel, probability: Double) {
        precondition(index >= 0 && index < count, "HarmonyPrediction index out of range")
        return (chords[index], probabilities[index])
    }

    mutating func removeAll() { count = 0 }

    /// Keeps the candidate if it is among the `capacity` best; an equal probability ranks after
    /// those already held (candidates are offered in token order).
    mutating func offer(_ chord: ChordLabel, probability: Double) {
        var slot = count
        while slot > 0 && probability > probabilities[slot - 1] { slot -= 1 }
        guard slot < capacity else { return }
        var i = min(count, capacity - 1)
        while i > slot {
            chords[i] = chords[i - 1]
            probabilities[i] = probabilities[i - 1]
            i -= 1
        }
        chords[slot] = chord
        probabilities[slot] = probability
        if count < capacity { count += 1 }
    }
}
