import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaEngine
import PerformiaIO
import PerformiaMusic

/// `performia-eval structure-debug FILE… --out DIR`: runs the rhythm and structure analysis
/// and writes `DIR/<parent folder of FILE>/sections.lab` (`start<TAB>end<TAB>label`, seconds;
/// the label is the section's `SectionLabel` or else its group letter) for the eval kit.
/// `--dump-features` also writes the per-frame features and beats the analysis saw.
struct StructureDebug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structure-debug",
        abstract: "Write the song sections of each file as sections.lab (for evaluation).")

    @Argument(help: "Audio files.")
    var files: [String]

    @Option(help: "Output directory; each file gets DIR/<name of its folder>/sections.lab.")
    var out: String

    @Flag(help: "Also write frames.tsv (flux, low flux, chroma 12, timbre 16) and beats.tsv.")
    var dumpFeatures = false

    func run() throws {
        var failures = 0
        var structureSeconds = 0.0
        var audioSeconds = 0.0
        let clock = ContinuousClock()
        for path in files {
            do {
                let reader = try AudioFileReader(path: path, targetSampleRate: SongAnalyzer.analysisSampleRate,
                                                 downmixToMono: true)
                let signal = try SongAnalyzer().onsetSignal(of: reader)
                let rhythm = RhythmAnalyzer().analyze(signal)
                let started = clock.now
                let sections = StructureAnalyzer().analyze(signal, rhythm: rhythm)
                let elapsed = clock.now - started
                structureSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                audioSeconds += Double(signal.count) / signal.framesPerSecond

                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
                let dir = URL(fileURLWithPath: out).appendingPathComponent(folder.isEmpty ? "song" : folder)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let rate = signal.sampleRate
                var lab = ""
                for s in sections {
                    lab += "\(Double(s.start) / rate)\t\(Double(s.end) / rate)\t\(s.label?.rawValue ?? s.group)\n"
                }
                try lab.write(to: dir.appendingPathComponent("sections.lab"), atomically: true, encoding: .utf8)
                if dumpFeatures { try dump(signal, rhythm: rhythm, to: dir) }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia-eval: error: \(path): \(error)\n".utf8))
            }
        }
        if audioSeconds > 0 {
            let perSecond = structureSeconds * 1000 / audioSeconds
            FileHandle.standardError.write(Data(
                "structure: \(Int(structureSeconds * 1000)) ms for \(Int(audioSeconds)) s of audio (\(perSecond) ms per second)\n".utf8))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func dump(_ signal: OnsetSignal, rhythm: RhythmAnalysis, to dir: URL) throws {
        var frames = ""
        frames.reserveCapacity(signal.count * 200)
        for k in 0..<signal.count {
            var fields = [signal.seconds(ofFrame: Double(k)).description, signal.flux[k].description,
                          signal.lowFlux[k].description]
            for i in 0..<12 { fields.append(signal.chroma[k][i].description) }
            for i in 0..<16 { fields.append(signal.timbre[k][i].description) }
            frames += fields.joined(separator: "\t") + "\n"
        }
        try frames.write(to: dir.appendingPathComponent("frames.tsv"), atomically: true, encoding: .utf8)
        var beats = ""
        for b in rhythm.beats { beats += "\(Double(b.time) / signal.sampleRate)\t\(b.bar)\t\(b.beatInBar)\n" }
        try beats.write(to: dir.appendingPathComponent("beats.tsv"), atomically: true, encoding: .utf8)
    }
}
