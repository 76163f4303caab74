/// A chord: a root pitch class and a quality, or no chord (`N`).
public struct ChordLabel: Sendable, Equatable, Hashable {
    /// 0…11 = C…B; nil for no chord.
    public var root: Int?
    public var quality: ChordQuality

    public static let noChord = ChordLabel(root: nil, quality: .major)

    public init(root: Int?, quality: ChordQuality) {
        self.root = root.map { (($0 % 12) + 12) % 12 }
        self.quality = quality
    }

    public var isNoChord: Bool { root == nil }

    /// The chord reduced to its major or minor triad (sevenths dropped; dim, aug and sus kept):
    /// a tracker hesitating between D and D7 still hears D.
    public var triad: ChordLabel {
        switch quality {
        case .dominantSeventh, .majorSeventh: ChordLabel(root: root, quality: .major)
        case .minorSeventh: ChordLabel(root: root, quality: .minor)
        default: self
        }
    }

    /// The chord's pitch classes as a 12-bit mask (bit 0: C); 0 for no chord. Real-time safe.
    public var pitchClassMask: UInt16 {
        guard let root else { return 0 }
        let mask = UInt32(quality.intervalMask) << UInt32(root)
        return UInt16((mask | mask >> 12) & 0xFFF)
    }

    /// How alike two chords sound: shared pitch classes over all their pitch classes (Jaccard),
    /// 1 for the same notes, 0 for none in common or either one N. C and Am7: 3 of 4.
    public func likeness(to other: ChordLabel) -> Double {
        let a = pitchClassMask, b = other.pitchClassMask
        let union = (a | b).nonzeroBitCount
        return union == 0 || a == 0 || b == 0 ? 0 : Double((a & b).nonzeroBitCount) / Double(union)
    }

    /// Harte syntax (`A:min7`, `Bb:maj`, `N`); roots spelled with `spelling`.
    public func harte(spelling: PitchSpelling = .flats) -> String {
        guard let root else { return "N" }
        return spelling.name(of: root) + ":" + quality.harte
    }

    /// Lead-sheet symbol (`Am7`, `Bb`, `N.C.`).
    public func chartSymbol(spelling: PitchSpelling = .flats) -> String {
        guard let root else { return "N.C." }
        return spelling.name(of: root) + quality.chartSuffix
    }

    /// Parses Harte shorthand (`G:maj`, `E:min7`, `N`, `C` = `C:maj`); nil for anything outside
    /// the vocabulary.
    public init?(harte text: String) {
        if text == "N" || text == "X" {
            self = .noChord
            return
        }
        // Split on the colon in UTF-8 (portable: no Character tables in Embedded Swift).
        let bytes = Array(text.utf8)
        var rootText = text
        var qualityText = "maj"
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            rootText = String(decoding: bytes[..<colon], as: UTF8.self)
            qualityText = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
        }
        guard let root = PitchSpelling.pitchClass(of: rootText) else { return nil }
        guard let quality = ChordQuality.allCases.first(where: { $0.harte == qualityText }) else { return nil }
        self.init(root: root, quality: quality)
    }
}
