import ArgumentParser
import Foundation
import PerformiaEngine

/// `performia bench …`: benchmarks a musician-facing capability against other providers.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark Performia against other providers.",
        subcommands: [BenchLyrics.self])
}

/// `performia bench lyrics SET`: lyrics providers over sung songs with references.
struct BenchLyrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lyrics",
        abstract: "Compare lyrics providers on sung songs: WER, word onset error, lost track, jitter, latency, cost.",
        discussion: """
            SET is a folder of song folders with mix.wav, chart.cho and ref/lyrics.tsv (as \
            ../shared/eval/build-devset makes them). The built-in providers are performia (the \
            chord-anchored aligner on the separated voice), pocketsphinx-grammar (the chart's words \
            as one grammar over the mix) and pocketsphinx-free (free recognition); --providers adds \
            programs (docs/lyrics.md). A provider that fails on a song is marked failed there.
            """)

    @Argument(help: "The set folder.")
    var set: String

    @Option(help: "A JSON file of extra providers (commands) and the CPU price (Benchmarks/lyrics-providers/whisper.json).")
    var providers: String?

    @Option(help: "Run only these providers (comma-separated names).")
    var only: String?

    @Option(help: "Also write the table's rows as JSON to this file.")
    var json: String?

    @Option(help: "Folder for the providers' outputs (default: a temporary folder).")
    var scratch: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: set) else {
            FileHandle.standardError.write(Data("performia: error: \(set): no such set folder\n".utf8))
            throw ExitCode(1)
        }
        var list = LyricsProvider.builtIn
        var price = 0.05
        if let providers {
            do {
                let configuration = try LyricsProvider.configuration(path: providers)
                list += configuration.providers
                price = configuration.cpuPricePerHour ?? price
            } catch {
                FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let only {
            let names = Set(only.split(separator: ",").map(String.init))
            let unknown = names.subtracting(list.map(\.name))
            if !unknown.isEmpty {
                FileHandle.standardError.write(Data("performia: error: no provider named \(unknown.sorted().joined(separator: ", ")); there are \(list.map(\.name).joined(separator: ", "))\n".utf8))
                throw ExitCode(64)
            }
            list = list.filter { names.contains($0.name) }
        }
        let songs = LyricsBenchmark.songs(in: set)
        guard !songs.isEmpty else {
            FileHandle.standardError.write(Data("performia: error: \(set) has no songs with mix.wav and ref/lyrics.tsv\n".utf8))
            throw ExitCode(1)
        }
        var benchmark = LyricsBenchmark(providers: list)
        benchmark.cpuPricePerHour = price
        let folder = scratch ?? NSTemporaryDirectory() + "performia-bench-lyrics-\(UUID().uuidString)"
        let runs = benchmark.run(set: set, songs: songs, scratch: folder) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if scratch == nil { try? FileManager.default.removeItem(atPath: folder) }
        let report = LyricsBenchmarkReport(runs: runs, providers: list, cpuPricePerHour: price)
        print("\(songs.count) songs: \(songs.joined(separator: ", "))\n")
        print(report.markdown())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try encoder.encode(report.rows).write(to: URL(fileURLWithPath: json))
        }
    }
}
