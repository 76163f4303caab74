import ArgumentParser
import Foundation
import PerformiaEngine
import PerformiaNeural

/// `performia separate FILE… --out DIR`: four stems per file (vocals, drums, bass, other).
struct Separate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Separate songs into stems: vocals, drums, bass and other.",
        discussion: """
            Writes DIR/<name>/<stem>.wav (or .flac) at the input's rate, channel count and length, \
            and says how closely the stems sum back to the input. Several files are separated in \
            parallel on all cores.
            """)

    @Argument(help: "Audio files (WAV, FLAC, OGG, MP3; any channel count, 8-192 kHz).")
    var files: [String]

    @Option(name: [.customLong("out"), .short], help: "Directory for the stems (one folder per file).")
    var out: String = "."

    @Flag(help: "Run the live (causal, 23 ms) separator over the file instead of the offline one, for comparison.")
    var live = false

    @Option(help: "Write only these stems, comma-separated (e.g. vocals,drums).")
    var stems: String?

    @Option(name: .customLong("two-stems"), help: "Karaoke: write STEM and no_STEM (everything else), e.g. --two-stems vocals.")
    var twoStems: String?

    @Option(help: "File format of the stems: wav (16-bit) or flac (24-bit).")
    var format: String = "wav"

    @Option(help: "The separation model's weights file (default: the shipped offline model, or the live one with --live).")
    var model: String?

    @Option(help: "Files separated at once (default: the number of cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard ["wav", "flac"].contains(format) else { throw ValidationError("--format must be wav or flac, not '\(format)'") }
        if stems != nil && twoStems != nil { throw ValidationError("--stems and --two-stems cannot be combined") }
        if let stems, stems.split(separator: ",").isEmpty { throw ValidationError("--stems needs at least one stem name") }
    }

    func run() throws {
        var job = StemSeparation()
        job.form = live ? .live : .offline
        job.stems = stems.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        job.twoStems = twoStems
        job.fileExtension = format
        job.modelPath = model
        let loaded: StemTCN
        do {
            loaded = try job.loadModel()
        } catch {
            FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let separation = job
        let names = OutputNames.make(for: files)
        let inputs = files
        let progress = ProgressDisplay(total: inputs.count, enabled: isatty(STDERR_FILENO) != 0)
        let started = Date()
        let results = ParallelMap.run(inputs.count, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { i in
            Result { () throws(AnalysisError) -> StemSeparation.Result in
                try separation.separate(path: inputs[i], into: "\(out)/\(names[i])", model: loaded) { fraction in
                    progress.update(file: i, fraction: fraction)
                }
            }
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        var failures = 0
        for (i, result) in results.enumerated() {
            switch result {
            case .failure(let error):
                failures += 1
                FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
            case .success(let written):
                let stems = written.files.map(\.name).joined(separator: ",")
                var line = "\(inputs[i]) → \(out)/\(names[i])/{\(stems)}.\(format)"
                if let residual = written.residualDecibels {
                    line += residual.isFinite ? String(format: "; the stems sum to the input within %.1f dB", residual)
                                              : "; the stems sum exactly to the input"
                }
                print(line)
            }
        }
        let audio = results.compactMap { try? $0.get().durationSeconds }.reduce(0, +)
        if audio >= 1 { print(String(format: "%.1f s of audio in %.1f s (%.1f× real time)", audio, seconds, audio / max(seconds, 1e-3))) }
        if failures > 0 { throw ExitCode(1) }
    }
}
