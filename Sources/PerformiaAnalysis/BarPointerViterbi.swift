import PerformiaCore

/// The state space of Krebs, Böck & Widmer ("An efficient state-space model for joint tempo
/// and meter tracking", ISMIR 2015), one beat per cycle, with its Viterbi forward step.
///
/// States are (tempo interval `L` in frames, position `p` in 0..<L). Within a beat the position
/// advances one frame per frame; only at the beat boundary may the tempo change, with probability
/// ∝ exp(−λ·|L'/L − 1|). Observations: the first `1/observationLambda` of every beat are "beat"
/// states scored by the activation `a`, the rest by `(1 − a)/(λ − 1)` — a constant shared by
/// all states and therefore left implicit.
///
/// `step` is the streaming part: all storage is allocated in `init` (raw buffers, so that debug
/// builds do not allocate either) and a step allocates nothing,
/// so the offline `BeatTracker` and a causal tracker share it. Only the beat-boundary states
/// have a choice of predecessor, so a step writes one back-pointer byte per tempo.
public final class BarPointerViterbi {
    /// Beat period of each tempo state, in frames.
    public let intervals: [Int]
    public let tempoCount: Int
    /// Frames processed since `init` or `reset`.
    public private(set) var frameCount = 0

    private let stateCount: Int
    private let period: UnsafeMutablePointer<Int>      // intervals, as raw storage for the hot loop
    private let offsets: UnsafeMutablePointer<Int>
    private let beatRegion: UnsafeMutablePointer<Int>
    private let sourceStart: UnsafeMutablePointer<Int> // transitions into tempo j: sourceStart[j]..<sourceStart[j+1]
    private let sourceFrom: UnsafeMutablePointer<Int>
    private let sourceLog: UnsafeMutablePointer<Float>
    private let score: UnsafeMutablePointer<Float>
    private let leaving: UnsafeMutablePointer<Float>
    private let lambdaTerm: Float

    /// - Parameters:
    ///   - minimumInterval, maximumInterval: beat periods in frames (at most 255 tempo states are
    ///     kept; wider ranges are sampled).
    ///   - transitionLambda: tempo-change stiffness λ (madmom's default 100).
    ///   - observationLambda: 1 / the share of a beat scored as "beat" (16).
    public init(minimumInterval: Int, maximumInterval: Int, transitionLambda: Double = 100,
                observationLambda: Double = 16) {
        var values: [Int] = []
        var step = 1
        while (maximumInterval - minimumInterval) / step + 1 > 255 { step += 1 }
        var v = max(1, minimumInterval)
        while v <= max(minimumInterval, maximumInterval) { values.append(v); v += step }
        intervals = values
        let tempi = values.count
        tempoCount = tempi
        period = .allocate(capacity: tempi)
        offsets = .allocate(capacity: tempi + 1)
        beatRegion = .allocate(capacity: tempi)
        offsets[0] = 0
        for i in 0..<tempi {
            period[i] = values[i]
            offsets[i + 1] = offsets[i] + values[i]
            beatRegion[i] = max(1, Int(Double(values[i]) / observationLambda))
        }
        stateCount = offsets[tempi]
        var incoming = [[(Int, Float)]](repeating: [], count: tempi)
        for i in 0..<tempi {
            var row: [(Int, Double)] = []
            var sum = 0.0
            for j in 0..<tempi {
                let p = Math.exp(-transitionLambda * abs(Double(values[j]) / Double(values[i]) - 1))
                if p > 1e-9 { row.append((j, p)); sum += p }
            }
            for (j, p) in row { incoming[j].append((i, Float(Math.log(p / sum)))) }
        }
        let transitions = incoming.reduce(0) { $0 + $1.count }
        sourceStart = .allocate(capacity: tempi + 1)
        sourceFrom = .allocate(capacity: max(transitions, 1))
        sourceLog = .allocate(capacity: max(transitions, 1))
        var k = 0
        for j in 0..<tempi {
            sourceStart[j] = k
            for (i, logp) in incoming[j] { sourceFrom[k] = i; sourceLog[k] = logp; k += 1 }
        }
        sourceStart[tempi] = k
        lambdaTerm = Float(Math.log(observationLambda - 1))
        score = .allocate(capacity: max(stateCount, 1))
        score.initialize(repeating: 0, count: max(stateCount, 1))
        leaving = .allocate(capacity: max(tempi, 1))
    }

