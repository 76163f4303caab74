import PerformiaCore

/// Beat tracking with the bar-pointer state space of Krebs, Böck & Widmer ("An efficient
/// state-space model for joint tempo and meter tracking", ISMIR 2015), restricted to one beat
/// per cycle as in madmom's DBNBeatTrackingProcessor, decoded with Viterbi.
///
/// States are (tempo interval `L` in frames, position `p` in 0..<L). Within a beat the position
/// advances one frame per frame; only at the beat boundary may the tempo change, with probability
/// ∝ exp(−λ·|L'/L − 1|). Observations: the first `1/observationLambda` of every beat are "beat"
/// states scored by the activation `a`, the rest by `(1 − a)/(λ − 1)`.
///
/// Memory is `O(frames × tempi)` bytes, not `O(frames × states)`: only the beat-boundary states
/// have a choice of predecessor, so only their back-pointers are stored (one byte each). The
/// forward pass is streaming (`advance`), so a causal tracker can reuse it; backtracking needs
/// the whole song and is the offline part.
public struct BeatTracker: Sendable {
    public var transitionLambda = 100.0
    public var observationLambda = 16.0

    public init() {}

    /// Returns beat positions in (fractional) frames.
    /// - Parameters:
    ///   - activation: beat activation in [0, 1], `fps` frames per second.
    ///   - minimumBPM, maximumBPM: tempo range the path may use.
    public func track(activation: [Float], framesPerSecond fps: Double,
                      minimumBPM: Double, maximumBPM: Double) -> [Int] {
        let n = activation.count
        let minInterval = max(3, Int((60 * fps / maximumBPM).rounded(.down)))
        let maxInterval = max(minInterval, Int((60 * fps / minimumBPM).rounded(.up)))
        guard n > maxInterval else { return [] }
        // Tempo states: every integer interval, at most 255 of them (one-byte back-pointers).
        var intervals: [Int] = []
        var step = 1
        while (maxInterval - minInterval) / step + 1 > 255 { step += 1 }
        var v = minInterval
        while v <= maxInterval { intervals.append(v); v += step }
        let tempi = intervals.count
        var offsets = [Int](repeating: 0, count: tempi + 1)
        for i in 0..<tempi { offsets[i + 1] = offsets[i] + intervals[i] }
        let stateCount = offsets[tempi]
        let beatRegion = intervals.map { max(1, Int(Double($0) / observationLambda)) }

        // Sparse tempo transitions: log-probabilities for pairs above 1e-9, normalised per source.
        var sources = [[(Int, Float)]](repeating: [], count: tempi)  // for each target j: (i, logp)
        for i in 0..<tempi {
            var row: [(Int, Double)] = []
            var sum = 0.0
            for j in 0..<tempi {
                let p = Math.exp(-transitionLambda * abs(Double(intervals[j]) / Double(intervals[i]) - 1))
                if p > 1e-9 { row.append((j, p)); sum += p }
            }
            for (j, p) in row { sources[j].append((i, Float(Math.log(p / sum)))) }
        }

        // Scores per state, stored as rings: logical position p of tempo i at frame t lives at
        // physical index (p − t) mod L_i.
        var score = [Float](repeating: 0, count: stateCount)
        var backPointers = [UInt8](repeating: 0, count: n * tempi)
        var leaving = [Float](repeating: 0, count: tempi)
        var arriving = [Float](repeating: 0, count: tempi)
        let lambdaTerm = Float(Math.log(observationLambda - 1))

        for t in 0..<n {
            let a = min(max(activation[t], 1e-4), 1 - 1e-4)
            let beatLog = Math.log(a)
            let otherLog = Math.log(1 - a) - lambdaTerm
            if t > 0 {
                for i in 0..<tempi {
                    let L = intervals[i]
                    let phys = ((L - 1 - (t - 1)) % L + L) % L
                    leaving[i] = score[offsets[i] + phys]
                }
                for j in 0..<tempi {
                    var best = -Float.infinity
                    var from = j
                    for (i, logp) in sources[j] {
                        let s = leaving[i] + logp
                        if s > best { best = s; from = i }
                    }
                    arriving[j] = best
                    backPointers[t * tempi + j] = UInt8(from)
                }
                for j in 0..<tempi {
                    let L = intervals[j]
                    score[offsets[j] + ((-t) % L + L) % L] = arriving[j]
                }
            }
            // Observation: every state gets log((1−a)/(λ−1)) — a shared constant, left implicit —
            // and the beat region (positions 0..<r) gets the difference log a − that.
            let beatBonus = beatLog - otherLog
            for i in 0..<tempi {
                let L = intervals[i], base = offsets[i]
                var idx = ((-t) % L + L) % L
                for _ in 0..<beatRegion[i] {
                    score[base + idx] += beatBonus
                    idx += 1
                    if idx == L { idx = 0 }
                }
            }
            if t % 1024 == 1023 {
                let top = score.max() ?? 0
                for k in 0..<stateCount { score[k] -= top }
            }
        }

        // Best final state, then walk back.
        var bestTempo = 0
        var bestPosition = 0
        var best = -Float.infinity
        for i in 0..<tempi {
            let L = intervals[i]
            for p in 0..<L {
                let s = score[offsets[i] + ((p - (n - 1)) % L + L) % L]
                if s > best { best = s; bestTempo = i; bestPosition = p }
            }
        }
        var beats: [Int] = []
        var i = bestTempo
        var p = bestPosition
        var t = n - 1
        while t >= 0 {
            if p == 0 {
                beats.append(t)
                if t > 0 {
                    i = Int(backPointers[t * tempi + i])
                    p = intervals[i] - 1
                }
            } else {
                p -= 1
            }
            t -= 1
        }
        beats.reverse()
        // Move each beat to the strongest activation inside its beat region (madmom's `correct`).
        return beats.map { b in
            let r = max(1, Int(Double(intervals[bestTempo]) / observationLambda))
            var bestFrame = b
            var bestValue = activation[b]
            for f in max(0, b - r)...min(n - 1, b + r) where activation[f] > bestValue {
                bestValue = activation[f]; bestFrame = f
            }
            return bestFrame
        }
    }
}
