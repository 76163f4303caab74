import Foundation

extension SongMap {
    /// Pretty, key-sorted JSON for files; `compact` for streams.
    public func jsonData(compact: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes]
                                           : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
