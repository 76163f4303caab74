/// A band style as plain data, read from a `.style` file by `StyleParser` (format documented
/// there): meter, swing, General MIDI programs and, per part, patterns at three intensity levels
/// plus a fill and an ending — the structure of arranger keyboards' styles (Yamaha's SFF "main
/// A–D / fill-in / ending" sections) reduced to what a live band needs.
///
/// Patterns are written straight; swing is applied when they are played (`Humanizer.swing`).
public struct Style: Sendable, Equatable {
    /// Display name.
    public var name: String
    /// Beats per bar of the patterns (4 for 4/4, 3 for waltz time).
    public var beatsPerBar: Int
    /// Long:short ratio of swung pairs (1 straight, 2 triplet swing "2:1", 1.5 light swing).
    public var swingRatio: Double
    /// Which off-beats swing.
    public var swingSubdivision: SwingSubdivision
    /// Typical tempo in BPM (informative: the band follows the player).
    public var tempoBPM: Double
    /// General MIDI percussion key of the count-in (37 side stick, 42 closed hi-hat).
    public var countInNote: UInt8
    /// Cymbal struck on the downbeat after a fill or at a new section (49 crash); nil for none.
    public var cymbalNote: UInt8?
    /// Parts by `BandPart.rawValue` (5 entries).
    public var parts: [PartStyle]

    public enum SwingSubdivision: Sendable, Equatable {
        /// The off-beat eighth (the "and") is delayed.
        case eighth
        /// The second and fourth sixteenths of each beat are delayed.
        case sixteenth
    }

    public init(name: String, beatsPerBar: Int = 4) {
        self.name = name
        self.beatsPerBar = beatsPerBar
        swingRatio = 1
        swingSubdivision = .eighth
        tempoBPM = 120
        countInNote = 37
        cymbalNote = 49
        parts = [PartStyle.defaults(for: .drums), PartStyle.defaults(for: .bass), PartStyle.defaults(for: .keys),
                 PartStyle.defaults(for: .strings), PartStyle.defaults(for: .guitar)]
    }

    public subscript(part: BandPart) -> PartStyle {
        get { parts[part.rawValue] }
        set { parts[part.rawValue] = newValue }
    }
}
