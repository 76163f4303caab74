import PerformiaAnalysis
import PerformiaMusic

/// Where the performer is in a rehearsed song, and so which chord comes next: score following
/// (Dannenberg, "An on-line algorithm for real-time accompaniment", ICMC 1984; here as the
/// forward filter of an HMM over the rehearsal's beats, as in Orio & Déchelle's HMM score
/// followers, 2001) with the band's heard chord per beat as the observation.
///
/// - States: the rehearsed take's beats, each with its chord, three times over:
///   one chain per tempo octave, for one live beat per rehearsed beat, two (the rehearsal was
///   tracked at half the live tempo) and one per two (at double). Beat trackers disagree by an
///   octave between takes (a 180 BPM swing heard at 90, a ballad at 124); the chains' shares of
///   the belief are the posterior of each reading, so the follower picks it from what it hears.
/// - Transitions per beat, within a chain: advance one state (0.93), stay or skip one (0.01
///   each: the live beat count slips), or jump anywhere in the chain (0.05: the performer
///   repeats or skips a section); and 0.002 of the belief moves to the other chains (the live
///   tracker may change octave).
/// - Observation: the heard chord's triad is the state's (0.8), or else 0.2 + 0.6 × the two
///   chords' likeness² (shared notes over all notes: Dm heard where the chart says Bm7b5 shares
///   three of four, C heard for Am7 three of four); N is uninformative.
/// - The chains' prior, applied to the chords' evidence when predicting: the live tempo against
///   the rehearsal's. A chain whose octave puts the two more than half an octave apart is ten
///   times less likely (takes differ by some percent in tempo, by an octave only in how the beat
///   is counted); before the tempo is known, the rehearsal's own octave is twice as likely as
///   each other.
///
/// Real-time safe after `init` (which allocates 3.5 states per rehearsed beat); O(states) per
/// beat (a thousand-beat song: microseconds).
public struct RehearsalFollower: ~Copyable {
    private static let chainCount = 3
    private let chainStart: UnsafeMutablePointer<Int>
    private let stateCount: Int
    private let chords: UnsafeMutablePointer<ChordLabel>
    private let belief: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let chordMass: UnsafeMutablePointer<Double>
    private let triadMass: UnsafeMutablePointer<Double>
    public var advance = 0.93
    public var slip = 0.01
    public var jump = 0.05
    public var octaveChange = 0.002
    public var match = 0.8
    public var octaveMismatch = 0.1
    private var tempoRatio = 0.0
    /// Beats on which the follower expected a change or one was heard, and on how many of those
    /// it had named the heard chord.
    public private(set) var changeTrials = 0
    public private(set) var changeHits = 0
    /// How often the follower names the chord of a change (its own or the performer's), two
    /// right in four assumed before any is heard: a rehearsal whose chords are not this song as
    /// played (a wrong map, a beat tracked in another meter) falls far below.
    public var changeHitRate: Double { Double(changeHits + 2) / Double(changeTrials + 4) }
    private var lastHeard = ChordLabel.noChord

    /// - Parameter beatChords: the rehearsed take's chord on each of its beats (at least one).
    public init(beatChords: [ChordLabel]) {
        precondition(!beatChords.isEmpty)
        let n = beatChords.count
        // Chains: as rehearsed, each beat twice (live at double the rehearsal's tempo), every
        // other beat (live at half).
        let halved = (n + 1) / 2
        stateCount = n + 2 * n + halved
        chainStart = .allocate(capacity: Self.chainCount + 1)
        chainStart[0] = 0
        chainStart[1] = n
        chainStart[2] = 3 * n
        chainStart[3] = stateCount
        chords = .allocate(capacity: stateCount)
        for i in 0..<n {
            let chord = beatChords[i]
            (chords + i).initialize(to: chord)
            (chords + n + 2 * i).initialize(to: chord)
            (chords + n + 2 * i + 1).initialize(to: chord)
            if i % 2 == 0 { (chords + 3 * n + i / 2).initialize(to: chord) }
        }
        belief = .allocate(capacity: stateCount)
        scratch = .allocate(capacity: stateCount)
        chordMass = .allocate(capacity: ChordModel.stateCount)
        triadMass = .allocate(capacity: ChordModel.stateCount)
        reset()
    }

    deinit {
        chords.deinitialize(count: stateCount)
        chords.deallocate()
        chainStart.deallocate()
        belief.deallocate()
        scratch.deallocate()
        chordMass.deallocate()
        triadMass.deallocate()
    }

    /// Anywhere in the song, in any octave, equally (the tempo is forgotten).
    public mutating func reset() {
        for chain in 0..<Self.chainCount {
            let count = chainStart[chain + 1] - chainStart[chain]
            for i in chainStart[chain]..<chainStart[chain + 1] { belief[i] = 1 / Double(Self.chainCount * count) }
        }
        tempoRatio = 0
    }

    /// The belief that the live beat is counted as the rehearsal's (chain 0), twice as fast (1)
    /// or half as fast (2).
    public func octaveProbability(chain: Int) -> Double {
        var total = 0.0, sum = 0.0
        for c in 0..<Self.chainCount {
            var mass = 0.0
            for i in chainStart[c]..<chainStart[c + 1] { mass += belief[i] }
            total += mass * octavePrior(chain: c)
            if c == chain { sum = mass * octavePrior(chain: c) }
        }
        return total > 0 ? sum / total : 0
    }

