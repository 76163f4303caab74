import ArgumentParser
import Foundation
import PerformiaEngine

/// `performia-eval chord-weights --export DIR FILE…`: analyses each file with the learned chord
/// model at each `ChordRecognizer.learnedWeight` of `--weights` and writes the MIR files into
/// `DIR/w<weight>/<name>/` — how the weight of the learned evidence against the NNLS chroma was
/// chosen, on the training data's validation grooves (Training/README.md), never the evaluation sets.
struct ChordWeightSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chord-weights",
        abstract: "Export chords at several weights of the learned chord model (for choosing it).")

    @Option(help: "Comma-separated learned weights (0: NNLS chroma alone).")
    var weights = "0,0.5,1,2,4"

    @Option(help: "Directory for the MIR files, one folder per weight.")
    var export: String

    @Argument(help: "Audio files.")
    var files: [String]

    func run() throws {
        let list = weights.split(separator: ",").compactMap { Float($0) }
        let names = OutputNames.make(for: files)
        for weight in list {
            var analyzer = SongAnalyzer()
            analyzer.chordMethod = weight > 0 ? .learned : .nnls
            analyzer.chords.learnedWeight = weight
            let folder = URL(fileURLWithPath: export).appendingPathComponent("w\(weight)")
            for (path, name) in zip(files, names) {
                try MIRExporter.write(try analyzer.analyze(path: path), to: folder.appendingPathComponent(name))
            }
            print("weight \(weight): \(files.count) files → \(folder.path)")
        }
    }
}
