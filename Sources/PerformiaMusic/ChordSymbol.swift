/// A chord symbol as a chart writes it (`G`, `F#m7`, `Bbmaj7`, `C/E`, `Dsus`, `N.C.`): the text
/// kept byte for byte, and the chord it names reduced to Performia's qualities (`C/E` is C,
/// `A9` is A7, `Ebm7b5` is Eb dim).
public struct ChordSymbol: Sendable, Equatable {
    /// The symbol as written, UTF-8 (no brackets).
    public var text: [UInt8]
    /// The chord it names.
    public var label: ChordLabel

    /// A symbol written as `text` naming `label` (for writers that know the chord).
    public init(text: [UInt8], label: ChordLabel) {
        self.text = text
        self.label = label
    }

    /// The lead-sheet symbol of `label` (`Am7`, `Bb`, `N.C.`), spelled with `spelling`.
    public init(_ label: ChordLabel, spelling: PitchSpelling = .flats) {
        self.init(text: Array(label.chartSymbol(spelling: spelling).utf8), label: label)
    }

    /// Parses a lead-sheet symbol; nil when it is not one: a root `A`…`G` with an optional `#` or
    /// `b`, a quality suffix from the table below, an optional `/bass`; or `N.C.`, `NC`, `N`.
    public init?(_ text: String) { self.init(bytes: Array(text.utf8)) }

    /// As `init?(_:)`, over UTF-8 bytes.
    public init?(bytes: [UInt8]) {
        guard let label = Self.label(of: bytes[...]) else { return nil }
        self.init(text: bytes, label: label)
    }

    /// The symbol as a `String`.
    public var string: String { ChartText.string(text[...]) }

    /// The root as written (`F#`); empty for no chord.
    public var root: String { ChartText.string(text[..<rootEnd]) }
    /// The quality suffix as written (`m7` of `F#m7/E`); empty for a major triad or no chord.
    public var suffix: String { ChartText.string(text[rootEnd..<(slash ?? text.count)]) }
    /// The quality suffix as written, UTF-8.
    var suffixBytes: ArraySlice<UInt8> { text[rootEnd..<(slash ?? text.count)] }
    /// The bass note as written (`E` of `C/E`); nil without one.
    public var bass: String? { slash.map { ChartText.string(text[($0 + 1)...]) } }

    private var slash: Int? { label.isNoChord ? nil : text.firstIndex(of: UInt8(ascii: "/")) }
    private var rootEnd: Int {
        if label.isNoChord { return 0 }
        return text.count > 1 && (text[1] == UInt8(ascii: "#") || text[1] == UInt8(ascii: "b")) ? 2 : 1
    }

    /// The chord `bytes` names, or nil.
    static func label(of bytes: ArraySlice<UInt8>) -> ChordLabel? {
        if equals(bytes, "N.C.") || equals(bytes, "N") || equals(bytes, "NC") { return .noChord }
        let end = bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
        let chord = bytes[bytes.startIndex..<end]
        guard let first = chord.first else { return nil }
        guard var root = PitchSpelling.naturalPitchClass(ofLetter: first) else { return nil }
        var suffixStart = chord.startIndex + 1
        if suffixStart < chord.endIndex {
            if chord[suffixStart] == UInt8(ascii: "#") { root += 1; suffixStart += 1 }
            else if chord[suffixStart] == UInt8(ascii: "b") { root -= 1; suffixStart += 1 }
        }
        let suffix = chord[suffixStart...]
        for (written, quality) in qualities where equals(suffix, written) {
            return ChordLabel(root: root, quality: quality)
        }
        return nil
    }

    private static func equals(_ bytes: ArraySlice<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && bytes.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Lead-sheet suffixes and the quality each is reduced to.
    private static let qualities: [(StaticString, ChordQuality)] = [
        ("", .major), ("maj", .major), ("M", .major), ("6", .major), ("add9", .major), ("5", .major),
        ("m", .minor), ("min", .minor), ("-", .minor), ("m6", .minor), ("madd9", .minor),
        ("7", .dominantSeventh), ("9", .dominantSeventh), ("11", .dominantSeventh), ("13", .dominantSeventh),
        ("maj7", .majorSeventh), ("M7", .majorSeventh), ("Δ", .majorSeventh), ("Δ7", .majorSeventh), ("maj9", .majorSeventh),
        ("m7", .minorSeventh), ("min7", .minorSeventh), ("-7", .minorSeventh), ("m9", .minorSeventh), ("m11", .minorSeventh),
        ("dim", .diminished), ("dim7", .diminished), ("°", .diminished), ("°7", .diminished), ("o", .diminished),
        ("m7b5", .diminished), ("ø", .diminished), ("ø7", .diminished),
        ("aug", .augmented), ("+", .augmented),
        ("sus2", .suspendedSecond), ("sus4", .suspendedFourth), ("sus", .suspendedFourth), ("7sus4", .suspendedFourth),
    ]
}
