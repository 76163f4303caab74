/// One line of a ChordPro chart, as read (a chart's lines map one to one to its text's lines).
public enum ChartLine: Sendable, Equatable {
    /// An empty line (or only blanks).
    case blank
    /// `# …`: a comment for the chart's editor, not shown; the text after `#`, UTF-8.
    case comment([UInt8])
    /// `{name: value}`.
    case directive(ChartDirective)
    /// Lyrics with chords, or bars of chords.
    case chords(ChordLine)
    /// A line inside `{start_of_grid}` … `{end_of_grid}`: bare chords in cells between bar lines.
    case grid(GridLine)
}
