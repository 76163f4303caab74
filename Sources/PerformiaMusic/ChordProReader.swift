/// Reads a ChordPro chart (https://www.chordpro.org/chordpro/) from its bytes into a
/// `ChartDocument`, one `ChartLine` per line: blank lines, `#` comments, `{directives}`,
/// lines of lyrics or bars with `[chords]`, and inside `{start_of_grid}` … `{end_of_grid}` grid
/// lines of bare chords (`GridLine`). Lines end at `\n` (a `\r` before it is dropped);
/// blanks and carriage returns around a line are trimmed.
///
/// Refused, with the line and column (1-based, in Unicode scalars): bytes that are not UTF-8, a
/// `{` without `}`, a `[` without `]`, a chord symbol that is not one (`ChordSymbol`; in a grid,
/// a cell that is not a chord, bar line, `.`, `/`, `%` or annotation). Read with a
/// warning: a directive ChordPro does not define (kept), text after a directive's `}` (dropped),
/// a `]` without `[` (kept as text), an empty chart. Linear in the input's length (a 50 MB line
/// is read in one pass over it, plus one to check the UTF-8); never traps on any input.
public enum ChordProReader {
    /// A chart read, and what it got wrong that did not stop the reading.
    public struct Result: Sendable {
        public var document: ChartDocument
        public var warnings: [ChordProDiagnostic]
    }

    /// Reads `text`.
    public static func read(_ text: String) throws(ChordProDiagnostic) -> Result {
        try read(bytes: Array(text.utf8))
    }

    /// Reads UTF-8 `bytes`.
    public static func read(bytes: [UInt8]) throws(ChordProDiagnostic) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ChordProDiagnostic) -> Result in
            if let bad = ChartText.firstInvalidUTF8(buffer) {
                var lineStart = 0, line = 1
                for i in 0..<bad where buffer[i] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = i + 1
                }
                throw ChordProDiagnostic(line: line, column: ChartText.column(of: bad, lineStart: lineStart, in: buffer),
                                         message: "byte 0x\(hex(buffer[bad])) is not UTF-8 text")
            }
            var lines: [ChartLine] = []
            var warnings: [ChordProDiagnostic] = []
            var start = 0
            var number = 1
            var inGrid = false
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
                var content = end
                if content > start && buffer[content - 1] == UInt8(ascii: "\r") { content -= 1 }
                let read = try line(buffer, start: start, end: content, number: number, inGrid: inGrid, warnings: &warnings)
                if case .directive(let directive) = read {
                    switch directive.kind {
                    case .startOfSection(let kind): inGrid = kind == .grid
                    case .endOfSection: inGrid = false
                    default: break
                    }
                }
                lines.append(read)
                start = end + 1
                number += 1
            }
            if warnings.count > maximumWarnings {
                warnings.removeLast(warnings.count - maximumWarnings)
                warnings.append(ChordProDiagnostic(line: 0, column: 0, message: "more warnings not shown"))
            }
            if lines.isEmpty { warnings.append(ChordProDiagnostic(line: 1, column: 1, message: "the chart is empty")) }
            return Result(document: ChartDocument(lines: lines), warnings: warnings)
        }
    }

    /// Warnings kept (a line of a million stray `]` does not make a million).
    public static let maximumWarnings = 100

    /// The line of `text` from byte `lineStart` to `lineEnd` (its newline excluded), numbered
    /// `number`; a grid line (`GridLine`) when `inGrid`.
    private static func line(_ text: UnsafeBufferPointer<UInt8>, start lineStart: Int, end lineEnd: Int, number: Int,
                             inGrid: Bool, warnings: inout [ChordProDiagnostic]) throws(ChordProDiagnostic) -> ChartLine {
        // Blanks and stray carriage returns around a line are trimmed: a `\r` left at the end of a
        // line (`x\t\r`) would otherwise be written back as `x\t\r\n` and read as another line
        // (found by fuzzing, docs/fuzzing.md).
        var start = lineStart, end = lineEnd
        while start < end && (ChartText.isBlank(text[start]) || text[start] == UInt8(ascii: "\r")) { start += 1 }
        while end > start && (ChartText.isBlank(text[end - 1]) || text[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
        guard start < end else { return .blank }
        func bytes(_ from: Int, _ to: Int) -> [UInt8] { Array(UnsafeBufferPointer(rebasing: text[from..<to])) }
        func column(_ offset: Int) -> Int { ChartText.column(of: offset, lineStart: lineStart, in: text) }
        let first = text[start]
        if first == UInt8(ascii: "#") { return .comment(bytes(start + 1, end)) }
        if first == UInt8(ascii: "{") {
            var close = start + 1
            while close < end && text[close] != UInt8(ascii: "}") { close += 1 }
            guard close < end else {
                throw ChordProDiagnostic(line: number, column: column(start), message: "'{' without '}'")
            }
            let body = bytes(start + 1, close)[...]
            let directive: ChartDirective
            if let colon = body.firstIndex(of: UInt8(ascii: ":")) {
                directive = ChartDirective(name: Array(ChartText.trimmed(body[..<colon])),
                                           value: Array(ChartText.trimmed(body[(colon + 1)...])))
            } else {
                directive = ChartDirective(name: Array(ChartText.trimmed(body)), value: nil)
            }
            if directive.kind == .unknown && warnings.count <= maximumWarnings {
                warnings.append(ChordProDiagnostic(line: number, column: column(start + 1),
                                                   message: "unknown directive '\(QuotedText.of(directive.name))' (kept, not used)"))
            }
            if close + 1 < end {
                warnings.append(ChordProDiagnostic(line: number, column: column(close + 1), message: "text after '}' ignored"))
            }
            return .directive(directive)
        }
        if inGrid {
            let content = bytes(start, end)
            do {
                return .grid(try GridLine.read(content[...]))
            } catch {
                throw ChordProDiagnostic(line: number, column: column(start + error.offset), message: error.message)
            }
        }
        var chordLine = ChordLine()
        var i = start
        while i < end {
            // Words up to the next bracket, copied at once.
            var run = i
            while run < end && text[run] != UInt8(ascii: "[") && text[run] != UInt8(ascii: "]") { run += 1 }
            if run > i { chordLine.lyrics.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<run])) }
            i = run
            guard i < end else { break }
            if text[i] == UInt8(ascii: "]") {
                if warnings.count <= maximumWarnings {
                    warnings.append(ChordProDiagnostic(line: number, column: column(i), message: "']' without '[' (kept as text)"))
                }
                chordLine.lyrics.append(text[i])
                i += 1
                continue
            }
            var close = i + 1
            while close < end && text[close] != UInt8(ascii: "]") && text[close] != UInt8(ascii: "[") { close += 1 }
            guard close < end && text[close] == UInt8(ascii: "]") else {
                throw ChordProDiagnostic(line: number, column: column(i), message: "'[' without ']'")
            }
            let written = bytes(i + 1, close)
            guard let label = ChordSymbol.label(of: written[...]) else {
                throw ChordProDiagnostic(line: number, column: column(i + 1),
                                         message: "'\(QuotedText.of(written))' is not a chord symbol")
            }
            chordLine.append(chord: ChordSymbol(text: written, label: label))
            i = close + 1
        }
        return .chords(chordLine)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        return ChartText.string([digits[Int(byte >> 4)], digits[Int(byte & 15)]][...])
    }
}
