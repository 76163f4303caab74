import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaEngine
import PerformiaIO

/// `performia-eval causal FILE… --export DIR`: runs the live trackers — `CausalBeatTracker`
/// and `CausalChordTracker` — over each file as fast as possible and writes
/// `DIR/<name>/beats.txt` and `chords.lab`: how the causal trackers are scored against the
/// offline ones (docs/benchmarks.md).
struct CausalExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "causal",
        abstract: "Write the causal beat and chord trackers' beats.txt and chords.lab for each file (for evaluation).")

    @Argument(help: "Audio files.")
    var files: [String]

    @Option(name: .customLong("export"), help: "Folder for <name>/beats.txt and chords.lab.")
    var export: String

    @Option(help: "Chord decision lag in chroma hops (default: the tracker's).")
    var lag: Int?

    @Option(help: "Beats per bar to count in.")
    var beatsPerBar = 4

    func run() throws {
        var failures = 0
        let names = OutputNames.make(for: files)
        for (path, name) in zip(files, names) {
            do {
                let folder = URL(fileURLWithPath: export).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try writeChords(path, to: folder.appendingPathComponent("chords.lab"))
                try writeBeats(path, to: folder.appendingPathComponent("beats.txt"))
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia-eval: error: \(path): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func reader(_ path: String) throws -> AudioFileReader {
        try AudioFileReader(path: path, targetSampleRate: SongAnalyzer.analysisSampleRate, downmixToMono: true)
    }

    private func writeChords(_ path: String, to file: URL) throws {
        let source = try reader(path)
        var changes: [ChordEvent] = []
        let tracker = lag.map { CausalChordTracker(lagFrames: $0) } ?? CausalChordTracker()
        let end = try OfflineRunner().run(tracker, source: source, onEvents: { events in
            for i in 0..<events.count { changes.append(events[i]) }
        })
        var lab = ""
        for (i, change) in changes.enumerated() {
            let stop = i + 1 < changes.count ? changes[i + 1].time : end
            lab += String(format: "%.3f\t%.3f\t", Double(change.time) / source.sampleRate,
                          Double(stop) / source.sampleRate) + change.chord.harte() + "\n"
        }
        try lab.write(to: file, atomically: true, encoding: .utf8)
    }

    private func writeBeats(_ path: String, to file: URL) throws {
        let source = try reader(path)
        var text = "# performia causal beats: time\tbeat_in_bar\n"
        try OfflineRunner().run(CausalBeatTracker(beatsPerBar: beatsPerBar), source: source, onEvents: { events in
            for i in 0..<events.count {
                text += String(format: "%.3f\t%d\n", Double(events[i].time) / source.sampleRate, events[i].beatInBar)
            }
        })
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
