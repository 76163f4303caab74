/// A chord chart as ChordPro writes it: its lines in order (directives, sections, lyrics with
/// chords, bars, comments, blank lines), and what they say: title, artist, key, tempo, time,
/// capo, sections, chord definitions. `ChordProReader` reads one from bytes, `ChordProWriter`
/// writes it back (`read(write(doc)) == doc`); `ChartChords` is the band's view of it.
public struct ChartDocument: Sendable, Equatable {
    /// The lines, one per line of the text: line `n` (1-based) of the file is `lines[n - 1]`.
    public var lines: [ChartLine]

    public init(lines: [ChartLine] = []) { self.lines = lines }

    /// `{title}` (or `{t}`), the first one.
    public var title: String? { value(of: .title) }
    /// `{subtitle}` (or `{st}`).
    public var subtitle: String? { value(of: .subtitle) }
    /// `{artist}`.
    public var artist: String? { value(of: .artist) }
    /// `{key}` as written (`G`, `Em`).
    public var key: String? { value(of: .key) }
    /// `{tempo}` as written, in the chart's beats a minute (`96`).
    public var tempo: String? { value(of: .tempo) }
    /// `{time}` as written (`6/8`), the first one.
    public var time: String? { value(of: .time) }
    /// `{capo}` as written (a fret number).
    public var capo: String? { value(of: .capo) }

    /// The directives of `kind` in order.
    public func directives(_ kind: ChartDirectiveKind) -> [ChartDirective] {
        var found: [ChartDirective] = []
        for line in lines {
            if case .directive(let directive) = line, directive.kind == kind { found.append(directive) }
        }
        return found
    }

    /// `{comment}` texts and `#` comments, in order.
    public var comments: [String] {
        var found: [String] = []
        for line in lines {
            switch line {
            case .comment(let text): found.append(ChartText.string(text[...]))
            case .directive(let directive) where directive.kind == .comment: found.append(directive.valueText ?? "")
            default: break
            }
        }
        return found
    }

    /// `{define}` and `{chord}` definitions, each as written after the colon.
    public var chordDefinitions: [String] { directives(.define).map { $0.valueText ?? "" } }

    /// The sections in order: kind, label (`{start_of_verse: Verse 2}`, `{start_of_grid:
    /// label="Intro"}`) and the 0-based index in
    /// `lines` of their start and end directives (the last line for a section left open).
    public var sections: [ChartSection] {
        var found: [ChartSection] = []
        var open: Int?
        for (index, line) in lines.enumerated() {
            guard case .directive(let directive) = line else { continue }
            switch directive.kind {
            case .startOfSection(let kind):
                if let open { found[open].endLine = index - 1 }
                found.append(ChartSection(kind: kind, label: directive.sectionLabel, startLine: index, endLine: lines.count - 1))
                open = found.count - 1
            case .endOfSection:
                if let open { found[open].endLine = index }
                open = nil
            default: break
            }
        }
        return found
    }

    private func value(of kind: ChartDirectiveKind) -> String? {
        for line in lines {
            if case .directive(let directive) = line, directive.kind == kind { return directive.valueText ?? "" }
        }
        return nil
    }
}
