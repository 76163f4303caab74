import ArgumentParser
import Foundation
import PerformiaEngine

/// `performia analyze FILE…`: a Song Map per file (tempo, meter, beats, bars, tuning, key,
/// chords, sections, melody).
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse songs into Song Maps (performia.songmap/3).",
        discussion: """
            Writes <name>.songmap.json into --output (default: the current directory). With no \
            FILE, analyses the bundled demo song. Several files are analysed in parallel on all cores.
            """)

    @Argument(help: "Audio files (WAV, FLAC, OGG, MP3; any channel count, 8-192 kHz).")
    var files: [String] = []

    @Option(name: [.short, .long], help: "Directory for the Song Map JSON files.")
    var output: String?

    @Option(help: "Also write the plain MIR files (beats.txt, tempo.txt, chords.lab, key.txt, keys.lab, sections.lab) into DIR/<name>/.")
    var export: String?

    @Flag(help: "Print the Song Map JSON to standard output (one compact document per line) instead of writing files.")
    var json = false

    @Flag(help: "Also separate each song into stems (vocals, drums, bass, other), written beside its map as <name>.stems/<stem>.wav and recorded in it; the chords are then heard on the bass and other stems.")
    var stems = false

    @Option(name: .customLong("melody-from"), help: "With --stems: hear the melody on the mix (default; it measures better with today's separator) or on the vocals stem.")
    var melodyFrom: String = "mix"

    @Option(help: "A ChordPro chart with the song's lyrics ([G]Sunday [Em]morning): its words and syllables are placed in time (heard on the separated vocal stem, anchored on the chords heard) into the Song Map and, with --export, lyrics.tsv and syllables.tsv. Give one per file, in order.")
    var chart: [String] = []

    @Option(help: "Files analysed at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "How beats, downbeats and tempo are found: learned (the trained model) or dsp (signal processing only).")
    var rhythm: RhythmMethod = .learned

    @Option(help: "How chords are heard: learned (the trained chord model added to the NNLS chroma) or nnls (NNLS chroma and chord templates only).")
    var chords: ChordMethod = SongAnalyzer().chordMethod

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard ["mix", "vocals"].contains(melodyFrom) else { throw ValidationError("--melody-from must be mix or vocals, not '\(melodyFrom)'") }
        if melodyFrom == "vocals" && !stems { throw ValidationError("--melody-from vocals needs --stems") }
        if !chart.isEmpty && chart.count != max(1, files.count) {
            throw ValidationError("--chart is given \(chart.count) times for \(max(1, files.count)) files: give one chart per file, in order")
        }
    }

    func run() throws {
        try refuseMistypedCommands()
        let inputs = files.isEmpty ? [try DemoSong.path()] : files
        let names = OutputNames.make(for: inputs)
        var configured = SongAnalyzer()
        configured.rhythmMethod = rhythm
        configured.chordMethod = chords
        configured.melodyFromVocalStem = melodyFrom == "vocals"
        let sheets: [LyricsAnalysis?]
        do {
            sheets = try chart.isEmpty ? inputs.map { _ in nil } : chart.map { path throws(AnalysisError) in
                LyricsAnalysis(sheet: try LyricsAnalysis.sheet(chartPath: path))
            }
        } catch {
            FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let analyzer = configured
        let progress = ProgressDisplay(total: inputs.count, enabled: !json && isatty(STDERR_FILENO) != 0)
        let stemsRoot = output ?? FileManager.default.currentDirectoryPath, separate = stems
        let results = ParallelMap.run(inputs.count, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { i in
            Result { () throws(AnalysisError) -> SongMap in
                var fileAnalyzer = analyzer
                fileAnalyzer.lyrics = sheets[i]
                if separate { fileAnalyzer.stemsDirectory = "\(stemsRoot)/\(names[i]).stems" }
                return try fileAnalyzer.analyze(path: inputs[i]) { fraction in progress.update(file: i, fraction: fraction) }
            }
        }
        progress.finish()
        var failures = 0
        var firstWritten: String?
        for (i, result) in results.enumerated() {
            switch result {
            case .failure(let error):
                failures += 1
                FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
            case .success(let map):
                do {
                    let written = try emit(map, name: names[i])
                    if firstWritten == nil { firstWritten = written }
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("performia: error: \(inputs[i]): cannot write results (\(error.localizedDescription))\n".utf8))
                }
            }
        }
        if let firstWritten { print(Summary.nextSteps(songMap: firstWritten)) }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Writes (or prints) the Song Map and its exports; returns the Song Map's path when it
    /// was written to a file.
    private func emit(_ map: SongMap, name: String) throws -> String? {
        if json {
            var data = try map.jsonData(compact: true)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else {
            let directory = URL(fileURLWithPath: output ?? FileManager.default.currentDirectoryPath)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = directory.appendingPathComponent("\(name).songmap.json")
            try map.jsonData().write(to: file, options: .atomic)
            print(Summary.line(map, written: file.path))
        }
        if let export {
            try MIRExporter.write(map, to: URL(fileURLWithPath: export).appendingPathComponent(name))
        }
        return json ? nil : URL(fileURLWithPath: output ?? FileManager.default.currentDirectoryPath)
            .appendingPathComponent("\(name).songmap.json").path
    }

    /// `performia frobnicate` reaches here as a file to analyse (analyze is the default command):
    /// a first argument that is no file and looks like no path (no `/`, no `.`) is a mistyped
    /// command, refused as a usage error with the commands and the nearest one.
    private func refuseMistypedCommands() throws {
        guard let first = files.first, !FileManager.default.fileExists(atPath: first),
              !first.contains("/"), !first.contains(".") else { return }
        let commands = PerformiaCommand.configuration.subcommands.map { $0._commandName }
        let nearest = commands.min { editDistance($0, first) < editDistance($1, first) }
        var message = "performia: error: '\(first)' is neither a command nor a file; the commands are \(commands.joined(separator: ", "))"
        if let nearest, editDistance(nearest, first) <= max(2, nearest.count / 3) { message += " (did you mean '\(nearest)'?)" }
        FileHandle.standardError.write(Data((message + "; see 'performia --help'\n").utf8))
        throw ExitCode(64)
    }

    /// Levenshtein distance between `a` and `b`, in characters.
    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
