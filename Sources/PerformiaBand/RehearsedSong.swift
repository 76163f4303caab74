import PerformiaAnalysis

/// A song as rehearsed — an earlier take's chords in order, how many of its beats each lasted,
/// and the tempo its beats were counted at — for the band to anticipate its changes
/// (`BandConductor.rehearse`). A lead sheet may give the order of the chords and not their
/// lengths (chords written in the lyrics): those durations are 0.
public struct RehearsedSong: Sendable {
    public var chords: [ChordLabel]
    /// Beats each chord lasts (0: unknown).
    public var durationsBeats: [Int]
    /// The rehearsal's tempo in BPM (0: unknown): tells the follower whether the live beat is
    /// counted at the rehearsal's level, twice as fast or half as fast.
    public var tempoBPM: Double

    public init(chords: [ChordLabel], durationsBeats: [Int], tempoBPM: Double) {
        precondition(chords.count == durationsBeats.count && durationsBeats.allSatisfy { $0 >= 0 })
        self.chords = chords
        self.durationsBeats = durationsBeats
        self.tempoBPM = tempoBPM
    }
}