    deinit {
        period.deallocate(); offsets.deallocate(); beatRegion.deallocate()
        sourceStart.deallocate(); sourceFrom.deallocate(); sourceLog.deallocate()
        score.deallocate(); leaving.deallocate()
    }

    /// Back to a uniform start, keeping storage.
    public func reset() {
        for k in 0..<stateCount { score[k] = 0 }
        frameCount = 0
    }

    /// Physical slot of logical position `p` of tempo `i` at frame `t`: positions advance by
    /// rotating the ring, not by moving scores.
    @inline(__always)
    private func slot(_ i: Int, _ p: Int, _ t: Int) -> Int {
        let L = period[i]
        return offsets[i] + ((p - t) % L + L) % L
    }

    /// Consumes one activation value in [0, 1]. When `backPointers` is given, writes for every
    /// tempo the tempo its beat-boundary state came from (`tempoCount` bytes). Allocation-free.
    public func step(activation: Float, backPointers: UnsafeMutablePointer<UInt8>?) {
        let t = frameCount
        let a = min(max(activation, 1e-4), 1 - 1e-4)
        let beatBonus = Math.log(a) - (Math.log(1 - a) - lambdaTerm)
        if t > 0 {
            for i in 0..<tempoCount { leaving[i] = score[slot(i, period[i] - 1, t - 1)] }
            for j in 0..<tempoCount {
                var best = -Float.infinity
                var from = j
                for k in sourceStart[j]..<sourceStart[j + 1] {
                    let s = leaving[sourceFrom[k]] + sourceLog[k]
                    if s > best { best = s; from = sourceFrom[k] }
                }
                score[slot(j, 0, t)] = best
                backPointers?[j] = UInt8(from)
            }
        } else if let backPointers {
            for j in 0..<tempoCount { backPointers[j] = UInt8(j) }
        }
        for i in 0..<tempoCount {
            let L = period[i], base = offsets[i]
            var index = ((-t) % L + L) % L
            for _ in 0..<beatRegion[i] {
                score[base + index] += beatBonus
                index += 1
                if index == L { index = 0 }
            }
        }
        if t % 1024 == 1023 {
            var top = -Float.infinity
            for k in 0..<stateCount { top = max(top, score[k]) }
            for k in 0..<stateCount { score[k] -= top }
        }
        frameCount += 1
    }

    /// Keeps the decoding to the tempi whose beat period lies in `periods` from now on: every
    /// state outside is lowered to the least likely state inside, so no path inside inherits a
    /// better score from outside, and once the window is lifted the states outside start level
    /// with the worst inside. Call after each `step` while the window holds. Allocation-free.
    public func confine(to periods: ClosedRange<Int>) {
        var floor = Float.infinity
        for i in 0..<tempoCount where periods.contains(period[i]) {
            for k in offsets[i]..<offsets[i + 1] { floor = min(floor, score[k]) }
        }
        guard floor.isFinite else { return }
        for i in 0..<tempoCount where !periods.contains(period[i]) {
            for k in offsets[i]..<offsets[i + 1] { score[k] = min(score[k], floor) }
        }
    }

    /// The most likely current state (tempo index, position in frames since the last beat),
    /// among the tempi whose beat period lies in `periods` (all of them by default; none in
    /// range: the nearest).
    public func bestState(periods: ClosedRange<Int> = 0...Int.max) -> (tempo: Int, position: Int) {
        var best = (tempo: 0, position: 0)
        var bestScore = -Float.infinity
        let t = frameCount - 1
        var first = 0, last = tempoCount - 1
        while first < last && period[first] < periods.lowerBound { first += 1 }
        while last > first && period[last] > periods.upperBound { last -= 1 }
        for i in first...last {
            for p in 0..<period[i] {
                let s = score[slot(i, p, t)]
                if s > bestScore { bestScore = s; best = (i, p) }
            }
        }
        return best
    }
}
