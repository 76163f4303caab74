/// The instruments of the band, each on its own MIDI channel with a General MIDI program.
public enum BandPart: Int, Sendable, CaseIterable {
    case drums, bass, keys, strings, guitar

    /// MIDI channel (0-based): drums on 9 (General MIDI percussion).
    public var channel: UInt8 {
        switch self {
        case .drums: 9
        case .bass: 0
        case .keys: 1
        case .strings: 2
        case .guitar: 3
        }
    }

    /// Name used on the command line and in style files.
    public var name: String {
        switch self {
        case .drums: "drums"
        case .bass: "bass"
        case .keys: "keys"
        case .strings: "strings"
        case .guitar: "guitar"
        }
    }

    public init?(name: String) {
        guard let part = BandPart.allCases.first(where: { $0.name == name }) else { return nil }
        self = part
    }
}
