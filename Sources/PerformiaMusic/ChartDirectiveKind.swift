/// What a ChordPro directive means (https://www.chordpro.org/chordpro/chordpro-directives/).
public enum ChartDirectiveKind: Sendable, Equatable {
    case title, subtitle, artist, key, tempo, time, capo
    /// `{comment}`, `{c}`, `{comment_italic}`, `{comment_box}`: a comment shown on the chart.
    case comment
    /// `{start_of_X}` (`{soc}`, `{sov}`, `{sob}`, `{sot}`, `{sog}`); the value is the label.
    case startOfSection(ChartSectionKind)
    /// `{end_of_X}` (`{eoc}`, `{eov}`, `{eob}`, `{eot}`, `{eog}`).
    case endOfSection(ChartSectionKind)
    /// `{chorus}`: the last chorus again.
    case chorusRecall
    /// `{define}` or `{chord}`: a chord's fingering, kept raw.
    case define
    /// A ChordPro directive Performia does not use (album, composer, new_page…).
    case other
    /// A directive ChordPro does not define (kept; the reader warns).
    case unknown

    init(name: ArraySlice<UInt8>) {
        func named(_ names: StaticString...) -> Bool {
            for candidate in names where ChartText.equalsIgnoringCase(name, candidate) { return true }
            return false
        }
        if named("title", "t") { self = .title }
        else if named("subtitle", "st") { self = .subtitle }
        else if named("artist") { self = .artist }
        else if named("key") { self = .key }
        else if named("tempo") { self = .tempo }
        else if named("time") { self = .time }
        else if named("capo") { self = .capo }
        else if named("comment", "c", "comment_italic", "ci", "comment_box", "cb", "highlight") { self = .comment }
        else if named("chorus") { self = .chorusRecall }
        else if named("define", "chord") { self = .define }
        else if named("soc") { self = .startOfSection(.chorus) }
        else if named("eoc") { self = .endOfSection(.chorus) }
        else if named("sov") { self = .startOfSection(.verse) }
        else if named("eov") { self = .endOfSection(.verse) }
        else if named("sob") { self = .startOfSection(.bridge) }
        else if named("eob") { self = .endOfSection(.bridge) }
        else if named("sot") { self = .startOfSection(.tab) }
        else if named("eot") { self = .endOfSection(.tab) }
        else if named("sog") { self = .startOfSection(.grid) }
        else if named("eog") { self = .endOfSection(.grid) }
        else if let rest = Self.after("start_of_", in: name) { self = .startOfSection(ChartSectionKind(name: rest)) }
        else if let rest = Self.after("end_of_", in: name) { self = .endOfSection(ChartSectionKind(name: rest)) }
        else if named("album", "arranger", "composer", "copyright", "duration", "lyricist", "meta", "sorttitle",
                     "year", "image", "new_page", "np", "new_physical_page", "npp", "column_break", "colb",
                     "columns", "col", "pagetype", "transpose", "titles", "diagrams", "grid", "g", "no_grid", "ng",
                     "new_song", "ns", "textfont", "textsize", "textcolour", "chordfont", "chordsize",
                     "chordcolour", "tabfont", "tabsize", "tabcolour")
            || Self.after("x_", in: name) != nil { self = .other }
        else { self = .unknown }
    }

    /// The rest of `name` after `prefix` (any case), nil when it does not start with it or is
    /// nothing more.
    private static func after(_ prefix: StaticString, in name: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let count = prefix.utf8CodeUnitCount
        guard name.count > count, ChartText.equalsIgnoringCase(name.prefix(count), prefix) else { return nil }
        return name.dropFirst(count)
    }
}
