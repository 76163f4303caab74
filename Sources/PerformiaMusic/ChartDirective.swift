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
}
