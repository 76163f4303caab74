/// A line of a ChordPro 6 chord grid (`{start_of_grid}` … `{end_of_grid}`,
/// https://www.chordpro.org/chordpro/directives-env_grid/): bare chord names in cells, one cell
/// a beat by default, bars between `|` lines — `|| Am . . . | C . . . | D . / . | % ||` — and
/// text in its margins. Read and written token by token: `read(write(line)) == line`.
public struct GridLine: Sendable, Equatable {
    /// One blank-separated token of a grid line.
    public enum Cell: Sendable, Equatable {
        /// A bar line as written: `|`, `||`, `|.`, `|:`, `:|`, `:|:`, `:|.`, a volta `|2` or `|2>`.
        case barLine([UInt8])
        /// A cell with one chord, or several played in it (`C~G`, the first on the cell's start).
        case chords([ChordSymbol])
        /// `.`: nothing new, the chord holds.
        case hold
        /// `/`: the chord again (it holds, struck anew).
        case repeatChord
        /// `%` (the last bar again) or `%%` (the last two bars again), as written.
        case repeatBars([UInt8])
        /// Words in a margin, or an annotation (`*Coda`), as written.
        case text([UInt8])
    }

    public var cells: [Cell]

    public init(cells: [Cell] = []) { self.cells = cells }

    /// Reads the blank-separated tokens of `bytes` (trimmed, UTF-8). Tokens before the first bar
    /// line and after the last one are margin text; between them each is a cell, and one that is
    /// not a bar line, `.`, `/`, `%`, `%%`, `*annotation` or chords joined by `~` (bare, or in
    /// brackets as a lyric line writes them) is refused with its byte offset in `bytes` and a
    /// message.
    public static func read(_ bytes: ArraySlice<UInt8>) throws(Failure) -> GridLine {
        var tokens: [Range<Int>] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            while i < bytes.endIndex && ChartText.isBlank(bytes[i]) { i += 1 }
            let start = i
            while i < bytes.endIndex && !ChartText.isBlank(bytes[i]) { i += 1 }
            if i > start { tokens.append(start..<i) }
        }
        let barIndices = tokens.indices.filter { isBarLine(bytes[tokens[$0]]) }
        var line = GridLine()
        for (index, range) in tokens.enumerated() {
            let token = bytes[range]
            let inMargin = barIndices.isEmpty || index < barIndices[0] || index > barIndices[barIndices.count - 1]
            if isBarLine(token) {
                line.cells.append(.barLine(Array(token)))
            } else if inMargin || token.first == UInt8(ascii: "*") {
                line.cells.append(.text(Array(token)))
            } else if ChartText.equalsIgnoringCase(token, ".") {
                line.cells.append(.hold)
            } else if ChartText.equalsIgnoringCase(token, "/") {
                line.cells.append(.repeatChord)
            } else if ChartText.equalsIgnoringCase(token, "%") || ChartText.equalsIgnoringCase(token, "%%") {
                line.cells.append(.repeatBars(Array(token)))
            } else {
                // A chord written in brackets as in a lyric line (`[G]`) is read as the chord.
                var range = range
                if range.count > 2 && bytes[range.lowerBound] == UInt8(ascii: "[") && bytes[range.upperBound - 1] == UInt8(ascii: "]") {
                    range = (range.lowerBound + 1)..<(range.upperBound - 1)
                }
                var symbols: [ChordSymbol] = []
                var start = range.lowerBound
                for end in range.lowerBound...range.upperBound where end == range.upperBound || bytes[end] == UInt8(ascii: "~") {
                    guard let symbol = ChordSymbol(bytes: Array(bytes[start..<end])) else {
                        throw Failure(offset: start, message: "'\(QuotedText.of(Array(bytes[start..<end])))' is not a chord symbol")
                    }
                    symbols.append(symbol)
                    start = end + 1
                }
                line.cells.append(.chords(symbols))
            }
        }
        return line
    }

    /// A token refused, at byte `offset` of the bytes read.
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var message: String
    }

    /// The line as ChordPro text, its tokens separated by one space (no newline).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for cell in cells {
            if !out.isEmpty { out.append(ChartText.space) }
            switch cell {
            case .barLine(let text), .repeatBars(let text), .text(let text): out.append(contentsOf: text)
            case .hold: out.append(UInt8(ascii: "."))
            case .repeatChord: out.append(UInt8(ascii: "/"))
            case .chords(let symbols):
                for (index, symbol) in symbols.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: "~")) }
                    out.append(contentsOf: symbol.text)
                }
            }
        }
        return out
    }

    /// `|`, `||`, `|.`, `|:`, `:|`, `:|:`, `:|.`, or a volta `|1`, `|2>`: made of `|`, `:` and
    /// `.` with at least one `|`, or `|` followed by digits and an optional `>`.
    static func isBarLine(_ token: ArraySlice<UInt8>) -> Bool {
        guard token.contains(UInt8(ascii: "|")) else { return false }
        if token.allSatisfy({ $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) {
            return token.count <= 3
        }
        guard token.first == UInt8(ascii: "|") else { return false }
        var rest = token.dropFirst()
        if rest.last == UInt8(ascii: ">") { rest = rest.dropLast() }
        return !rest.isEmpty && rest.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
