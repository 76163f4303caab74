import PerformiaAnalysis

/// Where the performer is in a rehearsed song, and so which chord comes next: score following
/// (Dannenberg, "An on-line algorithm for real-time accompaniment", ICMC 1984; here as the
/// forward filter of an HMM over the rehearsal's beats, as in Orio & Déchelle's HMM score
/// followers, 2001) with the band's heard chord per beat as the observation.
///
/// - States: the rehearsed take's beats, each with its chord (triad-reduced).
/// - Transitions per beat: advance one beat (0.85), stay or skip one (0.05 each: the live beat
///   count slips), or jump anywhere (0.05: the performer repeats or skips a section).
/// - Observation: the heard chord matches the beat's chord (0.8) or not (0.2, spread over the
///   others); N is uninformative.
///
/// Real-time safe after `init` (which allocates for the rehearsal's beats); O(beats) per beat
/// (a thousand-beat song: microseconds).
public struct RehearsalFollower: ~Copyable {
    public let beatCount: Int
    private let chords: UnsafeMutablePointer<ChordLabel>
    private let belief: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let chordMass: UnsafeMutablePointer<Double>
    public var advance = 0.85
    public var slip = 0.05
    public var jump = 0.05
    public var match = 0.8

    /// - Parameter beatChords: the rehearsed take's chord on each of its beats (at least one).
    public init(beatChords: [ChordLabel]) {
        precondition(!beatChords.isEmpty)
        beatCount = beatChords.count
        chords = .allocate(capacity: beatCount)
        belief = .allocate(capacity: beatCount)
        scratch = .allocate(capacity: beatCount)
        chordMass = .allocate(capacity: ChordModel.stateCount)
        for i in 0..<beatCount { (chords + i).initialize(to: ChordAnticipator.triad(beatChords[i])) }
        reset()
    }

    deinit {
        chords.deinitialize(count: beatCount)
        chords.deallocate()
        belief.deallocate()
        scratch.deallocate()
        chordMass.deallocate()
    }

    /// Anywhere in the song, equally.
    public mutating func reset() {
        for i in 0..<beatCount { belief[i] = 1 / Double(beatCount) }
    }

    /// One beat went by, on which `heard` was heard (N: nothing learnt).
    public mutating func observe(_ heard: ChordLabel) {
        step()
        guard !heard.isNoChord else { return }
        let chord = ChordAnticipator.triad(heard)
        var total = 0.0
        for i in 0..<beatCount {
            belief[i] *= chords[i] == chord ? match : (1 - match)
            total += belief[i]
        }
        normalise(total)
    }

    /// The most likely chord `beatsAhead` beats after the last observed one, and its probability.
    public func predict(beatsAhead: Int) -> (chord: ChordLabel, probability: Double) {
        for i in 0..<beatCount { scratch[i] = belief[i] }
        for _ in 0..<beatsAhead { propagate(from: scratch, into: scratch) }
        // The probability of each chord: summed over the beats carrying it.
        for state in 0..<ChordModel.stateCount { chordMass[state] = 0 }
        for i in 0..<beatCount { chordMass[ChordModel.state(of: chords[i])] += scratch[i] }
        var best = 0
        for state in 1..<ChordModel.stateCount where chordMass[state] > chordMass[best] { best = state }
        return (ChordModel.label(ofState: best), chordMass[best])
    }

    private mutating func step() {
        propagate(from: belief, into: belief)
    }

    /// One beat of transitions, in place allowed (`source` may be `target`).
    private func propagate(from source: UnsafeMutablePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        let n = beatCount
        let stay = slip, skip = slip
        let uniform = jump / Double(n)
        let kept = 1 - jump
        let norm = advance + stay + skip
        // Backwards so each source value is read before it is overwritten (targets i use i, i−1, i−2).
        var i = n - 1
        var total = 0.0
        for k in 0..<n { total += source[k] }
        while i >= 0 {
            var v = source[i] * stay
            if i >= 1 { v += source[i - 1] * advance }
            if i >= 2 { v += source[i - 2] * skip }
            target[i] = kept * v / norm + uniform * total
            i -= 1
        }
        var sum = 0.0
        for k in 0..<n { sum += target[k] }
        if sum > 0 { for k in 0..<n { target[k] /= sum } }
    }

    private mutating func normalise(_ total: Double) {
        guard total > 0 else {
            reset()
            return
        }
        for i in 0..<beatCount { belief[i] /= total }
    }
}
