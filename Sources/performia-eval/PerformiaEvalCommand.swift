import ArgumentParser
import PerformiaEngine

/// `performia-eval`: the evaluation and training commands, kept out of the product `performia`.
/// They write what the benchmark scripts (docs/benchmarks.md) and Training/ read.
@main
struct PerformiaEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performia-eval",
        abstract: "Performia's evaluation and training exports (docs/benchmarks.md, Training/).",
        version: EngineVersion.string,
        subcommands: [CausalExport.self, LyricFollow.self, ChordWeightSweep.self, LiveBeatCost.self, SeparationCost.self, TempoFeatures.self, SpectrumExport.self, StructureDebug.self, MelodyDebug.self])
}
