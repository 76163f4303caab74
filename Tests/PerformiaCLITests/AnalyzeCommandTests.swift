import Foundation
import PerformiaEngine
import PerformiaIO
import PerformiaTestSupport
import Testing

/// `performia analyze` as a musician runs it: the real binary, real files, exit codes, messages.
@Suite struct AnalyzeCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `performia` executable next to the test bundle.
    static var executable: URL {
        var dir = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("performia").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("performia")
    }

    func performia(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Self.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Analyses one file with --json and returns the validated Song Map.
    func songMap(_ path: String) throws -> SongMap {
        let run = try performia(["analyze", "--json", path])
        try #require(run.status == 0, "exit \(run.status): \(run.stderr)")
        return try SongMapValidator.validate(json: Data(run.stdout.utf8))
    }

    func expectOneLineError(_ run: Run, naming path: String, containing problem: String) {
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(path) && run.stderr.contains(problem), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func analysesABandAndWritesSongMapAndExports() throws {
        let folder = TemporaryFolder()
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 12)
        let path = try folder.audio("band.flac", channels: [audio, audio])
        let run = try performia(["analyze", path, "--output", folder.path("maps"), "--export", folder.path("mir")])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("120") && run.stdout.contains("4/4"))
        let map = try SongMapValidator.validate(json: Data(contentsOf: URL(fileURLWithPath: folder.path("maps/band.songmap.json"))))
        #expect(abs(map.tempo.bpm - 120) < 2)
        #expect(map.source.channels == 2 && map.source.format == "FLAC" && map.source.sampleRate == 44100)
        #expect(BeatScoring.fMeasure(estimated: map.beats.map(\.time), reference: reference.beatSeconds) > 0.95)
        let beats = try String(contentsOfFile: folder.path("mir/band/beats.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(beats.count == map.beats.count)
        #expect(beats.first.map { $0.split(separator: "\t").count == 2 } == true)
        let tempo = try String(contentsOfFile: folder.path("mir/band/tempo.txt"), encoding: .utf8)
        #expect(abs(Double(tempo.trimmingCharacters(in: .whitespacesAndNewlines))! - map.tempo.bpm) < 0.01)
    }

    @Test func analysesAnMP3() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10)
        let map = try songMap(try folder.audio("band.mp3", channels: [audio, audio]))
        #expect(map.source.format == "MP3")
        #expect(abs(map.tempo.bpm - 120) < 3, "tempo \(map.tempo.bpm)")
    }

    @Test func analysesTheBundledDemoWithoutArguments() throws {
        let folder = TemporaryFolder()
        let run = try performia(["analyze", "--output", folder.url.path])
        try #require(run.status == 0, "\(run.stderr)")
        let map = try SongMapValidator.validate(json: Data(contentsOf: URL(fileURLWithPath: folder.path("demo.songmap.json"))))
        // The demo is written at 104 BPM in 4/4 (scripts/make-demo-song).
        #expect(abs(map.tempo.bpm - 104) / 104 < 0.02)
        #expect(map.meter.timeSignature == "4/4")
    }

    @Test func missingFile() throws {
        expectOneLineError(try performia(["analyze", "/no/such/song.wav"]), naming: "/no/such/song.wav", containing: "no such file")
    }

    @Test func emptyFile() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("empty.wav", Data())
        expectOneLineError(try performia(["analyze", path]), naming: path, containing: "empty file")
    }

    @Test func nonAudioFile() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("lyrics.ogg", Data(repeating: 0x41, count: 5000))
        expectOneLineError(try performia(["analyze", path]), naming: path, containing: "not an audio file")
    }

    @Test func unsupportedSampleRate() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tiny.wav", channels: [Signals.sine(hz: 100, seconds: 1, sampleRate: 2000)], sampleRate: 2000)
        expectOneLineError(try performia(["analyze", path]), naming: path, containing: "2000 Hz")
    }

    @Test func truncatedFileGivesAnErrorOrAValidMap() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.wav", channels: [Signals.band(bpm: 100, beatsPerBar: 4, bars: 8).audio])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.wav", data.prefix(data.count / 3))
        let run = try performia(["analyze", "--json", path])
        if run.status == 0 {
            let map = try SongMapValidator.validate(json: Data(run.stdout.utf8))
            #expect(map.source.durationSeconds < 10)
        } else {
            expectOneLineError(run, naming: path, containing: path)
        }
    }

    @Test func silenceGivesAValidMapWithoutBeatsAndZeroConfidence() throws {
        let folder = TemporaryFolder()
        let map = try songMap(try folder.audio("silence.wav", channels: [[Float](repeating: 0, count: 44100 * 8)]))
        #expect(map.beats.isEmpty && map.analysis.confidence == 0)
        #expect(map.analysis.warnings.contains { $0.contains("no beat") })
    }

    @Test func nanAndInfiniteSamplesAreReplacedAndReported() throws {
        let folder = TemporaryFolder()
        var audio = Signals.band(bpm: 110, beatsPerBar: 4, bars: 8).audio
        for i in stride(from: 1000, to: audio.count, by: 5000) { audio[i] = i % 2 == 0 ? .nan : .infinity }
        let map = try songMap(try folder.audio("nan.wav", channels: [audio], encoding: .wavFloat))
        #expect(map.analysis.warnings.contains { $0.contains("NaN or infinite") })
        #expect(abs(map.tempo.bpm - 110) < 3)
    }

    @Test func dcOffsetAndClippingStillTrack() throws {
        let folder = TemporaryFolder()
        let audio = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10).audio.map { min(1, max(-1, $0 * 6 + 0.5)) }
        let map = try songMap(try folder.audio("clipped.wav", channels: [audio]))
        #expect(abs(map.tempo.bpm - 120) < 3)
    }

    @Test func oneSecondOfAudioGivesALowConfidenceMap() throws {
        let folder = TemporaryFolder()
        let map = try songMap(try folder.audio("short.wav", channels: [Signals.noise(seconds: 1)]))
        #expect(map.analysis.warnings.contains { $0.contains("too short") })
        #expect(map.analysis.confidence < 0.5)
    }

    @Test(arguments: [8000.0, 192000.0])
    func extremeSampleRatesAnalyse(rate: Double) throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10, sampleRate: rate)
        let map = try songMap(try folder.audio("band.wav", channels: [audio], sampleRate: rate))
        #expect(map.source.sampleRate == rate)
        #expect(abs(map.tempo.bpm - 120) < 3)
    }

    @Test func sixChannelsAnalyse() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10)
        let silent = [Float](repeating: 0, count: audio.count)
        let map = try songMap(try folder.audio("surround.wav", channels: [audio, audio, silent, silent, audio, audio]))
        #expect(map.source.channels == 6 && abs(map.tempo.bpm - 120) < 3)
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let folder = TemporaryFolder()
        let good = try folder.audio("good.wav", channels: [Signals.band(bpm: 100, beatsPerBar: 4, bars: 8).audio])
        let run = try performia(["analyze", good, "/missing.wav", "--output", folder.path("out")])
        #expect(run.status == 1)
        #expect(FileManager.default.fileExists(atPath: folder.path("out/good.songmap.json")))
        #expect(run.stderr.contains("/missing.wav: no such file"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let run = try performia(["analyze", "--jobs", "0", "x.wav"])
        #expect(run.status == 64 && run.stderr.contains("--jobs"))
        #expect(try performia(["analyze", "--frobnicate"]).status == 64)
    }

    @Test func validateRejectsABrokenSongMap() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("bad.songmap.json", Data(#"{"schema":"performia.songmap/1"}"#.utf8))
        let run = try performia(["validate", path])
        expectOneLineError(run, naming: path, containing: "not a Song Map")
    }

    @Test func progressIsQuietWhenPiped() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 100, beatsPerBar: 4, bars: 4).audio])
        let run = try performia(["analyze", path, "--output", folder.url.path])
        #expect(run.status == 0 && run.stderr.isEmpty)
    }
}

extension AnalyzeCommandTests {
    /// On a terminal (a pseudo-terminal made by util-linux `script`) the progress bar is drawn.
    @Test func progressBarIsDrawnOnATerminal() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 100, beatsPerBar: 4, bars: 4).audio])
        let command = "\(Self.executable.path) analyze \(path) --output \(folder.url.path)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("100%") && text.contains("[###"), "terminal output: \(text)")
    }
}

extension AnalyzeCommandTests {
    /// The hidden training command prints the octave candidates: the favourite and its half or double.
    @Test func tempoFeaturesListsOctaveCandidates() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 10).audio])
        let run = try performia(["tempo-features", path])
        try #require(run.status == 0, "\(run.stderr)")
        let line = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let candidates = try #require(line?["candidates"] as? [[String: Any]])
        let bpms = candidates.compactMap { $0["bpm"] as? Double }.sorted()
        #expect(bpms.count >= 2 && bpms.contains { abs($0 - 120) < 3 })
        #expect(candidates.allSatisfy { ($0["features"] as? [Double])?.count == 5 })
        #expect(try performia(["tempo-features", "/missing.wav"]).status == 1)
    }
}
