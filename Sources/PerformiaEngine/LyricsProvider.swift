import Foundation

/// A way of getting timed words out of sung audio, for `LyricsBenchmark`: Performia's own
/// aligner, pocketsphinx on its own (free recognition, or the chart's words as a grammar), or any
/// program a user configures that reads audio and prints `start<TAB>end<TAB>word` lines.
public struct LyricsProvider: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// `performia analyze --chart`: chord-anchored forced alignment on the separated voice.
        case performia
        /// pocketsphinx free recognition with its US English trigram model, on the mix.
        case pocketsphinxFree = "pocketsphinx-free"
        /// pocketsphinx forced alignment of the chart's words over the whole mix (one grammar).
        case pocketsphinxGrammar = "pocketsphinx-grammar"
        /// A program: `command` with `{audio}` (the mix), `{lyrics}` (a text file of the chart's
        /// lyric lines), `{chart}` (the ChordPro file) and `{here}` (the configuration file's
        /// folder) replaced, and a leading `~/` made the home folder.
        case command
    }

    public var name: String
    public var kind: Kind
    public var command: [String]?
    /// Stopped and marked failed after this long on one song (default 600 s).
    public var timeoutSeconds: Double?
    /// A price per audio hour, for a paid service; otherwise the CPU time is priced.
    public var pricePerAudioHour: Double?

    public init(name: String, kind: Kind, command: [String]? = nil, timeoutSeconds: Double? = nil, pricePerAudioHour: Double? = nil) {
        self.name = name
        self.kind = kind
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.pricePerAudioHour = pricePerAudioHour
    }

    public static let builtIn: [LyricsProvider] = [
        .init(name: "performia", kind: .performia),
        .init(name: "pocketsphinx-grammar", kind: .pocketsphinxGrammar),
        .init(name: "pocketsphinx-free", kind: .pocketsphinxFree),
    ]

    /// A benchmark configuration file: `{"cpuPricePerHour": 0.05, "providers": [{"name": …,
    /// "kind": "command", "command": ["python3", "x.py", "{audio}"], "timeoutSeconds": 300}]}`.
    public struct Configuration: Codable, Sendable {
        /// Price of one CPU hour (default 0.05, a cloud vCPU hour in USD).
        public var cpuPricePerHour: Double?
        public var providers: [LyricsProvider]
    }

    public static func configuration(path: String) throws(AnalysisError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .lyrics(reason: "cannot read the provider configuration \(path)")
        }
        let configuration: Configuration
        do {
            configuration = try JSONDecoder().decode(Configuration.self, from: data)
        } catch {
            throw .lyrics(reason: "\(path) is not a provider configuration (\(error.localizedDescription)); see docs/lyrics.md")
        }
        var resolved = configuration
        let here = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for (i, provider) in configuration.providers.enumerated() where provider.kind == .command {
            guard let command = provider.command, !command.isEmpty else {
                throw .lyrics(reason: "\(path): provider '\(provider.name)' is a command but names none")
            }
            resolved.providers[i].command = command.map {
                ($0.hasPrefix("~/") ? NSString(string: $0).expandingTildeInPath : $0).replacingOccurrences(of: "{here}", with: here)
            }
        }
        return resolved
    }
}
