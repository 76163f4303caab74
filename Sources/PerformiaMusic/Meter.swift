/// A time signature as a musician counts it: `beatsPerBar` tapped beats per bar, each divided
/// into `subdivision` (2 = simple, 3 = compound). 6/8 is 2 beats of 3; 4/4 is 4 beats of 2.
public struct Meter: Sendable, Equatable {
    public var beatsPerBar: Int
    public var subdivision: Int

    public init(beatsPerBar: Int, subdivision: Int) {
        self.beatsPerBar = beatsPerBar
        self.subdivision = subdivision
    }

    /// Numerator of the time signature (6 for 6/8).
    public var numerator: Int { subdivision == 3 ? beatsPerBar * 3 : beatsPerBar }
    /// Denominator of the time signature (8 for compound meters, 4 otherwise).
    public var denominator: Int { subdivision == 3 ? 8 : 4 }

    /// The fastest dotted-quarter pace a written compound tempo is read as, in dotted quarters a
    /// minute (a fast jig's): a 6/8 written faster than this is counted in eighth notes.
    public static let fastestDottedQuarterBPM = 140.0

    /// A compound meter's written tempo in its counted beats, dotted quarters a minute: the
    /// dotted quarter's as written (engraving's ♩. = 70, ChordPro charts, the eval kit), or, above
    /// `fastestDottedQuarterBPM`, an eighth note's (♪ = 180 in a slow 6/8) divided by three.
    public static func dottedQuarterBPM(writtenBPM: Double) -> Double {
        writtenBPM > fastestDottedQuarterBPM ? writtenBPM / 3 : writtenBPM
    }
}
