/// How one part of the band plays in a style: its General MIDI program, loudness, register and
/// voicing size, and its patterns (`PatternKind`: sparse, medium, dense, fill, ending).
public struct PartStyle: Sendable, Equatable {
    /// General MIDI program 0…127 (for drums, the kit: 0 standard, 32 jazz, 40 brush).
    public var program: UInt8
    /// Multiplies the written velocities (0.1…2).
    public var level: Double
    /// Lowest and highest MIDI note of the part's register (voicings for keys, guitar and
    /// strings; bass roots are placed in the lowest 20 semitones, walking lines use all of it).
    public var lowestPitch: Int
    public var highestPitch: Int
    /// Voices per chord for keys, guitar and strings (3: root, third, fifth or seventh; 4: full
    /// seventh chords, triads with the root doubled).
    public var voiceCount: Int
    /// Widest allowed voicing, lowest to highest note, in semitones.
    public var maximumSpread: Int
    /// Patterns by `PatternKind.rawValue` (5 entries; nil where the style file gives none).
    public var patterns: [StylePattern?]

    public init(program: UInt8, level: Double = 1, lowestPitch: Int, highestPitch: Int,
                voiceCount: Int = 4, maximumSpread: Int = 12) {
        self.program = program
        self.level = level
        self.lowestPitch = lowestPitch
        self.highestPitch = highestPitch
        self.voiceCount = voiceCount
        self.maximumSpread = maximumSpread
        patterns = [nil, nil, nil, nil, nil]
    }

    /// Defaults per part: programs (standard kit, fingered bass, piano, string ensemble, steel
    /// guitar) and registers (bass E1–G3, keys C3–C5 as a pianist's comping hand, strings
    /// G3–C6, guitar E3–E5).
    public static func defaults(for part: BandPart) -> PartStyle {
        switch part {
        case .drums: PartStyle(program: 0, lowestPitch: 35, highestPitch: 81)
        case .bass: PartStyle(program: 33, lowestPitch: 28, highestPitch: 55)
        case .keys: PartStyle(program: 0, lowestPitch: 48, highestPitch: 72, maximumSpread: 12)
        case .strings: PartStyle(program: 48, lowestPitch: 55, highestPitch: 84, maximumSpread: 19)
        case .guitar: PartStyle(program: 25, lowestPitch: 52, highestPitch: 76, maximumSpread: 14)
        }
    }

    public func pattern(_ kind: PatternKind) -> StylePattern? { patterns[kind.rawValue] }

    /// Whether the style gives this part any pattern (a part without one is silent).
    public var isUsed: Bool {
        for pattern in patterns where pattern != nil { return true }
        return false
    }
}
