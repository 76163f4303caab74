/// A line of a chart with its chords: lyrics with chords where they fall
/// (`[G]Sunday morning, roll [Em]the windows down`), or bars of chords (`[G] | [Em] | [C] [D]`,
/// `[G] . . [D7]`): the text outside the brackets and each chord at its byte offset in it.
public struct ChordLine: Sendable, Equatable {
    /// The line's text without its chords, UTF-8 (`Sunday morning, roll the windows down`,
    /// ` |  |  `).
    public var lyrics: [UInt8]
    /// The chords in order, each before the lyric byte at its `offset`.
    public var chords: [PlacedChord]

    /// A chord and where it is written.
    public struct PlacedChord: Sendable, Equatable {
        /// Byte offset in `lyrics` the chord is written before (`lyrics.count`: at the end).
        public var offset: Int
        public var symbol: ChordSymbol

        public init(offset: Int, symbol: ChordSymbol) {
            self.offset = offset
            self.symbol = symbol
        }
    }

    public init(lyrics: [UInt8] = [], chords: [PlacedChord] = []) {
        self.lyrics = lyrics
        self.chords = chords
    }

    /// Appends text after everything written so far.
    public mutating func append(text: String) { lyrics.append(contentsOf: text.utf8) }

    /// Appends a chord after everything written so far.
    public mutating func append(chord: ChordSymbol) {
        chords.append(PlacedChord(offset: lyrics.count, symbol: chord))
    }

    /// The line has words outside its brackets (a letter), not only chords, `|`, `.` and
    /// blanks: a lyric line, not bars.
    public var isLyric: Bool {
        var i = 0
        let text = lyrics[...]
        while i < text.count {
            let (scalar, length) = ChartText.scalar(in: text, at: i)
            if ChartText.isLetter(scalar) { return true }
            i += length
        }
        return false
    }
}
