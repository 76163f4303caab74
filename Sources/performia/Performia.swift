import ArgumentParser

@main
struct Performia: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performia",
        abstract: "Performia: listens to music and understands it.",
        subcommands: [Analyze.self, Validate.self],
        defaultSubcommand: Analyze.self)
}
