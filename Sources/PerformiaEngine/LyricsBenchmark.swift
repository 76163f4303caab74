import Foundation
import PerformiaIO
import PerformiaLyrics

/// `performia bench lyrics`: runs lyrics providers over a set of sung songs (folders with
/// `mix.wav`, `chart.cho` and `ref/lyrics.tsv`, as `../shared/eval` builds them) and scores them
/// alike (`LyricsScore`): WER, onset errors, lost track, jitter, latency and cost. A provider that
/// fails on a song — it hangs past its timeout, crashes, prints no timed words — is marked failed
/// there, and the benchmark goes on.
public struct LyricsBenchmark: Sendable {
    public var providers: [LyricsProvider]
    public var cpuPricePerHour = 0.05

    public init(providers: [LyricsProvider]) { self.providers = providers }

    public struct SongRun: Sendable {
        public var song: String
        public var provider: String
        public var audioSeconds: Double
        public var wallSeconds: Double
        public var cpuSeconds: Double
        /// nil when it failed (`failure` says why).
        public var score: LyricsScore?
        public var syllableScore: LyricsScore?
        public var failure: String?
        public var invalidLines: Int
        /// Seconds from the moment each matched word ended in the audio to the moment it was
        /// known: batch providers know every word once the whole file is done.
        public var latencies: [Double]
    }

