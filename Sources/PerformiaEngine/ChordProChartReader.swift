import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// Reads the chords of a ChordPro chart (https://www.chordpro.org/chordpro/), in the two ways
/// musicians write them:
/// - **bar by bar**, as `ChordProChart` writes it or a musician types it:
///   `[G] | [Em] | [C] [D] | [G] . . [D7]`. A bar with one chord holds it; two chords split the
///   bar in half (the first half the longer in an odd meter); otherwise every beat is written,
///   `.` holding the chord;
/// - **a lyric sheet**, chords inline where they fall in the words:
///   `[G]Sunday morning, roll [Em]the windows down`. The order of the chords is known, not how
///   long each lasts: their durations are 0 (unknown); a line of words alone keeps the chord.
///   Chords in the same place of lines with the same chords (the third line of a verse as its
///   first, the second verse as the first) are marked as lasting alike (`sameLengthAs`), for
///   the band to learn their lengths the first time it hears them; the syllables sung over each
///   chord (`syllables`, counted by vowel groups) say roughly how long it lasts against the
///   others, as an accompanist reading a lyric sheet for the first time hears it;
///
/// `{time: 3/4}` sets the beats per bar (6/8, 9/8 and 12/8 count dotted quarters), `{tempo: 96}`
/// the tempo (in a compound meter the dotted quarter's, or above 140 the eighth note's);
/// `{chorus}` plays the last chorus (`{start_of_chorus}` … `{end_of_chorus}`, or `{soc}` …
/// `{eoc}`) again; other directives, section environments and `#` comments are
/// skipped. Unknown chord symbols, bars of the wrong length and malformed directives are
/// refused, naming the line.
public enum ChordProChartReader {
    public struct Chart: Sendable, Equatable {
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
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where a chord is written: its place in a lyric line (the line's chords and its index
    /// among them), or a bar's worth of beats.
    private enum Place: Hashable {
        case lyric(line: [ChordLabel], index: Int)
        case bar(beats: Int)

        /// The place in a line of as many chords, whichever they are.
        var shape: Place {
            guard case .lyric(let line, let index) = self else { return self }
            return .lyric(line: Array(repeating: .noChord, count: line.count), index: index)
        }
    }

    /// A chord as written in a chorus, to play it again at `{chorus}`.
    private struct Written {
        var chord: ChordLabel
        var beats: Int
        var place: Place
        var sung: Int
    }

    public static func read(_ text: String) throws(Failure) -> Chart {
        var beatsPerBar = 4
        var meterWritten = false
        var isCompound = false
        var tempo: Double?
        var chords: [ChordLabel] = []
        var durations: [Int] = []
        var syllables: [Int] = []
        /// Where each chord was written (several places for a chord held over).
        var places: [[Place]] = []
        /// The chorus being read (nil outside one), and the last one read, for `{chorus}`.
        var chorus: [Written]?
        var lastChorus: [Written] = []
        /// `beats` beats of `chord` (0: unknown, a lyric sheet's chord), written at `place` over
        /// `sung` syllables.
        func append(_ chord: ChordLabel, beats: Int, at place: Place, sung: Int = 0) {
            chorus?.append(Written(chord: chord, beats: beats, place: place, sung: sung))
            if let last = chords.last, last == chord {
                // The same chord again: held on (how long is unknown if either is).
                let held = durations[durations.count - 1]
                durations[durations.count - 1] = held == 0 || beats == 0 ? 0 : held + beats
                syllables[syllables.count - 1] += sung
                places[places.count - 1].append(place)
            } else {
                chords.append(chord)
                durations.append(beats)
                syllables.append(sung)
                places.append([place])
            }
        }
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("{") {
                let (name, value) = directive(line)
                if name == "time" {
                    guard let meter = meter(ofTimeSignature: value) else {
                        throw Failure(description: "line \(number + 1): time signature '\(value)' is not N/D")
                    }
                    (beatsPerBar, isCompound) = meter
                    meterWritten = true
                } else if name == "tempo" {
                    guard let bpm = Double(value), bpm > 0, bpm.isFinite else {
                        throw Failure(description: "line \(number + 1): tempo '\(value)' is not a number of BPM")
                    }
                    tempo = bpm
                } else if name == "start_of_chorus" || name == "soc" {
                    chorus = []
                } else if name == "end_of_chorus" || name == "eoc" {
                    if let chorus, !chorus.isEmpty { lastChorus = chorus }
                    chorus = nil
                } else if name == "chorus" {
                    guard !lastChorus.isEmpty else {
                        throw Failure(description: "line \(number + 1): {chorus} before any chorus with chords")
                    }
                    for written in lastChorus { append(written.chord, beats: written.beats, at: written.place, sung: written.sung) }
                }
                continue
            }
            if isLyricLine(line) {
                let (lineChords, leadingSyllables, sung) = try inlineChords(line, lineNumber: number + 1)
                // Words before the line's first chord (or a line of words alone) are sung over
                // the chord held from before.
                if !syllables.isEmpty {
                    syllables[syllables.count - 1] += leadingSyllables
                    if let last = chorus?.indices.last { chorus?[last].sung += leadingSyllables }
                }
                // Lines whose chords differ only by sevenths (G Em C D, G Em C D7) are alike.
                let line = lineChords.map(\.triad)
                for (index, chord) in lineChords.enumerated() {
                    append(chord, beats: 0, at: .lyric(line: line, index: index), sung: sung[index])
                }
                continue
            }
            for bar in line.split(separator: "|", omittingEmptySubsequences: true) {
                var items: [ChordLabel?] = []  // nil: `.`, the chord held
                var rest = Substring(bar)
                while let first = rest.first {
                    if first == " " || first == "\t" {
                        rest = rest.dropFirst()
                    } else if first == "." {
                        items.append(nil)
                        rest = rest.dropFirst()
                    } else if first == "[" {
                        let (chord, after) = try bracketedChord(at: rest.startIndex, in: rest, lineNumber: number + 1)
                        items.append(chord)
                        rest = after
                    } else {
                        throw Failure(description: "line \(number + 1): '\(first)' in a bar (a bar holds chords and '.')")
                    }
                }
                if items.isEmpty { continue }
                guard let opening = items[0] else {
                    throw Failure(description: "line \(number + 1): a bar starts with '.', holding no chord")
                }
                let chordCount = items.count(where: { $0 != nil })
                if items.count == 1 {
                    append(opening, beats: beatsPerBar, at: .bar(beats: beatsPerBar))
                } else if items.count == 2 && chordCount == 2 {
                    append(opening, beats: (beatsPerBar + 1) / 2, at: .bar(beats: (beatsPerBar + 1) / 2))
                    append(items[1]!, beats: beatsPerBar / 2, at: .bar(beats: beatsPerBar / 2))
                } else {
                    guard items.count == beatsPerBar else {
                        throw Failure(description: "line \(number + 1): a bar of \(items.count) beats in \(beatsPerBar)/bar")
                    }
                    var current = opening
                    for item in items {
                        if let item { current = item }
                        append(current, beats: 1, at: .bar(beats: 1))
                    }
                }
            }
        }
        guard !chords.isEmpty else {
            throw Failure(description: "no chords (write them bar by bar, [G] | [C] [D], or in the lyrics, [G]Sunday [C]morning)")
        }
        return Chart(chords: chords, durationsBeats: durations, syllables: syllables, sameLengthAs: places.firstOccurrenceIndices(),
                     sameShapeAs: places.map { $0.map(\.shape) }.firstOccurrenceIndices(),
                     tempoBPM: isCompound ? tempo.map(Meter.dottedQuarterBPM) : tempo, beatsPerBar: beatsPerBar,
                     meterWritten: meterWritten, isCompound: isCompound)
    }

