import PerformiaAnalysis
import PerformiaMusic

/// A song as rehearsed — an earlier take's chords in order, how many of its beats each lasted,
/// and the tempo its beats were counted at — for the band to anticipate its changes
/// (`BandConductor.rehearse`). A lead sheet may give the order of the chords and not their
/// lengths (chords written in the lyrics): those durations are 0, and `sameLengthAs` says which
/// chords last alike (the same place in lines with the same chords).
public struct RehearsedSong: Sendable {
    public var chords: [ChordLabel]
    /// Beats each chord lasts (0: unknown).
    public var durationsBeats: [Int]
    /// For each chord, the index of an earlier (or the same) chord that lasts as long.
    public var sameLengthAs: [Int]
    /// For each chord, the index of an earlier (or the same) chord that likely lasts as long:
    /// the same place in a line of as many chords.
    public var sameShapeAs: [Int]
    /// Syllables sung over each chord in a lyric sheet (0: not known): how long a chord lasts
    /// against the others, before its length is heard.
    public var syllables: [Int]
    /// The rehearsal's tempo in BPM (0: unknown): tells the follower whether the live beat is
    /// counted at the rehearsal's level, twice as fast or half as fast.
    public var tempoBPM: Double

    /// - Parameters sameLengthAs, sameShapeAs: nil: every chord's length its own.
    /// - Parameter syllables: nil: none known.
    public init(chords: [ChordLabel], durationsBeats: [Int], sameLengthAs: [Int]? = nil, sameShapeAs: [Int]? = nil,
                syllables: [Int]? = nil, tempoBPM: Double) {
        precondition(chords.count == durationsBeats.count && durationsBeats.allSatisfy { $0 >= 0 })
        let syllables = syllables ?? Array(repeating: 0, count: chords.count)
        precondition(syllables.count == chords.count && syllables.allSatisfy { $0 >= 0 })
        let sameLengthAs = sameLengthAs ?? Array(chords.indices)
        let sameShapeAs = sameShapeAs ?? Array(chords.indices)
        for links in [sameLengthAs, sameShapeAs] {
            precondition(links.count == chords.count && links.indices.allSatisfy { (0...$0).contains(links[$0]) })
        }
        self.chords = chords
        self.durationsBeats = durationsBeats
        self.sameLengthAs = sameLengthAs
        self.sameShapeAs = sameShapeAs
        self.syllables = syllables
        self.tempoBPM = tempoBPM
    }
}
