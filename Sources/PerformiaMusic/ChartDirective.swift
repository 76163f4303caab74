/// A ChordPro directive line, `{name}` or `{name: value}`, kept as written (name and value
/// trimmed of blanks); what it means is `kind`.
public struct ChartDirective: Sendable, Equatable {
    /// The name as written (`title`, `t`, `soc`, `start_of_verse`, `x_custom`), UTF-8.
    public var name: [UInt8]
    /// The text after the colon, UTF-8 (a `{define}` kept raw); nil for `{name}` without one.
    public var value: [UInt8]?

    public init(name: [UInt8], value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: String? = nil) {
        self.init(name: Array(name.utf8), value: value.map { Array($0.utf8) })
    }

    /// The value as a `String`; nil without one.
    public var valueText: String? { value.map { ChartText.string($0[...]) } }

    /// What the directive means to Performia (the long and short ChordPro names, any case).
    public var kind: ChartDirectiveKind { ChartDirectiveKind(name: name[...]) }

    /// A section start's label: its ChordPro 6 attribute `label="Verse 1"`, else the value as
    /// written (`{start_of_verse: Verse 1}`), less a grid's leading shape (`{start_of_grid: 4x4
    /// Intro}` is `Intro`); nil when there is none.
    public var sectionLabel: String? {
        guard let value else { return nil }
        if let label = Self.attribute("label", in: value[...]) { return ChartText.string(label) }
        var text = value[...]
        if case .startOfSection(.grid) = kind {
            // The legacy form: the shape (`4x4`, `1+4x2+4`), then the label.
            let shapeEnd = text.firstIndex(of: ChartText.space) ?? text.endIndex
            let isShape = text[..<shapeEnd].allSatisfy {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "+")
            }
            if isShape { text = ChartText.trimmed(text[shapeEnd...]) }
        }
        return text.isEmpty ? nil : ChartText.string(text)
    }

    /// The value of `name="…"` in ChordPro 6 attributes, nil when absent.
    static func attribute(_ name: StaticString, in text: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let count = name.utf8CodeUnitCount
        var i = text.startIndex
        while i + count + 1 < text.endIndex {
            let atWordStart = i == text.startIndex || ChartText.isBlank(text[i - 1])
            if atWordStart && ChartText.equalsIgnoringCase(text[i..<(i + count)], name)
                && text[i + count] == UInt8(ascii: "=") && text[i + count + 1] == UInt8(ascii: "\"") {
                let start = i + count + 2
                guard let end = text[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return text[start..<end]
            }
            i += 1
        }
        return nil
    }
}