    /// A line with words outside its brackets (not only chords, `|` and `.`).
    private static func isLyricLine(_ line: String) -> Bool {
        var depth = 0
        for character in line {
            if character == "[" { depth += 1 } else if character == "]" { depth = max(0, depth - 1) }
            else if depth == 0 && character.isLetter { return true }
        }
        return false
    }

    /// The chords of a lyric line in order, the syllables sung before the first, and those sung
    /// over each (up to the next chord or the line's end).
    private static func inlineChords(_ line: String, lineNumber: Int) throws(Failure)
        -> (chords: [ChordLabel], leadingSyllables: Int, syllables: [Int]) {
        var chords: [ChordLabel] = []
        var syllables: [Int] = []
        var rest = Substring(line)
        var leading = 0
        while let open = rest.firstIndex(of: "[") {
            let words = syllableCount(rest[..<open])
            if syllables.isEmpty { leading += words } else { syllables[syllables.count - 1] += words }
            let (chord, after) = try bracketedChord(at: open, in: rest, lineNumber: lineNumber)
            chords.append(chord)
            syllables.append(0)
            rest = after
        }
        let words = syllableCount(rest)
        if syllables.isEmpty { leading += words } else { syllables[syllables.count - 1] += words }
        return (chords, leading, syllables)
    }

