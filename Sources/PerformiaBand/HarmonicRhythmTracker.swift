import PerformiaAnalysis

/// Where in the bar this performance changes chord: per position of the beat in a
/// `beatsPerBar` cycle of the band's own beat count, the decayed share of beats that brought a
/// change, shrunk towards a prior. It learns the harmonic rhythm from the harmony itself, so it
/// holds even when the beat tracker's downbeat is a beat off — the way a musician finds the bar
/// line from where the chords move. Portable, allocation-free (at most 16 beats per bar).
public struct HarmonicRhythmTracker: Sendable {
    public let beatsPerBar: Int
    /// Weight of one past bar against the next one (0.9: about ten bars remembered).
    public var barDecay: Float = 0.9
    /// Beats' worth of weight given to the prior.
    public var priorWeight: Float = 2
    private var changes = SIMD16<Float>()
    private var seen = SIMD16<Float>()

    public init(beatsPerBar: Int) {
        precondition(beatsPerBar >= 1 && beatsPerBar <= 16)
        self.beatsPerBar = beatsPerBar
    }

    public mutating func reset() {
        changes = SIMD16<Float>()
        seen = SIMD16<Float>()
    }

    /// Beat `beat` (the band's count) was heard to change chord (`changed`) or not.
    public mutating func observe(beat: Int, changed: Bool) {
        let phase = self.phase(of: beat)
        changes[phase] = changes[phase] * barDecay + (changed ? 1 : 0)
        seen[phase] = seen[phase] * barDecay + 1
    }

    /// The probability that beat `beat` brings a change; `prior` is what to expect before the
    /// performance says otherwise (`HarmonicRhythmPrior` at the tracker's bar position).
    public func changeProbability(beat: Int, prior: Double) -> Double {
        let phase = self.phase(of: beat)
        let weight = Double(priorWeight)
        return (Double(changes[phase]) + weight * prior) / (Double(seen[phase]) + weight)
    }

    private func phase(of beat: Int) -> Int {
        (beat % beatsPerBar + beatsPerBar) % beatsPerBar
    }
}
