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
    static var executable: URL { executable(named: "performia") }

    /// The built executable `name` (`performia`, `performia-eval`) next to the test bundle.
    static func executable(named name: String) -> URL {
        var dir = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent(name)
    }

    func performia(_ arguments: [String], in directory: URL? = nil, tool: String = "performia",
                   environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable(named: tool)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
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
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 2)
        #expect(map.source.channels == 2 && map.source.format == "FLAC" && map.source.sampleRate == 44100)
        #expect(BeatScoring.fMeasure(estimated: map.beats.map(\.time), reference: reference.beatSeconds) > 0.95)
        let beats = try String(contentsOfFile: folder.path("mir/band/beats.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(beats.count == map.beats.count)
        #expect(beats.first.map { $0.split(separator: "\t").count == 2 } == true)
        let tempo = try String(contentsOfFile: folder.path("mir/band/tempo.txt"), encoding: .utf8)
        #expect(abs(Double(tempo.trimmingCharacters(in: .whitespacesAndNewlines))! - (map.tempo.bpm ?? 0)) < 0.01)
        // The band plays A, D, E, F#m, Bm a bar each (Signals.band): A major.
        let key = try String(contentsOfFile: folder.path("mir/band/key.txt"), encoding: .utf8)
        #expect(key == "A major\n")
        for file in ["chords.lab", "sections.lab", "keys.lab"] {
            let lines = try String(contentsOfFile: folder.path("mir/band/\(file)"), encoding: .utf8)
                .split(separator: "\n")
            #expect(!lines.isEmpty, "\(file) is empty")
            for line in lines {
                let fields = line.split(separator: "\t")
                #expect(fields.count == 3 && Double(fields[0])! < Double(fields[1])!, "\(file): \(line)")
            }
        }
        let chords = try String(contentsOfFile: folder.path("mir/band/chords.lab"), encoding: .utf8)
        for label in ["A:maj", "D:maj", "E:maj", "F#:min", "B:min"] { #expect(chords.contains(label), "\(label) missing") }
    }

    @Test func analysesAnMP3() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10)
        let map = try songMap(try folder.audio("band.mp3", channels: [audio, audio]))
        #expect(map.source.format == "MP3")
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 3, "tempo \(map.tempo.bpm ?? 0)")
    }

    /// A missing beat or chord model is one line naming it and exit 1; `--rhythm dsp --chords nnls`
    /// needs no model.
    @Test func missingBeatModelIsOneLineAndDspNeedsNone() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 4).audio])
        let empty = folder.path("resources")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let run = try performia(["analyze", path, "--output", folder.path("maps")], environment: ["PERFORMIA_RESOURCES": empty])
        expectOneLineError(run, naming: "\(empty)/models/beat-tcn.pfnn", containing: "no such file")
        let chords = try performia(["analyze", path, "--rhythm", "dsp", "--chords", "learned", "--output", folder.path("maps")],
                                   environment: ["PERFORMIA_RESOURCES": empty])
        expectOneLineError(chords, naming: "\(empty)/models/chord-cnn.pfnn", containing: "no such file")
        let dsp = try performia(["analyze", path, "--rhythm", "dsp", "--chords", "nnls", "--output", folder.path("maps")],
                                environment: ["PERFORMIA_RESOURCES": empty])
        #expect(dsp.status == 0, "\(dsp.stderr)")
        let wrong = try performia(["analyze", path, "--rhythm", "neural"])
        #expect(wrong.status != 0 && wrong.stderr.contains("rhythm"))
    }

    @Test func analysesTheBundledDemoWithoutArguments() throws {
        let folder = TemporaryFolder()
        let run = try performia(["analyze", "--output", folder.url.path])
        try #require(run.status == 0, "\(run.stderr)")
        let map = try SongMapValidator.validate(json: Data(contentsOf: URL(fileURLWithPath: folder.path("demo.songmap.json"))))
        // The demo is written at 104 BPM in 4/4 (scripts/make-demo-song).
        #expect(abs((map.tempo.bpm ?? 0) - 104) / 104 < 0.02)
        #expect(map.meter.timeSignature == "4/4")
        // Its chart, a chord per bar after one beat of lead-in, in G major.
        #expect(map.key?.name == "G major")
        let chart = ["G", "D", "Em", "C"] + ["G", "D", "Em", "C", "G", "D", "C", "C"] + ["C", "G", "D", "Em", "C", "G", "D", "D"]
            + ["G", "D", "Em", "C", "G", "D", "C", "C"] + ["C", "G", "D", "Em", "C", "G", "D", "D"] + ["G", "D", "C", "G"]
        let beatSeconds = 60.0 / 104
        var correct = 0
        for (bar, symbol) in chart.enumerated() {
            let middle = beatSeconds * (1 + Double(bar) * 4 + 2)
            if map.chords.first(where: { $0.start <= middle && middle < $0.end })?.symbol == symbol { correct += 1 }
        }
        #expect(Double(correct) / Double(chart.count) >= 0.9, "\(correct) of \(chart.count) bars")
        // The first screen: key, the chords, the sections, and where to go next.
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("G major") == true && lines.first?.contains("BPM") == true, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("  chords    G  D  Em  C") }, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("  sections  ") && $0.contains(" 0:00 · ") }, "\(run.stdout)")
        #expect(lines.contains { $0.contains("performia chart ") } && lines.contains { $0.contains("performia live --song-map ") })
        // Its form: intro, verse, chorus, verse, chorus, outro, starting on these bars, the outro
        // ending with the last chord (bar 40); every boundary within half a bar.
        let form: [(bar: Int, label: String)] = [(0, "intro"), (4, "verse"), (12, "chorus"), (20, "verse"), (28, "chorus"), (36, "outro")]
        #expect(map.sections.map { $0.label ?? $0.group } == form.map { $0.label })
        for (section, part) in zip(map.sections, form) {
            #expect(abs(section.start - beatSeconds * (1 + Double(part.bar) * 4)) < beatSeconds * 2,
                    "\(part.label) at \(section.start) s")
        }
        #expect(map.sections.last.map { $0.end - beatSeconds * (1 + 40 * 4) } ?? -1 > 0)
        // Bass, piano and drums, no lead voice: no melody, and the map says why.
        #expect(map.melody.isEmpty, "\(map.melody.count) notes")
        #expect(map.analysis.warnings.contains { $0.hasPrefix("no lead voice") }, "\(map.analysis.warnings)")
    }

    @Test func chartPrintsKeySectionsAndChordsPerBar() throws {
        let folder = TemporaryFolder()
        let run = try performia(["analyze", "--output", folder.url.path])
        try #require(run.status == 0, "\(run.stderr)")
        let fromMap = try performia(["chart", folder.path("demo.songmap.json")])
        try #require(fromMap.status == 0, "\(fromMap.stderr)")
        let chart = fromMap.stdout
        #expect(chart.hasPrefix("{title: demo}\n{key: G}\n{tempo: 10"))
        #expect(chart.contains("{time: 4/4}"))
        let starts = chart.split(separator: "\n").filter { $0.hasPrefix("{start_of_") }.count
        let ends = chart.split(separator: "\n").filter { $0.hasPrefix("{end_of_") }.count
        #expect(starts >= 2 && starts == ends, "sections: \(starts) starts, \(ends) ends")
        // Every bar of the 40-bar song is on the chart, in order, in ChordPro 6 grids: a cell a
        // beat, the bar's chord in its first cell.
        let bars = chart.split(separator: "\n").filter { $0.hasPrefix("|") }
            .flatMap { $0.split(separator: "|").map { $0.split(separator: " ") }.filter { !$0.isEmpty } }
        #expect(bars.count >= 40 && bars.count <= 41, "\(bars.count) bars")
        #expect(bars.dropLast().allSatisfy { $0.count == 4 })
        #expect(bars.prefix(5).map { String($0[0]) } == ["G", "D", "Em", "C", "G"])
        #expect(chart.contains("{define: G base-fret 1 frets 3 2 0 0 0 3}"))
        // Written to a file, from the audio, the chart is the same.
        let written = try performia(["chart", Self.root.appendingPathComponent("Resources/demo/demo.ogg").path, "-o", folder.path("demo.cho")])
        try #require(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: folder.path("demo.cho"), encoding: .utf8) == chart)
    }

    @Test func chartRejectsABrokenSongMapAndUnwritableOutput() throws {
        let folder = TemporaryFolder()
        let broken = try folder.bytes("broken.songmap.json", Data("{\"schema\": 3}".utf8))
        expectOneLineError(try performia(["chart", broken]), naming: broken, containing: "not a Song Map")
        let run = try performia(["chart", "/no/such/song.wav"])
        expectOneLineError(run, naming: "/no/such/song.wav", containing: "no such file")
        let unwritable = try performia(["chart", Self.root.appendingPathComponent("Resources/demo/demo.ogg").path, "-o", "/no/such/dir/x.cho"])
        expectOneLineError(unwritable, naming: "/no/such/dir/x.cho", containing: "cannot write")
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

    /// A text file named .mp3: one line naming the problem, no decoder notes, no claim that the
    /// file does not exist (libsndfile's words when libmpg123 gives up).
    @Test func textNamedMP3IsOneLine() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("lyrics.mp3", Data("Sunday morning, roll the windows down\n".utf8))
        let run = try performia(["analyze", path])
        expectOneLineError(run, naming: path, containing: "no MPEG audio header")
        #expect(!run.stderr.contains("does not exist") && !run.stderr.contains("Note:"))
    }

    @Test(arguments: [("{\"schema\": 3", "not JSON"), ("{\"schema\": \"performia.songmap/1\"}", "missing field"),
                      ("[1, 2]", "is not an object")])
    func validateNamesWhatIsWrongInReadersWords(json: String, problem: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("x.songmap.json", Data(json.utf8))
        let run = try performia(["validate", path])
        expectOneLineError(run, naming: path, containing: problem)
        #expect(!run.stderr.contains("DecodingError") && !run.stderr.contains("CodingKeys"))
    }

    @Test(arguments: [("frobnicate", nil), ("anaylze", "analyze"), ("chrat", "chart")])
    func aMistypedCommandIsAUsageErrorNamingTheCommands(word: String, suggestion: String?) throws {
        let run = try performia([word])
        #expect(run.status == 64)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("analyze, bench, chart, live, separate, validate"))
        #expect(!run.stderr.contains("no such file"))
        if let suggestion { #expect(run.stderr.contains("did you mean '\(suggestion)'")) }
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
        #expect(abs((map.tempo.bpm ?? 0) - 110) < 3)
    }

    @Test func dcOffsetAndClippingStillTrack() throws {
        let folder = TemporaryFolder()
        let audio = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10).audio.map { min(1, max(-1, $0 * 6 + 0.5)) }
        let map = try songMap(try folder.audio("clipped.wav", channels: [audio]))
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 3)
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
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 3)
    }

    @Test func sixChannelsAnalyse() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10)
        let silent = [Float](repeating: 0, count: audio.count)
        let map = try songMap(try folder.audio("surround.wav", channels: [audio, audio, silent, silent, audio, audio]))
        #expect(map.source.channels == 6 && abs((map.tempo.bpm ?? 0) - 120) < 3)
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
    /// The training export prints the octave candidates: the favourite and its half or double.
    @Test func tempoFeaturesListsOctaveCandidates() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("band.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 10).audio])
        let run = try performia(["tempo-features", path], tool: "performia-eval")
        try #require(run.status == 0, "\(run.stderr)")
        let line = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let candidates = try #require(line?["candidates"] as? [[String: Any]])
        let bpms = candidates.compactMap { $0["bpm"] as? Double }.sorted()
        #expect(bpms.count >= 2 && bpms.contains { abs($0 - 120) < 3 })
        #expect(candidates.allSatisfy { ($0["features"] as? [Double])?.count == 5 })
        #expect(try performia(["tempo-features", "/missing.wav"], tool: "performia-eval").status == 1)
        #expect(try performia(["tempo-features", path]).status != 0, "the product no longer has the training command")
    }
}
