import PerformiaCore
import PerformiaMusic

/// Meter and downbeats on top of tracked beats, in the manner of the bar-tracking stage of
/// Böck, Krebs & Widmer ("Joint beat and downbeat tracking with recurrent neural networks",
/// ISMIR 2016): beat-synchronous features, a meter chosen among 2, 3 and 4 beats per bar, and
/// a cyclic bar-position HMM decoded with Viterbi that may re-align at a small cost.
///
/// Features per beat: harmonic change (cosine distance of the chroma after and before the beat
/// — chords change at bar lines; Goto & Muraoka, "Real-time beat tracking for drumless audio
/// signals", Speech Communication 1999) and low-band onset strength (kick and bass on the
/// downbeat), each standardised. The meter is the bar length whose decoded downbeats stand out
/// most, each contrast measured along its own decoded path: a song whose bar phase moves (a
/// repeat that restarts off the bar, a dropped beat) keeps its meter however long it runs,
/// where one phase for the whole song would average the moved bars into a blur. Offline: uses
/// all beats.
public struct DownbeatTracker: Sendable {
    /// Weight of the low-band onset feature against harmonic change.
    public var lowOnsetWeight = 0.5
    /// Weight of the signal evidence (`downbeatFeature`, standardised) added to the learned
    /// downbeat log-odds in `track(beats:downbeatActivation:activation:signal:)`. Chosen on the
    /// training data's validation grooves (Training/README.md), never the evaluation sets: 1
    /// against 0 raised their downbeat F from 0.46 to 0.54 (beat F 0.84 → 0.85).
    public var signalEvidenceWeight = 1.0
    /// Log-probability of a jump in bar position between two beats.
    public var realignLogProbability = -8.0
    /// Half-bar harmonic contrast above this share of the bar contrast makes a 4-beat bar two bars.
    public var halfBarRatio = 0.7
    /// The same for the learned evidence (`track(beats:downbeatActivation:activation:signal:)`).
    public var learnedHalfBarRatio = 0.9
    /// The weaker inner third of a beat must reach this share of the stronger for triplets.
    public var tripletBalance = 0.3

    public init() {}

    public struct Result: Sendable {
        public var meter: Meter
        /// 1-based position of each beat in its bar (1 = downbeat).
        public var beatInBar: [Int]
        /// 0…1: how much the chosen downbeat phase stood out.
        public var confidence: Double
    }

    public func track(beats: [Int], activation: [Float], signal: OnsetSignal) -> Result {
        let count = beats.count
        guard count >= 8 else {
            return Result(meter: Meter(beatsPerBar: 4, subdivision: 2),
                          beatInBar: (0..<count).map { $0 % 4 + 1 }, confidence: 0)
        }
        let feature = downbeatFeature(beats: beats, signal: signal)
        let subdivision = estimateSubdivision(beats: beats, activation: activation)

        let four = decode(feature, beatsPerBar: 4)
        let three = decode(feature, beatsPerBar: 3)
        let threeContrast = contrast(feature, positions: three, beatsPerBar: 3)
        var beatsPerBar = threeContrast > contrast(feature, positions: four, beatsPerBar: 4) ? 3 : 4
        if beatsPerBar == 4 {
            let bar = meanAt(feature, positions: four, at: [0])
            let half = meanAt(feature, positions: four, at: [2])
            let off = meanAt(feature, positions: four, at: [1, 3])
            if bar - off > 0 && half - off > halfBarRatio * (bar - off) { beatsPerBar = 2 }
        }
        let positions = beatsPerBar == 4 ? four : beatsPerBar == 3 ? three : decode(feature, beatsPerBar: 2)
        let best = contrast(feature, positions: positions, beatsPerBar: beatsPerBar)
        return Result(meter: Meter(beatsPerBar: beatsPerBar, subdivision: subdivision),
                      beatInBar: positions.map { $0 + 1 },
                      confidence: max(0, min(1, best / 2)))
    }

