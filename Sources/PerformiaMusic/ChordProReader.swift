/// Reads a ChordPro chart (https://www.chordpro.org/chordpro/) from its bytes into a
/// `ChartDocument`, one `ChartLine` per line: blank lines, `#` comments, `{directives}` and
/// lines of lyrics or bars with `[chords]`. Lines end at `\n` (a `\r` before it is dropped);
/// blanks around a line are trimmed.
///
/// Refused, with the line and column (1-based, in Unicode scalars): bytes that are not UTF-8, a
/// `{` without `}`, a `[` without `]`, a chord symbol that is not one (`ChordSymbol`). Read with a
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
        let validity: Result? = bytes.withUnsafeBufferPointer { buffer in
            guard let bad = ChartText.firstInvalidUTF8(buffer) else { return nil }
            var lineStart = 0, line = 1
            for i in 0..<bad where buffer[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            let column = ChartText.column(of: bad, lineStart: lineStart, in: buffer)
            return Result(document: ChartDocument(), warnings: [ChordProDiagnostic(
                line: line, column: column, message: "byte 0x\(hex(buffer[bad])) is not UTF-8 text")])
        }
        if let invalid = validity { throw invalid.warnings[0] }

        var lines: [ChartLine] = []
        var warnings: [ChordProDiagnostic] = []
        let text = bytes[...]
        var start = 0
        var number = 1
        while start < text.count {
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            var content = end
            if content > start && text[content - 1] == UInt8(ascii: "\r") { content -= 1 }
            lines.append(try line(text[start..<content], number: number, warnings: &warnings))
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

    /// Warnings kept (a line of a million stray `]` does not make a million).
    public static let maximumWarnings = 100

    /// One line (`raw`: its bytes without the newline), numbered `number`.
    private static func line(_ raw: ArraySlice<UInt8>, number: Int,
                             warnings: inout [ChordProDiagnostic]) throws(ChordProDiagnostic) -> ChartLine {
        let line = ChartText.trimmed(raw)
        guard let first = line.first else { return .blank }
        func column(_ offset: Int) -> Int { scalarColumn(of: offset, in: raw) }
        if first == UInt8(ascii: "#") { return .comment(Array(line.dropFirst())) }
        if first == UInt8(ascii: "{") {
            guard let close = line.firstIndex(of: UInt8(ascii: "}")) else {
                throw ChordProDiagnostic(line: number, column: column(line.startIndex), message: "'{' without '}'")
            }
            let body = line[(line.startIndex + 1)..<close]
            let directive: ChartDirective
            if let colon = body.firstIndex(of: UInt8(ascii: ":")) {
                directive = ChartDirective(name: Array(ChartText.trimmed(body[..<colon])),
                                           value: Array(ChartText.trimmed(body[(colon + 1)...])))
            } else {
                directive = ChartDirective(name: Array(ChartText.trimmed(body)), value: nil)
            }
            if directive.kind == .unknown && warnings.count <= maximumWarnings {
                warnings.append(ChordProDiagnostic(line: number, column: column(line.startIndex + 1),
                                                   message: "unknown directive '\(ChartText.string(directive.name[...]))' (kept, not used)"))
            }
            if close + 1 < line.endIndex {
                warnings.append(ChordProDiagnostic(line: number, column: column(close + 1),
                                                   message: "text after '}' ignored"))
            }
            return .directive(directive)
        }
        var chordLine = ChordLine()
        chordLine.lyrics.reserveCapacity(line.count)
        var i = line.startIndex
        while i < line.endIndex {
            let byte = line[i]
            if byte == UInt8(ascii: "[") {
                var close = i + 1
                while close < line.endIndex && line[close] != UInt8(ascii: "]") && line[close] != UInt8(ascii: "[") { close += 1 }
                guard close < line.endIndex && line[close] == UInt8(ascii: "]") else {
                    throw ChordProDiagnostic(line: number, column: column(i), message: "'[' without ']'")
                }
                let written = line[(i + 1)..<close]
                guard let label = ChordSymbol.label(of: written) else {
                    throw ChordProDiagnostic(line: number, column: column(i + 1),
                                             message: "'\(ChartText.string(written))' is not a chord symbol")
                }
                chordLine.append(chord: ChordSymbol(text: Array(written), label: label))
                i = close + 1
            } else {
                if byte == UInt8(ascii: "]") && warnings.count <= maximumWarnings {
                    warnings.append(ChordProDiagnostic(line: number, column: column(i), message: "']' without '[' (kept as text)"))
                }
                chordLine.lyrics.append(byte)
                i += 1
            }
        }
        return .chords(chordLine)
    }

    /// 1-based column in Unicode scalars of byte `offset` of `line`.
    private static func scalarColumn(of offset: Int, in line: ArraySlice<UInt8>) -> Int {
        var column = 1
        for byte in line[line.startIndex..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        return ChartText.string([digits[Int(byte >> 4)], digits[Int(byte & 15)]][...])
    }
}
