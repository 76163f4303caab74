import ArgumentParser
import PerformiaEngine

@main
struct PerformiaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performia",
        abstract: "Performia: listens to music and understands it.",
        version: EngineVersion.string,
        subcommands: [Analyze.self, Bench.self, Chart.self, Live.self, Separate.self, Validate.self],
        defaultSubcommand: Analyze.self)
}
