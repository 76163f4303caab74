/// A lyrics problem said in one line (a missing language resource, a chart without words, audio
/// the recogniser cannot take).
public struct LyricsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
