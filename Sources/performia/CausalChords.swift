import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaEngine
import PerformiaIO

/// `performia causal-chords FILE… --export DIR` (hidden): runs the live `CausalChordTracker` over
/// each file as fast as possible and writes `DIR/<name>/chords.lab` — how the causal tracker is
/// scored against the offline one (docs/benchmarks.md).
struct CausalChords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "causal-chords",
        abstract: "Write the causal chord tracker's chords.lab for each file (for evaluation).",
        shouldDisplay: false)

    @Argument(help: "Audio files.")
    var files: [String]

    @Option(name: .customLong("export"), help: "Folder for <name>/chords.lab.")
    var export: String

    @Option(help: "Decision lag in chroma hops (default: the tracker's).")
    var lag: Int?

    func run() throws {
        var failures = 0
        let names = OutputNames.make(for: files)
        for (path, name) in zip(files, names) {
            do {
                let reader = try AudioFileReader(path: path, targetSampleRate: SongAnalyzer.analysisSampleRate,
                                                 downmixToMono: true)
                var changes: [ChordEvent] = []
                let tracker = lag.map { CausalChordTracker(lagFrames: $0) } ?? CausalChordTracker()
                let end = try OfflineRunner().run(tracker, source: reader, onEvents: { events in
                    for i in 0..<events.count { changes.append(events[i]) }
                })
                var lab = ""
                for (i, change) in changes.enumerated() {
                    let stop = i + 1 < changes.count ? changes[i + 1].time : end
                    lab += String(format: "%.3f\t%.3f\t", Double(change.time) / reader.sampleRate,
                                  Double(stop) / reader.sampleRate) + change.chord.harte() + "\n"
                }
                let folder = URL(fileURLWithPath: export).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try lab.write(to: folder.appendingPathComponent("chords.lab"), atomically: true, encoding: .utf8)
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia: error: \(path): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
