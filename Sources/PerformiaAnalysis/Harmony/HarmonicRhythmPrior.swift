/// How likely a chord change is on a beat, by the beat's place in the bar: most changes fall on
/// downbeats, fewer at the half bar, few elsewhere. Shared by the offline `ChordRecognizer` and
/// the band's beat-synchronous live decoder. Portable, allocation-free.
public struct HarmonicRhythmPrior: Sendable, Equatable {
    /// Chord-change probability on a downbeat, at the half bar, and on other beats.
    public var changeOnDownbeat = 0.35
    public var changeAtHalfBar = 0.15
    public var changeElsewhere = 0.04

    public init() {}

    /// The change probability on beat `beatInBar` (1-based) of a `beatsPerBar` bar.
    public func changeProbability(beatInBar: Int, beatsPerBar: Int) -> Double {
        if beatInBar == 1 { return changeOnDownbeat }
        if beatsPerBar >= 2 && beatsPerBar % 2 == 0 && beatInBar == beatsPerBar / 2 + 1 { return changeAtHalfBar }
        return changeElsewhere
    }
}
