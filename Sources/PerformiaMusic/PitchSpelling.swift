/// How pitch classes are named: with flats (`Bb`, `Eb`) or sharps (`F#`, `C#`).
public enum PitchSpelling: Sendable {
    case flats, sharps

    /// The spelling a key signature implies: sharps for G, D, A, E, B, F# major and their
    /// relative minors; flats otherwise (C major / A minor use flats for accidentals).
    public init(key: MusicalKey) {
        let major = key.isMinor ? (key.tonic + 3) % 12 : key.tonic
        self = [7, 2, 9, 4, 11, 6].contains(major) ? .sharps : .flats
    }

    public func name(of pitchClass: Int) -> String {
        let pc = ((pitchClass % 12) + 12) % 12
        switch self {
        case .flats: return ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"][pc]
        case .sharps: return ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"][pc]
        }
    }

    /// Pitch class of a note letter (`C` … `B`, ASCII uppercase); nil for any other byte.
    public static func naturalPitchClass(ofLetter letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "C"): 0
        case UInt8(ascii: "D"): 2
        case UInt8(ascii: "E"): 4
        case UInt8(ascii: "F"): 5
        case UInt8(ascii: "G"): 7
        case UInt8(ascii: "A"): 9
        case UInt8(ascii: "B"): 11
        default: nil
        }
    }

    /// Pitch class of a note name (`C`, `F#`, `Bb`, `Cb`, `E#`…); nil when it is not one.
    public static func pitchClass(of name: String) -> Int? {
        var letters = Array(name.utf8)
        guard let first = letters.first else { return nil }
        guard let natural = naturalPitchClass(ofLetter: first) else { return nil }
        letters.removeFirst()
        var pc = natural
        for c in letters {
            switch c {
            case UInt8(ascii: "#"): pc += 1
            case UInt8(ascii: "b"): pc -= 1
            default: return nil
            }
        }
        return ((pc % 12) + 12) % 12
    }
}