    /// Meter and downbeats from a learned downbeat activation (`BeatTCN`): each beat's
    /// evidence is the log-odds of the strongest activation within ±2 frames, and the bar length
    /// of 3 or 4 beats is the one whose decoded path scores best — the decoder's own objective,
    /// which for log-odds evidence is the path's log-likelihood up to a constant shared by both
    /// bar lengths (ties, no downbeat evidence: 4). A bar of 4 becomes two of 2 when its third
    /// beat stands above beats 2 and 4 by `learnedHalfBarRatio` of what its first does.
    /// - Parameters:
    ///   - beats: beat frames.
    ///   - downbeatActivation: probability of a downbeat per frame, 0…1.
    ///   - activation: beat activation per frame, for the subdivision.
    public func track(beats: [Int], downbeatActivation: [Float], activation: [Float], signal: OnsetSignal) -> Result {
        let count = beats.count
        guard count >= 8 else {
            return Result(meter: Meter(beatsPerBar: 4, subdivision: 2),
                          beatInBar: (0..<count).map { $0 % 4 + 1 }, confidence: 0)
        }
        // The signal's evidence where it covers the beats (an empty signal adds none).
        let heard = signalEvidenceWeight > 0 && signal.count > beats.last!
            ? downbeatFeature(beats: beats, signal: signal) : []
        let evidence = beats.indices.map { k -> Double in
            var m: Float = 0
            for f in max(0, beats[k] - 2)...min(downbeatActivation.count - 1, beats[k] + 2) { m = max(m, downbeatActivation[f]) }
            let p = Double(min(max(m, 1e-4), 1 - 1e-4))
            let learned = Swift.max(-6, Swift.min(6, Math.log(p / (1 - p))))
            return heard.isEmpty ? learned : learned + signalEvidenceWeight * heard[k]
        }
        var best: (beatsPerBar: Int, positions: [Int], score: Double)?
        for m in [4, 3] {
            let (positions, score) = decodeScored(evidence, beatsPerBar: m)
            if best == nil || score > best!.score + 1e-9 { best = (m, positions, score) }
        }
        var chosen = best!
        // Two bars of two, not one of four, only when the half bar is nearly as strong as the bar
        // line (a network unsure between a downbeat and beat 3 would otherwise halve every bar).
        if chosen.beatsPerBar == 4 {
            let bar = meanAt(evidence, positions: chosen.positions, at: [0])
            let half = meanAt(evidence, positions: chosen.positions, at: [2])
            let off = meanAt(evidence, positions: chosen.positions, at: [1, 3])
            if bar - off > 0 && half - off > learnedHalfBarRatio * (bar - off) {
                let (positions, score) = decodeScored(evidence, beatsPerBar: 2)
                chosen = (2, positions, score)
            }
        }
        let downbeatEvidence = chosen.positions.indices.filter { chosen.positions[$0] == 0 }.map { evidence[$0] }
        let mean = downbeatEvidence.isEmpty ? 0 : downbeatEvidence.reduce(0, +) / Double(downbeatEvidence.count)
        return Result(meter: Meter(beatsPerBar: chosen.beatsPerBar,
                                   subdivision: estimateSubdivision(beats: beats, activation: activation)),
                      beatInBar: chosen.positions.map { $0 + 1 },
                      confidence: 1 / (1 + Math.exp(-mean)))
    }

    /// Standardised harmonic change plus weighted standardised low-band onset, per beat.
    func downbeatFeature(beats: [Int], signal: OnsetSignal) -> [Double] {
        let count = beats.count
        var chromaPerBeat: [SIMD16<Float>] = []
        for b in 0..<count {
            let start = beats[b]
            let end = b + 1 < count ? beats[b + 1] : min(signal.count, start + (b > 0 ? beats[b] - beats[b - 1] : 50))
            var sum = SIMD16<Float>()
            if end > start { for f in start..<end { sum += signal.chroma[f] } }
            chromaPerBeat.append(sum)
        }
        var change = [Double](repeating: 0, count: count)
        for b in 1..<count {
            change[b] = 1 - cosine(chromaPerBeat[b], chromaPerBeat[b - 1])
        }
        change[0] = change.count > 1 ? change[1] : 0
        var low = [Double](repeating: 0, count: count)
        for b in 0..<count {
            var m: Float = 0
            for f in max(0, beats[b] - 3)...min(signal.count - 1, beats[b] + 3) { m = max(m, signal.lowFlux[f]) }
            low[b] = Double(m)
        }
        let zc = standardise(change), zl = standardise(low)
        return (0..<count).map { zc[$0] + lowOnsetWeight * zl[$0] }
    }

