/// A style file that cannot be read: the 1-based line and what is wrong with it.
/// `description` reads `line 12: …`.
public struct StyleParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number in the style file.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): " + message }
}
