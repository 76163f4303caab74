/// Deterministic humanization: velocity variation over an accent structure, micro-timing, and
/// swing. Same seed, same performance — tests and offline renders are reproducible, and a live
/// band and its recording agree.
///
/// - Random numbers: xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift
///   generators, scrambled", ACM TOMS 42(4), 2016), seeded through SplitMix64 so that nearby seeds
///   give unrelated streams. No Foundation; portable.
/// - Velocity: written velocity + metric accent (`accent`: downbeat +6, the bar's middle beat +3,
///   off-beat eighths −3, other subdivisions −5) + a triangular jitter within ±`velocityRange`,
///   clamped to 1…127: the metrical accent of the KTH performance rules (Friberg, Bresin &
///   Sundberg, "Overview of the KTH rule system for musical performance", Advances in Cognitive
///   Psychology 2, 2006).
/// - Timing: a uniform offset within ±`timingRangeMilliseconds`, converted to beats at the
///   tempo; drummers' onsets scatter by a few milliseconds around the grid (Hellmer & Madison,
///   "Quantifying microtiming patterning and variability in drum kit recordings", Music
///   Perception 33, 2015).
/// - Swing: off-beats of straight patterns delayed to ratio/(1+ratio) of their pair (Friberg &
///   Sundström, "Swing ratios and ensemble timing in jazz performance", Music Perception 19, 2002).
///
/// Real-time safe: no allocation, no locks.
public struct Humanizer: Sendable {
    /// Largest velocity deviation from written + accent, in MIDI velocity steps.
    public let velocityRange: Int
    /// Largest timing deviation, in milliseconds.
    public let timingRangeMilliseconds: Double
    private var state: UInt64

    public init(seed: UInt64, velocityRange: Int = 8, timingRangeMilliseconds: Double = 5) {
        precondition(velocityRange >= 0 && timingRangeMilliseconds >= 0)
        self.velocityRange = velocityRange
        self.timingRangeMilliseconds = timingRangeMilliseconds
        // SplitMix64 (Steele, Lea & Flood, 2014) of the seed; xorshift must not start at 0.
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        state = z == 0 ? 0x2545_F491_4F6C_DD1D : z
    }

    /// The next 64 random bits (xorshift64*).
    public mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [-1, 1).
    public mutating func symmetric() -> Double { unit() * 2 - 1 }

    /// Metric accent in velocity steps for a position `tick` (1/12 beat, `PatternStep.ticksPerBeat`)
    /// from the bar's start.
    public static func accent(tickInBar tick: Int, beatsPerBar: Int) -> Int {
        let perBeat = PatternStep.ticksPerBeat
        let offset = tick % perBeat
        if offset == 0 {
            let beat = tick / perBeat
            if beat == 0 { return 6 }
            if beatsPerBar >= 4 && beatsPerBar % 2 == 0 && beat == beatsPerBar / 2 { return 3 }
            return 0
        }
        return offset == perBeat / 2 ? -3 : -5
    }

    /// A played velocity: `written` (before rounding) + `accent` + jitter, clamped to 1…127.
    public mutating func velocity(_ written: Double, tickInBar: Int, beatsPerBar: Int) -> UInt8 {
        let jitter = (unit() + unit() - 1) * Double(velocityRange)  // triangular in ±range
        let value = written + Double(Humanizer.accent(tickInBar: tickInBar, beatsPerBar: beatsPerBar)) + jitter
        let rounded = Int((value + 0.5).rounded(.down))
        return UInt8(min(127, max(1, rounded)))
    }

    /// A micro-timing offset in beats at `tempoBPM`, within ±`timingRangeMilliseconds`.
    public mutating func timingOffsetBeats(tempoBPM: Double) -> Double {
        symmetric() * timingRangeMilliseconds * 0.001 * tempoBPM / 60
    }

    /// Swings a straight position (in beats): an off-beat eighth (x.5) or, with sixteenths, an
    /// off-beat sixteenth (x.25, x.75) moves to `ratio / (1 + ratio)` of its pair — 2/3 of the
    /// beat for 2:1 eighths. Every other position is returned unchanged.
    public static func swing(_ position: Double, ratio: Double, subdivision: Style.SwingSubdivision) -> Double {
        guard ratio != 1 else { return position }
        let pair = subdivision == .eighth ? 1.0 : 0.5
        let start = (position / pair).rounded(.down) * pair
        let offset = position - start
        guard (offset - pair / 2).magnitude < 1e-9 else { return position }
        return start + pair * ratio / (1 + ratio)
    }
}
