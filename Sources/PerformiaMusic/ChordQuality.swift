/// The chord qualities Performia recognises, with their Harte (2005) shorthand.
public enum ChordQuality: Int, Sendable, CaseIterable {
    case major, minor, dominantSeventh, majorSeventh, minorSeventh, diminished, augmented, suspendedSecond, suspendedFourth

    /// Number of qualities (`allCases.count` without building the array: real-time safe).
    public static var count: Int { 9 }

    /// Harte shorthand: `maj`, `min`, `7`, `maj7`, `min7`, `dim`, `aug`, `sus2`, `sus4`.
    public var harte: String {
        switch self {
        case .major: "maj"
        case .minor: "min"
        case .dominantSeventh: "7"
        case .majorSeventh: "maj7"
        case .minorSeventh: "min7"
        case .diminished: "dim"
        case .augmented: "aug"
        case .suspendedSecond: "sus2"
        case .suspendedFourth: "sus4"
        }
    }

    /// Lead-sheet suffix for charts: `""`, `m`, `7`, `maj7`, `m7`, `dim`, `aug`, `sus2`, `sus4`.
    public var chartSuffix: String {
        switch self {
        case .major: ""
        case .minor: "m"
        case .minorSeventh: "m7"
        default: harte
        }
    }

    /// Semitones above the root, ascending (from `intervalMask`; allocates).
    public var intervals: [Int] {
        (0..<12).filter { intervalMask & 1 << UInt16($0) != 0 }
    }

    /// The chord's notes as a 12-bit mask, bit k for k semitones above the root; real-time safe.
    public var intervalMask: UInt16 {
        switch self {
        case .major: 0b0000_1001_0001
        case .minor: 0b0000_1000_1001
        case .dominantSeventh: 0b0100_1001_0001
        case .majorSeventh: 0b1000_1001_0001
        case .minorSeventh: 0b0100_1000_1001
        case .diminished: 0b0000_0100_1001
        case .augmented: 0b0001_0001_0001
        case .suspendedSecond: 0b0000_1000_0101
        case .suspendedFourth: 0b0000_1010_0001
        }
    }

    /// True when the triad has a minor third (for the major/minor reduction).
    public var isMinor: Bool { self == .minor || self == .minorSeventh || self == .diminished }
}
