/// A section of a chart (`{start_of_chorus: Chorus 2}` … `{end_of_chorus}`).
public struct ChartSection: Sendable {
    public var kind: ChartSectionKind
    /// The label written on its start (`Chorus 2`); nil without one.
    public var label: String?
    /// 0-based indices in `ChartDocument.lines` of its start directive and of its end directive
    /// (or of its last line when it is left open).
    public var startLine: Int
    public var endLine: Int
}
