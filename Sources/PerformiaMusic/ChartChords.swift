/// The chords of a chart as the band rehearses them (`RehearsedSong`), from a `ChartDocument`
/// written in either of the two ways musicians write them:
/// - **bar by bar**, as `performia chart` writes it or a musician types it:
///   `[G] | [Em] | [C] [D] | [G] . . [D7]`. A bar with one chord holds it; two chords split the
///   bar in half (the first half the longer in an odd meter); otherwise every beat is written,
///   `.` holding the chord;
/// - **a lyric sheet**, chords inline where they fall in the words:
///   `[G]Sunday morning, roll [Em]the windows down`. The order of the chords is known, not how
///   long each lasts: their durations are 0 (unknown); a line of words alone keeps the chord.
///   Chords in the same place of lines with the same chords (the third line of a verse as its
///   first, the second verse as the first) are marked as lasting alike (`sameLengthAs`), for
///   the band to learn their lengths the first time it hears them; the syllables sung over each
///   chord (`syllables`, `SyllableCounter`) say roughly how long it lasts against the others,
///   as an accompanist reading a lyric sheet for the first time hears it.
///
/// `{time: 3/4}` sets the beats per bar from where it is written (6/8, 9/8 and 12/8 count dotted
/// quarters), `{tempo: 96}` the tempo (in a compound meter the dotted quarter's, or above 140 the
/// eighth note's); `{chorus}` plays the last chorus (`{start_of_chorus}` … `{end_of_chorus}`, or
/// `{soc}` … `{eoc}`) again; other directives, other sections' environments and comments are
/// skipped. A bar of the wrong length, a bar starting with `.`, something else than chords and
/// `.` in a bar, a malformed `{time}` or `{tempo}`, `{chorus}` before a chorus and a chart with no
/// chords are refused, naming the line (columns count from the line's first non-blank).
public struct ChartChords: Sendable, Equatable {
    /// Chords in order, a repeat of the same chord merged.
    public var chords: [ChordLabel]
    /// Beats each chord lasts; 0 where the chart does not say (a lyric sheet).
    public var durationsBeats: [Int]
    /// Syllables of the words written under each chord (0 for chords written in bars).
    public var syllables: [Int]
    /// For each chord, the first chord written in the same place of a line with the same
    /// chords (its own index if none): lyric lines that repeat their chords are played alike.
    public var sameLengthAs: [Int]
    /// For each chord, the first chord written in the same place of a line with as many
    /// chords (its own index if none): a weaker likeness, as songs keep their lines' lengths.
    public var sameShapeAs: [Int]
    /// From `{tempo: …}`, when the chart gives one, in counted beats a minute: a compound
    /// meter's in dotted quarters (`Meter.dottedQuarterBPM`, eighths above a jig's pace).
    public var tempoBPM: Double?
    /// Beats per bar as counted (dotted quarters in 6/8, 9/8, 12/8); 4 where not written.
    public var beatsPerBar: Int
    /// The chart wrote its time signature (`{time: …}`).
    public var meterWritten = false
    /// Eighths in threes (6/8, 9/8, 12/8): each counted beat is a dotted quarter.
    public var isCompound = false

    /// Reads ChordPro `text` (`ChordProReader`, its warnings dropped) and its chords.
    public static func read(_ text: String) throws(ChordProDiagnostic) -> ChartChords {
        try ChartChords(ChordProReader.read(text).document)
    }

    /// The chords of `document`.
    public init(_ document: ChartDocument) throws(ChordProDiagnostic) {
        var builder = ChartChordsBuilder()
        for (index, line) in document.lines.enumerated() {
            try builder.add(line, number: index + 1)
        }
        self = try builder.finish()
    }

    init(chords: [ChordLabel], durationsBeats: [Int], syllables: [Int], sameLengthAs: [Int], sameShapeAs: [Int],
         tempoBPM: Double?, beatsPerBar: Int, meterWritten: Bool, isCompound: Bool) {
        self.chords = chords
        self.durationsBeats = durationsBeats
        self.syllables = syllables
        self.sameLengthAs = sameLengthAs
        self.sameShapeAs = sameShapeAs
        self.tempoBPM = tempoBPM
        self.beatsPerBar = beatsPerBar
        self.meterWritten = meterWritten
        self.isCompound = isCompound
    }

    /// Beats per bar of `N/D` (N of 1…16, D of 2, 4, 8, 16): N, or N / 3 for compound meters (6/8
    /// is two dotted quarters); nil when it is not one.
    public static func meter(ofTimeSignature text: [UInt8]) -> (beats: Int, compound: Bool)? {
        guard let slash = text.firstIndex(of: UInt8(ascii: "/")),
              let n = ChartNumber.integer(text[..<slash]), let d = ChartNumber.integer(text[(slash + 1)...]),
              n >= 1 && n <= 16, d == 2 || d == 4 || d == 8 || d == 16 else { return nil }
        let compound = d == 8 && n % 3 == 0 && n > 3
        return (compound ? n / 3 : n, compound)
    }
}
