import PerformiaBand

extension FuzzTarget {
    /// `StyleParser` over the text of a `.style` file; seeds: `Resources/styles`.
    public static let style = FuzzTarget(name: "style", seeds: { resources(in: "styles", suffix: ".style") }) { bytes in
        do {
            _ = try StyleParser.parse(String(decoding: bytes, as: UTF8.self))
            return .accepted
        } catch {
            return .rejected(String(describing: error))
        }
    }
}