    /// 3 when the activation between beats peaks at both inner thirds of the beat rather than
    /// at its half: triplets. Swung eighths (long-short) peak at the late third only and are a
    /// swung duple subdivision (3/4 swung, not 9/8), so the early third must reach
    /// `tripletBalance` of the late one (or the late of the early) for a triplet reading.
    func estimateSubdivision(beats: [Int], activation: [Float]) -> Int {
        var half = 0.0, early = 0.0, late = 0.0
        for b in 0..<(beats.count - 1) {
            let start = Double(beats[b]), length = Double(beats[b + 1] - beats[b])
            func peak(_ fraction: Double) -> Double {
                let centre = Int((start + fraction * length).rounded())
                var m: Float = 0
                for f in max(0, centre - 2)...min(activation.count - 1, centre + 2) { m = max(m, activation[f]) }
                return Double(m)
            }
            half += peak(0.5)
            early += peak(1.0 / 3)
            late += peak(2.0 / 3)
        }
        let thirds = min(early, late)
        return thirds > half * 1.15 && thirds >= tripletBalance * max(early, late) ? 3 : 2
    }

    /// How far the decoded downbeats stand above the song's mean feature, per downbeat, with
    /// each re-alignment of the path charged its `realignLogProbability`: the decoder's own
    /// objective, so a wrong bar length that buys its contrast with jumps does not win.
    private func contrast(_ x: [Double], positions: [Int], beatsPerBar m: Int) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        var sum = 0.0, downbeats = 0
        for (i, p) in positions.enumerated() {
            if p == 0 { sum += x[i] - mean; downbeats += 1 }
            if i > 0 && p != (positions[i - 1] + 1) % m { sum += realignLogProbability }
        }
        return downbeats > 0 ? sum / Double(downbeats) : 0
    }

    /// Mean feature over the beats whose decoded bar position is in `at`.
    private func meanAt(_ x: [Double], positions: [Int], at: Set<Int>) -> Double {
        var sum = 0.0, n = 0
        for (i, p) in positions.enumerated() where at.contains(p) { sum += x[i]; n += 1 }
        return n > 0 ? sum / Double(n) : 0
    }

    /// Viterbi over bar positions 0..<M: position advances by one per beat; a jump costs
    /// `realignLogProbability`; the downbeat position scores the feature.
    private func decode(_ x: [Double], beatsPerBar m: Int) -> [Int] {
        decodeScored(x, beatsPerBar: m).positions
    }

    private func decodeScored(_ x: [Double], beatsPerBar m: Int) -> (positions: [Int], score: Double) {
        let count = x.count
        var score = [Double](repeating: 0, count: m)
        var back = [[Int]](repeating: [Int](repeating: 0, count: m), count: count)
        for b in 0..<count {
            var next = [Double](repeating: -.infinity, count: m)
            if b == 0 {
                next = [Double](repeating: 0, count: m)
            } else {
                for q in 0..<m {
                    for p in 0..<m {
                        let s = score[p] + ((p + 1) % m == q ? 0 : realignLogProbability)
                        if s > next[q] { next[q] = s; back[b][q] = p }
                    }
                }
            }
            next[0] += x[b]
            score = next
        }
        var q = score.indices.max { score[$0] < score[$1] }!
        let best = score[q]
        var positions = [Int](repeating: 0, count: count)
        for b in stride(from: count - 1, through: 0, by: -1) {
            positions[b] = q
            q = back[b][q]
        }
        return (positions, best)
    }

    /// Cosine similarity of two chromas after removing each one's mean over the 12 pitch classes.
    private func cosine(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> Double {
        Double(Self.chromaCosine(x, y))
    }

    /// Cosine similarity of two chromas (lanes 0…11) after removing each one's mean over the 12
    /// pitch classes; 1 when either is flat. Shared with `CausalBeatTracker`. Real-time safe.
    static func chromaCosine(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> Float {
        let mask = SIMD16<Float>(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0)
        let a = (x - SIMD16(repeating: x.sum() / 12)) * mask
        let b = (y - SIMD16(repeating: y.sum() / 12)) * mask
        let dot = (a * b).sum(), na = (a * a).sum(), nb = (b * b).sum()
        guard na > 0 && nb > 0 else { return 1 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    private func standardise(_ x: [Double]) -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        var variance = 0.0
        for v in x { variance += (v - mean) * (v - mean) }
        let sd = (variance / Double(x.count)).squareRoot()
        return x.map { sd > 1e-12 ? ($0 - mean) / sd : 0 }
    }
}