    /// The prior of `chain` (unnormalised) from the live tempo over the rehearsal's.
    private func octavePrior(chain: Int) -> Double {
        guard tempoRatio > 0 else { return chain == 0 ? 2 : 1 }
        // Chains 0, 1, 2: 1, 2 and 0.5 live beats per rehearsed beat.
        let relative = tempoRatio / (chain == 0 ? 1 : chain == 1 ? 2 : 0.5)
        return relative > 0.5.squareRoot() && relative < 2.0.squareRoot() ? 1 : octaveMismatch
    }

    /// One beat went by, on which `heard` was heard (N: nothing learnt about the place), at
    /// `liveBeatsPerRehearsedBeat` (the live tempo over the rehearsal's; nil: unknown).
    public mutating func observe(_ heard: ChordLabel, liveBeatsPerRehearsedBeat ratio: Double? = nil) {
        step()
        if let ratio, ratio.isFinite, ratio > 0 { tempoRatio = ratio }
        guard !heard.isNoChord else { return }
        let chord = heard.triad
        let expected = mostLikelyChord(in: belief).chord.triad
        if !lastHeard.isNoChord && (expected != lastHeard || chord != lastHeard) {
            changeTrials += 1
            if expected == chord { changeHits += 1 }
        }
        lastHeard = chord
        var total = 0.0
        for i in 0..<stateCount {
            if chords[i].triad == chord {
                belief[i] *= match
            } else {
                let likeness = heard.likeness(to: chords[i])
                belief[i] *= (1 - match) + (2 * match - 1) * likeness * likeness
            }
            total += belief[i]
        }
        normalise(total)
    }

    /// The most likely chord `beatsAhead` beats after the last observed one, as rehearsed (`Am7`
    /// where the chart says so), and the probability of its triad.
    public func predict(beatsAhead: Int) -> (chord: ChordLabel, probability: Double) {
        for i in 0..<stateCount { scratch[i] = belief[i] }
        for _ in 0..<beatsAhead { propagate(from: scratch, into: scratch) }
        return mostLikelyChord(in: scratch)
    }

    /// The triad carrying most of `distribution` (over the states, each chain weighted by its
    /// octave prior), and its share; named by the chord of that triad that carries most.
    private func mostLikelyChord(in distribution: UnsafeMutablePointer<Double>) -> (chord: ChordLabel, probability: Double) {
        for state in 0..<ChordModel.stateCount {
            chordMass[state] = 0
            triadMass[state] = 0
        }
        var total = 0.0
        for chain in 0..<Self.chainCount {
            let prior = octavePrior(chain: chain)
            for i in chainStart[chain]..<chainStart[chain + 1] {
                chordMass[ChordModel.state(of: chords[i])] += distribution[i] * prior
                total += distribution[i] * prior
            }
        }
        for state in 0..<ChordModel.stateCount { triadMass[Self.triadState(of: state)] += chordMass[state] }
        var triad = 0
        for state in 1..<ChordModel.stateCount where triadMass[state] > triadMass[triad] { triad = state }
        var named = triad
        for state in 1..<ChordModel.stateCount where chordMass[state] > chordMass[named] && Self.triadState(of: state) == triad {
            named = state
        }
        return (ChordModel.label(ofState: named), total > 0 ? triadMass[triad] / total : 0)
    }

    /// The chord model's state of `state`'s triad.
    private static func triadState(of state: Int) -> Int {
        ChordModel.state(of: ChordModel.label(ofState: state).triad)
    }

    private mutating func step() {
        propagate(from: belief, into: belief)
    }

    /// One beat of transitions, in place allowed (`source` may be `target`).
    private func propagate(from source: UnsafeMutablePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        let stay = slip, skip = slip
        let kept = 1 - jump
        let norm = advance + stay + skip
        for chain in 0..<Self.chainCount {
            let start = chainStart[chain], end = chainStart[chain + 1]
            var mass = 0.0
            for k in start..<end { mass += source[k] }
            let uniform = jump * mass / Double(end - start)
            // Backwards so each source value is read before it is overwritten (targets i use
            // i, i−1, i−2 of the same chain).
            var i = end - 1
            while i >= start {
                var v = source[i] * stay
                if i >= start + 1 { v += source[i - 1] * advance }
                if i >= start + 2 { v += source[i - 2] * skip }
                target[i] = kept * v / norm + uniform
                i -= 1
            }
        }
        var sum = 0.0
        for k in 0..<stateCount { sum += target[k] }
        guard sum > 0 else { return }
        // A little of the belief moves to the other tempo octaves, evenly over each chain.
        for chain in 0..<Self.chainCount {
            let start = chainStart[chain], end = chainStart[chain + 1]
            let share = octaveChange * sum / Double(Self.chainCount * (end - start))
            for k in start..<end { target[k] = (1 - octaveChange) * target[k] + share }
        }
        for k in 0..<stateCount { target[k] /= sum }
    }

    private mutating func normalise(_ total: Double) {
        guard total > 0 else {
            reset()
            return
        }
        for i in 0..<stateCount { belief[i] /= total }
    }
}
