/// Something a ChordPro chart got wrong: an error (the chart cannot be read) or a warning (it is
/// read, the line kept or skipped), with where it is.
public struct ChordProDiagnostic: Error, Sendable, CustomStringConvertible {
    /// 1-based line number; 0 when it is about the whole chart (`no chords`).
    public var line: Int
    /// 1-based column in Unicode scalars from the line's first byte; 0 when it is about the whole line.
    public var column: Int
    /// One line saying what is wrong (`'Cx' is not a chord symbol`).
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 2: 'Cx' is not a chord symbol (column 2)`; the message alone for the whole chart.
    public var description: String {
        if line == 0 { return message }
        return "line \(line): \(message)" + (column > 0 ? " (column \(column))" : "")
    }
}
