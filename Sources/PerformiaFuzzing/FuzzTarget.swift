import Foundation

/// One parser under fuzzing: how to feed it bytes and which inputs to start from. The same
/// value drives the bounded smoke test in the suite (`ParserPropertyTests`) and the libFuzzer
/// entry point (`Fuzz/`, built by `scripts/fuzz`). A new target is one file declaring a
/// `static let` on `FuzzTarget` plus one line in `FuzzTarget.all`.
public struct FuzzTarget: Sendable, CustomStringConvertible {
    /// What one input did to the parser.
    public enum Outcome: Equatable, Sendable {
        /// Parsed (or, for audio, opened and read).
        case accepted
        /// Refused with this error message.
        case rejected(String)
        /// Returned, but broke a property the parser promises (a round trip, say): a defect.
        case broken(String)
    }

    /// The name `scripts/fuzz` takes (`style`, `harmony-model`, …).
    public let name: String
    /// Valid (or nearly valid) inputs to mutate: repository fixtures or files made by code.
    public let seeds: @Sendable () -> [[UInt8]]
    /// How many mutated inputs the smoke test feeds it: a few thousand, fewer for a slow parser
    /// so that the test stays near 2 s in a debug build.
    public let smokeInputs: Int
    /// Feeds one input to the parser. It must return, not trap; a thrown error becomes `.rejected`.
    public let run: @Sendable ([UInt8]) -> Outcome

    public init(name: String, smokeInputs: Int = 2000, seeds: @escaping @Sendable () -> [[UInt8]],
                run: @escaping @Sendable ([UInt8]) -> Outcome) {
        self.name = name
        self.smokeInputs = smokeInputs
        self.seeds = seeds
        self.run = run
    }

    public var description: String { name }

    /// What is wrong with an outcome beyond a crash: a refusal must say why in one line.
    public static func problem(with outcome: Outcome) -> String? {
        if case .broken(let property) = outcome { return property }
        guard case .rejected(let message) = outcome else { return nil }
        if message.trimmingCharacters(in: .whitespaces).isEmpty { return "empty error message" }
        if message.contains(where: \.isNewline) { return "error message spans several lines: \(message.debugDescription)" }
        return nil
    }

    /// The folder of the package, for seeds read from `Resources/`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bytes of `Resources/<path>`, or none when the file is missing.
    static func resource(_ path: String) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent("Resources/" + path).path)
        else { return [] }
        return [Array(data)]
    }

    /// The files of `Resources/<folder>` ending in `suffix`, sorted by name.
    static func resources(in folder: String, suffix: String) -> [[UInt8]] {
        let url = repositoryRoot.appendingPathComponent("Resources/" + folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().flatMap { resource(folder + "/" + $0) }
    }
}