    /// Syllables in `text`, counted as groups of vowels (y included) in each run of letters, a
    /// final silent `e` not counted, at least one a run: English spelling's rough count, which
    /// is what the chords' shares need. A word split by a chord (`no[D7]where`) counts in both
    /// halves, as it is sung across the change.
    public static func syllableCount(_ text: Substring) -> Int {
        var total = 0
        var groups = 0
        var inVowels = false
        var run: [Character] = []
        func endRun() {
            guard !run.isEmpty else { return }
            if groups > 1, run.count > 2, run.last == "e", run[run.count - 2] != "l", !"aeiouy".contains(run[run.count - 2]) {
                groups -= 1
            }
            total += max(1, groups)
            groups = 0
            inVowels = false
            run.removeAll(keepingCapacity: true)
        }
        for character in text.lowercased() {
            guard character.isLetter else {
                if character != "'" { endRun() }
                continue
            }
            run.append(character)
            let vowel = "aeiouy".contains(character)
            if vowel && !inVowels { groups += 1 }
            inVowels = vowel
        }
        endRun()
        return total
    }

    /// The chord of the `[symbol]` opening at `open` in `text`, and the text after its `]`.
    private static func bracketedChord(at open: Substring.Index, in text: Substring,
                                       lineNumber: Int) throws(Failure) -> (ChordLabel, Substring) {
        guard let close = text[open...].firstIndex(of: "]") else {
            throw Failure(description: "line \(lineNumber): '[' without ']'")
        }
        let symbol = String(text[text.index(after: open)..<close])
        guard let chord = chord(symbol) else {
            throw Failure(description: "line \(lineNumber): '\(symbol)' is not a chord symbol")
        }
        return (chord, text[text.index(after: close)...])
    }

    /// `{name: value}` → (lower-cased name, trimmed value).
    private static func directive(_ line: String) -> (String, String) {
        let body = line.dropFirst().prefix { $0 != "}" }
        guard let colon = body.firstIndex(of: ":") else { return (body.lowercased(), "") }
        return (body[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// Beats per bar of `N/D`: N, or N / 3 for compound meters (6/8 is two dotted quarters).
    static func meter(ofTimeSignature text: String) -> (beats: Int, compound: Bool)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), (1...16).contains(n), [2, 4, 8, 16].contains(d) else {
            return nil
        }
        let compound = d == 8 && n % 3 == 0 && n > 3
        return (compound ? n / 3 : n, compound)
    }

    /// A lead-sheet chord symbol (`G`, `Em`, `F#m7`, `Bbmaj7`, `D7`, `Bdim`, `Caug`, `Dsus4`,
    /// `C/E`, `N.C.`), reduced to Performia's qualities; nil when it is not one.
    public static func chord(_ symbol: String) -> ChordLabel? {
        if symbol == "N.C." || symbol == "N" || symbol == "NC" { return .noChord }
        let withoutBass = symbol.split(separator: "/", maxSplits: 1).first.map(String.init) ?? symbol
        var rootLength = 1
        let scalars = Array(withoutBass.unicodeScalars)
        guard let first = scalars.first, "ABCDEFG".unicodeScalars.contains(first) else { return nil }
        if scalars.count > 1 && (scalars[1] == "#" || scalars[1] == "b") { rootLength = 2 }
        let rootName = String(String.UnicodeScalarView(scalars[0..<rootLength]))
        guard let root = PitchSpelling.pitchClass(of: rootName) else { return nil }
        let suffix = String(String.UnicodeScalarView(scalars[rootLength...]))
        guard let quality = qualities[suffix] else { return nil }
        return ChordLabel(root: root, quality: quality)
    }

    private static let qualities: [String: ChordQuality] = [
        "": .major, "maj": .major, "M": .major, "6": .major, "add9": .major, "5": .major,
        "m": .minor, "min": .minor, "-": .minor, "m6": .minor, "madd9": .minor,
        "7": .dominantSeventh, "9": .dominantSeventh, "11": .dominantSeventh, "13": .dominantSeventh,
        "maj7": .majorSeventh, "M7": .majorSeventh, "Δ": .majorSeventh, "Δ7": .majorSeventh, "maj9": .majorSeventh,
        "m7": .minorSeventh, "min7": .minorSeventh, "-7": .minorSeventh, "m9": .minorSeventh, "m11": .minorSeventh,
        "dim": .diminished, "dim7": .diminished, "°": .diminished, "°7": .diminished, "o": .diminished,
        "m7b5": .diminished, "ø": .diminished, "ø7": .diminished,
        "aug": .augmented, "+": .augmented,
        "sus2": .suspendedSecond, "sus4": .suspendedFourth, "sus": .suspendedFourth, "7sus4": .suspendedFourth,
    ]
}
