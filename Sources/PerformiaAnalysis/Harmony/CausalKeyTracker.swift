import PerformiaCore
import PerformiaMusic

/// Live key: the evidence of `KeyEstimator` (each chord's harmonic function in each of the 24
/// keys, weighted by how long it sounds) accumulated as chords are heard, forgetting with a time
/// constant of `memoryBeats` beats, so a modulation takes over after a few bars. The key is the
/// strongest; `confidence` is its lead over the runner-up relative to its own evidence.
/// Allocation-free; fixed-size state.
public struct CausalKeyTracker: Sendable {
    /// Beats over which old evidence fades to 1/e.
    public var memoryBeats = 64.0
    private var evidence = [Double](repeating: 0, count: 24)
    private var current: ChordLabel = .noChord
    private var currentSince = 0.0

    public init() {}

    public mutating func reset() {
        for k in 0..<24 { evidence[k] = 0 }
        current = .noChord
        currentSince = 0
    }

    /// `chord` is heard from `beat` on (fractional beats allowed).
    public mutating func hear(_ chord: ChordLabel, atBeat beat: Double) {
        credit(until: beat)
        current = chord
        currentSince = beat
    }

    /// The key so far at `beat`, or nil before any chord.
    public mutating func key(atBeat beat: Double) -> (key: MusicalKey, confidence: Double)? {
        credit(until: beat)
        var best = 0
        for k in 1..<24 where evidence[k] > evidence[best] { best = k }
        guard evidence[best] > 0 else { return nil }
        var second = -Double.infinity
        for k in 0..<24 where k != best { second = max(second, evidence[k]) }
        return (MusicalKey(index: best), min(1, max(0, (evidence[best] - second) / evidence[best])))
    }

    /// Adds the current chord's evidence for the beats since it was last credited.
    private mutating func credit(until beat: Double) {
        let beats = beat - currentSince
        guard beats > 0 else { return }
        let decay = Math.exp(-beats / memoryBeats)
        for k in 0..<24 {
            evidence[k] *= decay
            if !current.isNoChord {
                evidence[k] += beats * KeyEstimator.harmonicFunction(current, in: MusicalKey(index: k))
            }
        }
        currentSince = beat
    }
}
