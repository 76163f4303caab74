import PerformiaAnalysis

/// Where in the bar this performance changes chord. For each candidate cycle length (3, 4, 6 and
/// 8 beats, and the counted meter) it keeps, per position of the band's own beat count in the
/// cycle, the decayed share of beats that brought a change, shrunk towards a prior; it answers
/// from the cycle that predicts change-or-not best so far (the counted meter, or one clearly
/// better). So it
/// learns the harmonic rhythm from the harmony itself — a bar line a beat away from the beat
/// tracker's downbeat, a waltz counted in four, chords that move every two bars — the way a
/// musician finds the bar from where the chords move. Portable, allocation-free.
public struct HarmonicRhythmTracker: Sendable {
    /// The meter the band counts in (1…16 beats per bar).
    public let beatsPerBar: Int
    /// Weight of one past cycle against the next one (0.9: about ten cycles remembered).
    public var barDecay: Float = 0.9
    /// Beats' worth of weight given to the prior.
    public var priorWeight: Float = 2
    /// How much better (share of beats predicted) another cycle must do to be preferred to the
    /// ones before it (the counted meter first).
    public var longerCycleMargin: Float = 0.02
    /// The cycle lengths considered, the counted meter first; unused slots are 0.
    private let cycles: SIMD8<Int>
    /// Decayed changes and beats seen per position, of one cycle length.
    private struct Counts: Sendable {
        var changes = SIMD16<Float>()
        var seen = SIMD16<Float>()
    }
    private var counts = (Counts(), Counts(), Counts(), Counts(), Counts())
    /// The index in `cycles` answering now.
    public private(set) var cycleIndex = 0

    public init(beatsPerBar: Int) {
        precondition(beatsPerBar >= 1 && beatsPerBar <= 16)
        self.beatsPerBar = beatsPerBar
        var lengths = SIMD8<Int>()
        lengths[0] = beatsPerBar
        var count = 1
        for length in [3, 4, 6, 8] where length != beatsPerBar {
            lengths[count] = length
            count += 1
        }
        cycles = lengths
    }

    /// The cycle length the tracker answers from, in beats.
    public var cycleBeats: Int { cycles[cycleIndex] }

    public mutating func reset() {
        counts = (Counts(), Counts(), Counts(), Counts(), Counts())
        cycleIndex = 0
    }

    /// Beat `beat` (the band's count) was heard to change chord (`changed`) or not.
    public mutating func observe(beat: Int, changed: Bool) {
        var bestIndex = 0
        var bestScore: Float = -1
        for c in 0..<5 where cycles[c] > 0 {
            let phase = Self.phase(of: beat, cycle: cycles[c])
            var cycle = self[countsOf: c]
            cycle.changes[phase] = cycle.changes[phase] * barDecay + (changed ? 1 : 0)
            cycle.seen[phase] = cycle.seen[phase] * barDecay + 1
            self[countsOf: c] = cycle
            // How often the cycle's likelier outcome per position is right.
            var right: Float = 0
            for p in 0..<cycles[c] { right += max(cycle.changes[p], cycle.seen[p] - cycle.changes[p]) }
            let score = right / max(1, cycle.seen.sum())
            if score > bestScore + longerCycleMargin {
                bestScore = score
                bestIndex = c
            }
        }
        cycleIndex = bestIndex
    }

    /// The probability that beat `beat` brings a change; `prior` is what to expect before the
    /// performance says otherwise (`HarmonicRhythmPrior` at the tracker's bar position).
    public func changeProbability(beat: Int, prior: Double) -> Double {
        let phase = Self.phase(of: beat, cycle: cycles[cycleIndex])
        let weight = Double(priorWeight)
        let cycle = self[countsOf: cycleIndex]
        return (Double(cycle.changes[phase]) + weight * prior) / (Double(cycle.seen[phase]) + weight)
    }

    private static func phase(of beat: Int, cycle: Int) -> Int {
        (beat % cycle + cycle) % cycle
    }

    private subscript(countsOf c: Int) -> Counts {
        get {
            switch c {
            case 0: counts.0
            case 1: counts.1
            case 2: counts.2
            case 3: counts.3
            default: counts.4
            }
        }
        set {
            switch c {
            case 0: counts.0 = newValue
            case 1: counts.1 = newValue
            case 2: counts.2 = newValue
            case 3: counts.3 = newValue
            default: counts.4 = newValue
            }
        }
    }
}
