/// Why a live session could not be set up or run: one line, naming the file, device or value at
/// fault (`performia live` prints it after `performia: error:`).
public struct LiveSessionError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
