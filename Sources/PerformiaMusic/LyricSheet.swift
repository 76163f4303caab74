
/// The sung words of a ChordPro chart in the order they are performed, with the chords written
/// over them: lyric lines word by word (`[G]Sunday morning, roll [Em]the windows down`), lines of
/// bare chords (`[G] | [D7]`, grids) as lines without words, `{chorus}` recalling the last chorus's
/// lines. What the aligner places in time and the Living Chart shows.
public struct LyricSheet: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        /// As written, punctuation included (`morning,`).
        public var text: String
        /// `LyricWord.key`: what the lexicons look up; empty for a token with no letters.
        public var key: String
    }

    /// A chord written in a line: on a word (`[Em]the`), or after the words (nil).
    public struct Chord: Sendable, Equatable {
        public var symbol: String
        public var label: ChordLabel
        public var word: Int?
        /// Written where the word starts (a chord change the word is sung on), not inside it.
        public var atWordStart: Bool
    }

    public struct Line: Sendable, Equatable {
        /// `verse`, `chorus`, `bridge`, a custom section's name, or empty outside a section.
        public var section: String
        /// 1-based count of this section kind so far (`verse` 2).
        public var sectionNumber: Int
        /// 1-based line number in the chart's text (a recalled chorus keeps its own).
        public var chartLine: Int
        public var words: [Word]
        public var chords: [Chord]
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// The lines that have words.
    public var lyricLines: [Line] { lines.filter { !$0.words.isEmpty } }

    public var wordCount: Int { lines.reduce(0) { $0 + $1.words.count } }

    public init(_ document: ChartDocument) {
        var lines: [Line] = []
        var section = ""
        var counts: [String: Int] = [:]
        var chorus: [Line] = []
        var lastChorus: [Line] = []
        var inChorus = false
        for (index, chartLine) in document.lines.enumerated() {
            switch chartLine {
            case .directive(let directive):
                switch directive.kind {
                case .startOfSection(let kind):
                    section = Self.name(of: kind)
                    counts[section, default: 0] += 1
                    inChorus = kind == .chorus
                    if inChorus { chorus = [] }
                case .endOfSection(let kind):
                    if kind == .chorus, inChorus {
                        if !chorus.isEmpty { lastChorus = chorus }
                        inChorus = false
                    }
                    section = ""
                case .chorusRecall:
                    counts["chorus", default: 0] += 1
                    for var line in lastChorus {
                        line.sectionNumber = counts["chorus"]!
                        lines.append(line)
                    }
                default: break
                }
            case .chords(let chordLine):
                let line = Self.line(chordLine, section: section, number: counts[section] ?? 0, chartLine: index + 1)
                if line.words.isEmpty && line.chords.isEmpty { continue }
                lines.append(line)
                if inChorus { chorus.append(line) }
            case .grid(let grid):
                var chords: [Chord] = []
                for cell in grid.cells {
                    if case .chords(let symbols) = cell {
                        for symbol in symbols { chords.append(Chord(symbol: symbol.string, label: symbol.label, word: nil, atWordStart: false)) }
                    }
                }
                if chords.isEmpty { continue }
                let line = Line(section: section, sectionNumber: counts[section] ?? 0, chartLine: index + 1, words: [], chords: chords)
                lines.append(line)
                if inChorus { chorus.append(line) }
            case .blank, .comment:
                break
            }
        }
        self.lines = lines
    }

    static func name(of kind: ChartSectionKind) -> String {
        switch kind {
        case .verse: return "verse"
        case .chorus: return "chorus"
        case .bridge: return "bridge"
        case .tab: return "tab"
        case .grid: return "grid"
        case .part: return "part"
        case .custom(let bytes): return String(decoding: bytes, as: UTF8.self).lowercased()
        }
    }

    /// Words are blank-separated tokens with a letter or digit in them (a bare `|` is not one); a
    /// chord belongs to the word its offset falls in, or to the next word when it stands in the
    /// blanks before one.
    static func line(_ chordLine: ChordLine, section: String, number: Int, chartLine: Int) -> Line {
        let bytes = chordLine.lyrics
        var ranges: [Range<Int>] = []
        var words: [Word] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            let start = i
            while i < bytes.count && bytes[i] != 0x20 && bytes[i] != 0x09 { i += 1 }
            guard i > start else { continue }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            let key = LyricWord.key(text)
            guard !key.isEmpty else { continue }
            ranges.append(start..<i)
            words.append(Word(text: text, key: key))
        }
        var chords: [Chord] = []
        for placed in chordLine.chords {
            let word = ranges.firstIndex { $0.upperBound > placed.offset }
            let atStart = word.map { placed.offset <= ranges[$0].lowerBound } ?? false
            chords.append(Chord(symbol: placed.symbol.string, label: placed.symbol.label, word: word, atWordStart: atStart))
        }
        return Line(section: section, sectionNumber: number, chartLine: chartLine, words: words, chords: chords)
    }
}