    /// The songs of `set` that have lyrics references, sorted.
    public static func songs(in set: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: set)) ?? []
        return names.sorted().filter {
            FileManager.default.fileExists(atPath: "\(set)/\($0)/ref/lyrics.tsv") && FileManager.default.fileExists(atPath: "\(set)/\($0)/mix.wav")
        }
    }

    public func run(set: String, songs: [String], scratch: String, log: (String) -> Void) -> [SongRun] {
        var runs: [SongRun] = []
        for song in songs {
            let folder = "\(set)/\(song)"
            let reference = LyricsScore.read((try? String(contentsOfFile: "\(folder)/ref/lyrics.tsv", encoding: .utf8)) ?? "").rows
            let syllableReference = LyricsScore.read((try? String(contentsOfFile: "\(folder)/ref/syllables.tsv", encoding: .utf8)) ?? "").rows
            let audioSeconds = (try? AudioFileInfo.read(path: "\(folder)/mix.wav").durationSeconds) ?? 0
            for provider in providers {
                var run = SongRun(song: song, provider: provider.name, audioSeconds: audioSeconds, wallSeconds: 0, cpuSeconds: 0,
                                  score: nil, syllableScore: nil, failure: nil, invalidLines: 0, latencies: [])
                let started = Date()
                let cpuBefore = Self.cpuSeconds()
                let result = timedWords(provider, folder: folder, scratch: "\(scratch)/\(provider.name)/\(song)")
                run.wallSeconds = Date().timeIntervalSince(started)
                run.cpuSeconds = Self.cpuSeconds() - cpuBefore
                switch result {
                case .failure(let error):
                    run.failure = error.message
                case .success(let (words, syllables, invalid)):
                    run.invalidLines = invalid
                    if words.isEmpty {
                        run.failure = invalid > 0 ? "printed \(invalid) lines and no timed words" : "found no words"
                    } else {
                        let score = LyricsScore(reference: reference, estimate: words)
                        run.score = score
                        if !syllables.isEmpty { run.syllableScore = LyricsScore(reference: syllableReference, estimate: syllables) }
                        run.latencies = words.map { max(0, audioSeconds - $0.end) + run.wallSeconds }
                    }
                }
                log("\(provider.name) \(song): " + (run.failure.map { "failed: \($0)" }
                    ?? String(format: "WER %.2f, onset MAE %.0f ms, %.0f s", run.score!.wordErrorRate, 1000 * run.score!.meanAbsoluteError, run.wallSeconds)))
                runs.append(run)
            }
        }
        return runs
    }

    private typealias Words = (words: [LyricsScore.Timed], syllables: [LyricsScore.Timed], invalid: Int)

    private func timedWords(_ provider: LyricsProvider, folder: String, scratch: String) -> Result<Words, LyricsError> {
        let chart = "\(folder)/chart.cho"
        let mix = "\(folder)/mix.wav"
        switch provider.kind {
        case .performia:
            do {
                var analyzer = SongAnalyzer()
                analyzer.lyrics = LyricsAnalysis(sheet: try LyricsAnalysis.sheet(chartPath: chart))
                let map = try analyzer.analyze(path: mix)
                let words = (map.lyrics?.lines ?? []).flatMap(\.words)
                return .success((words.compactMap { w in w.start.map { .init(start: $0, end: w.end!, text: w.text) } },
                                 words.flatMap { $0.syllables.map { .init(start: $0.start, end: $0.end, text: $0.text) } }, 0))
            } catch {
                return .failure(LyricsError(error.description))
            }
        case .pocketsphinxFree:
            do {
                let samples = try Self.voice(mix)
                let words = try SphinxRecognizer().recognize(samples)
                return .success((words.map { .init(start: $0.start, end: $0.end, text: $0.word) }, [], 0))
            } catch {
                return .failure(error)
            }
        case .pocketsphinxGrammar:
            do {
                let sheet = try LyricsAnalysis.sheet(chartPath: chart)
                let lexicon = try PronouncingLexicon()
                let dictionary = try SyllableDictionary(lexicon: lexicon)
                let words = sheet.lines.flatMap(\.words)
                let sounds = dictionary.pronunciations(of: words.map(\.key))
                let known = zip(words, sounds).compactMap { word, sound in sound.map { (word, $0) } }
                let tokens = known.map { SphinxAligner.Token(name: $0.0.key + "_w", phones: $0.1.phones) }
                guard let frames = try SphinxAligner().align(try Self.voice(mix), tokens: tokens) else {
                    return .failure(LyricsError("the grammar's path could not be completed"))
                }
                return .success((zip(known, frames).map { .init(start: Double($1.start) / 100, end: Double($1.end) / 100, text: $0.0.text) }, [], 0))
            } catch let error as LyricsError {
                return .failure(error)
            } catch {
                return .failure(LyricsError("\(error)"))
            }
        case .command:
            return runCommand(provider, chart: chart, mix: mix, scratch: scratch)
        }
    }

    static func voice(_ path: String) throws(LyricsError) -> [Int16] {
        do {
            let reader = try AudioFileReader(path: path, targetSampleRate: SphinxAligner.sampleRate, downmixToMono: true)
            return SphinxAligner.pcm(try LyricsAnalysis.readAll(reader))
        } catch {
            throw LyricsError(error.description)
        }
    }

    private func runCommand(_ provider: LyricsProvider, chart: String, mix: String, scratch: String) -> Result<Words, LyricsError> {
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let lyricsFile = "\(scratch)/lyrics.txt"
        if let sheet = try? LyricsAnalysis.sheet(chartPath: chart) {
            let text = sheet.lyricLines.map { $0.words.map(\.text).joined(separator: " ") }.joined(separator: "\n") + "\n"
            try? text.write(toFile: lyricsFile, atomically: true, encoding: .utf8)
        }
        let arguments = (provider.command ?? []).map {
            $0.replacingOccurrences(of: "{audio}", with: mix).replacingOccurrences(of: "{lyrics}", with: lyricsFile)
                .replacingOccurrences(of: "{chart}", with: chart)
        }
        guard let program = arguments.first else { return .failure(LyricsError("no command")) }
        let outPath = "\(scratch)/stdout.txt"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath) else { return .failure(LyricsError("cannot write \(outPath)")) }
        defer { try? out.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? Array(arguments.dropFirst()) : arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return .failure(LyricsError("cannot start \(program): \(error.localizedDescription)"))
        }
        let timeout = provider.timeoutSeconds ?? 600
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return .failure(LyricsError(String(format: "still running after %.0f s: stopped", timeout)))
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            return .failure(LyricsError("crashed (signal \(process.terminationStatus))"))
        }
        if process.terminationStatus != 0 {
            return .failure(LyricsError("exited with status \(process.terminationStatus)"))
        }
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let (rows, invalid) = LyricsScore.read(text)
        return .success((rows, [], invalid))
    }

    /// CPU seconds of this process and its finished children.
    static func cpuSeconds() -> Double {
        var me = rusage(), children = rusage()
        getrusage(RUSAGE_SELF.rawValue, &me)
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(me.ru_utime) + seconds(me.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime)
    }
}
