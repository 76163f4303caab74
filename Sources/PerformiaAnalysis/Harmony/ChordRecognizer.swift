import PerformiaCore

/// Offline chord recognition: an HMM over beat-synchronous NNLS chroma (`BeatChroma`) decoded by
/// Viterbi with full look-ahead. States are `ChordModel`'s vocabulary (N + 108 chords); a chord
/// changes with a probability that depends on the beat's place in the bar (harmonic rhythm:
/// most changes fall on downbeats, fewer at the half bar, few elsewhere), and a change goes to
/// any other state with equal probability. Beats quieter than `silenceRatio` × the song's
/// median level are forced to N. Back-pointers take one byte per state per beat (130 KB for
/// ten minutes at 120 BPM).
public struct ChordRecognizer: Sendable {
    public var model = ChordModel()
    public var harmonicRhythm = HarmonicRhythmPrior()
    public var silenceRatio: Float = 0.03

    public init() {}

    /// - Parameters:
    ///   - frames: the song's `NNLSChromaDetector` frames, in order.
    ///   - rhythm: its tracked beats.
    public func recognize(_ frames: [ChromaFrame], rhythm: [Beat], beatsPerBar: Int) -> [ChordSegment] {
        let beats = BeatChroma.aggregate(frames, beats: rhythm)
        let n = beats.count
        guard n > 0 else { return [] }
        let states = ChordModel.stateCount
        var levels = beats.map { $0.level }.filter { $0 > 0 }
        levels.sort()
        let silence = levels.isEmpty ? Float.infinity : levels[levels.count / 2] * silenceRatio
        var emissions = [Float](repeating: 0, count: n * states)
        emissions.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n {
                let row = buffer.baseAddress! + i * states
                if beats[i].level <= silence {
                    for s in 0..<states { row[s] = s == 0 ? 0 : -1e4 }
                } else {
                    model.logLikelihoods(bass: beats[i].bass, treble: beats[i].treble, into: row)
                }
            }
        }
        // Viterbi: stay, or jump to any state with change / (states − 1).
        var score = [Float](repeating: 0, count: states)
        var next = [Float](repeating: 0, count: states)
        var back = [UInt8](repeating: 0, count: n * states)
        for s in 0..<states { score[s] = emissions[s] }
        for i in 1..<max(n, 1) where i < n {
            let change = harmonicRhythm.changeProbability(beatInBar: rhythm[i].beatInBar, beatsPerBar: beatsPerBar)
            let stay = Float(Math.log(1 - change))
            let jump = Float(Math.log(change / Double(states - 1)))
            var best = 0
            for s in 1..<states where score[s] > score[best] { best = s }
            for s in 0..<states {
                let fromSelf = score[s] + stay
                let fromBest = score[best] + jump
                if fromSelf >= fromBest || best == s {
                    next[s] = fromSelf
                    back[i * states + s] = UInt8(s)
                } else {
                    next[s] = fromBest
                    back[i * states + s] = UInt8(best)
                }
                next[s] += emissions[i * states + s]
            }
            // Keep scores bounded.
            let top = next.max() ?? 0
            for s in 0..<states { score[s] = next[s] - top }
        }
        var path = [Int](repeating: 0, count: n)
        var last = 0
        for s in 1..<states where score[s] > score[last] { last = s }
        path[n - 1] = last
        var i = n - 1
        while i > 0 {
            path[i - 1] = Int(back[i * states + path[i]])
            i -= 1
        }
        // Segments, with the chord's mean posterior share (softmax of the emissions) as confidence.
        var segments: [ChordSegment] = []
        var segmentStart = 0
        var confidenceSum: Float = 0
        for i in 0..<n {
            confidenceSum += posteriorShare(emissions, row: i, states: states, state: path[i])
            if i == n - 1 || path[i + 1] != path[i] {
                let count = Float(i - segmentStart + 1)
                segments.append(ChordSegment(start: beats[segmentStart].start, end: beats[i].end,
                                             chord: ChordModel.label(ofState: path[i]),
                                             confidence: confidenceSum / count))
                segmentStart = i + 1
                confidenceSum = 0
            }
        }
        return segments
    }

    private func posteriorShare(_ emissions: [Float], row: Int, states: Int, state: Int) -> Float {
        var top: Float = -.infinity
        for s in 0..<states { top = max(top, emissions[row * states + s]) }
        var total: Float = 0
        for s in 0..<states { total += Math.exp(emissions[row * states + s] - top) }
        return Math.exp(emissions[row * states + state] - top) / total
    }
}
