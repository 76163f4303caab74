import PerformiaCore
import PerformiaMusic

/// Offline chord recognition: an HMM over beat-synchronous NNLS chroma (`BeatChroma`) decoded by
/// Viterbi with full look-ahead. States are `ChordModel`'s vocabulary (N + 108 chords); a chord
/// changes with a probability that depends on the beat's place in the bar (harmonic rhythm:
/// most changes fall on downbeats, fewer at the half bar, few elsewhere), and a change goes to
/// any other state with equal probability. Beats quieter than `silenceRatio` × the song's
/// median level are forced to N. Given the learned chord model's output
/// (`LearnedChordActivation`), each state's emission also gets `learnedWeight` × the log of the
/// beat's mean probability of its triad (N: of no chord; sus2/sus4: of the likelier triad on the
/// root), floored at `learnedFloor`: the network hears root and third, the chroma templates keep
/// the sevenths and the rarer qualities it was never taught. Back-pointers take one byte per state per beat (130 KB for
/// ten minutes at 120 BPM).
public struct ChordRecognizer: Sendable {
    public var model = ChordModel()
    public var harmonicRhythm = HarmonicRhythmPrior()
    public var silenceRatio: Float = 0.03
    /// Nats of emission per nat of the learned model's log probability. Chosen on the training
    /// data's validation grooves (`performia-eval chord-weights`, Training/README.md): majmin
    /// 0.697 (chroma alone), 0.736, 0.746, 0.752, 0.748, 0.743 at 0, 0.5, 1, 2, 4, 8.
    public var learnedWeight: Float = 2
    /// The smallest learned probability taken at its word: how hard the network can veto a chord.
    public var learnedFloor: Float = 1e-3

    public init() {}

    /// - Parameters:
    ///   - frames: the song's `NNLSChromaDetector` frames, in order.
    ///   - rhythm: its tracked beats.
    ///   - learned: the learned chord model's output for the same song, or nil for chroma alone.
    public func recognize(_ frames: [ChromaFrame], rhythm: [Beat], beatsPerBar: Int,
                          learned: LearnedChordActivation? = nil) -> [ChordSegment] {
        let beats = BeatChroma.aggregate(frames, beats: rhythm)
        let n = beats.count
        guard n > 0 else { return [] }
        let states = ChordModel.stateCount
        var levels = beats.map { $0.level }.filter { $0 > 0 }
        levels.sort()
        let silence = levels.isEmpty ? Float.infinity : levels[levels.count / 2] * silenceRatio
        var emissions = [Float](repeating: 0, count: n * states)
        var mean = [Float](repeating: 0, count: LearnedChordActivation.classCount)
        emissions.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n {
                let row = buffer.baseAddress! + i * states
                if beats[i].level <= silence {
                    for s in 0..<states { row[s] = s == 0 ? 0 : -1e4 }
                } else {
                    model.logLikelihoods(bass: beats[i].bass, treble: beats[i].treble, into: row)
                    if let learned {
                        learned.mean(from: beats[i].start, to: beats[i].end, into: &mean)
                        addLearnedEvidence(mean, to: row, states: states)
                    }
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

    /// row[s] += learnedWeight × log(max(p(s), learnedFloor)), p(s) the probability of state s's
    /// class in the beat's mean learned probabilities.
    private func addLearnedEvidence(_ mean: [Float], to row: UnsafeMutablePointer<Float>, states: Int) {
        for s in 0..<states {
            let p: Float
            if s == 0 {
                p = mean[0]
            } else if let triad = LearnedChordActivation.triadClass(ofState: s) {
                p = mean[triad]
            } else {
                let root = ChordModel.label(ofState: s).root ?? 0
                p = max(mean[1 + 2 * root], mean[2 + 2 * root])
            }
            row[s] += learnedWeight * Math.log(max(p, learnedFloor))
        }
    }

    private func posteriorShare(_ emissions: [Float], row: Int, states: Int, state: Int) -> Float {
        var top: Float = -.infinity
        for s in 0..<states { top = max(top, emissions[row * states + s]) }
        var total: Float = 0
        for s in 0..<states { total += Math.exp(emissions[row * states + s] - top) }
        return Math.exp(emissions[row * states + state] - top) / total
    }
}
