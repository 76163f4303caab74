/// What a musician reads first about a Song Map: its key, the chords it is made of (most
/// played first), and its sections in order with their start times. `performia analyze`
/// prints it under each file's line.
public struct SongMapOverview: Sendable, Equatable {
    /// `G major`; nil when the map has no key.
    public var keyName: String?
    /// Chord symbols as the map spells them, in the order they first sound (no chord left out),
    /// at most `maximumChords`: the song's opening progression.
    public var chords: [String]
    /// Each section's name (`verse`, or `part B` when unlabelled) and start in seconds.
    public var sections: [(name: String, startSeconds: Double)]

    public static let maximumChords = 8

    public init(_ map: SongMap) {
        keyName = map.key?.name
        var seen: [String] = []
        for chord in map.chords where chord.label != "N" && !seen.contains(chord.symbol) { seen.append(chord.symbol) }
        chords = Array(seen.prefix(Self.maximumChords))
        sections = map.sections.map { ($0.label ?? "part \($0.group)", $0.start) }
    }

    public static func == (a: SongMapOverview, b: SongMapOverview) -> Bool {
        a.keyName == b.keyName && a.chords == b.chords && a.sections.elementsEqual(b.sections) { $0.name == $1.name && $0.startSeconds == $1.startSeconds }
    }
}
