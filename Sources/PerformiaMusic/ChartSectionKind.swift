/// The kind of a ChordPro section environment (`{start_of_verse}` … `{end_of_verse}`).
public enum ChartSectionKind: Sendable, Equatable {
    case verse, chorus, bridge, tab, grid, part
    /// `{start_of_X}` for another X (its name, UTF-8).
    case custom([UInt8])

    /// The kind named `name` (`verse`, `chorus`…, any case).
    init(name: ArraySlice<UInt8>) {
        if ChartText.equalsIgnoringCase(name, "verse") { self = .verse }
        else if ChartText.equalsIgnoringCase(name, "chorus") { self = .chorus }
        else if ChartText.equalsIgnoringCase(name, "bridge") { self = .bridge }
        else if ChartText.equalsIgnoringCase(name, "tab") { self = .tab }
        else if ChartText.equalsIgnoringCase(name, "grid") { self = .grid }
        else if ChartText.equalsIgnoringCase(name, "part") { self = .part }
        else { self = .custom(Array(name)) }
    }
}
