import Foundation
import PerformiaEngine
import PerformiaIO
import PerformiaTestSupport
import Testing

extension AnalyzeCommandTests {
    /// `performia separate` with the shipped models on a short band: the files, their shape and
    /// the residual line; then the one-line errors.
    @Test func separatesABandIntoStemsAndSaysHowTheySum() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 1)
        let path = try folder.audio("band.wav", channels: [audio, audio])
        let run = try performia(["separate", path, "--out", folder.path("stems")])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("band.wav → \(folder.path("stems"))/band/{drums,bass,other,vocals}.wav"), "\(run.stdout)")
        #expect(run.stdout.contains("the stems sum to the input within -"), "\(run.stdout)")
        for stem in ["drums", "bass", "other", "vocals"] {
            let info = try AudioFileInfo.read(path: folder.path("stems/band/\(stem).wav"))
            #expect(info.channelCount == 2 && info.sampleRate == 44100 && Int(info.frameCount) == audio.count)
        }
        let karaoke = try performia(["separate", "--live", "--two-stems", "vocals", "--format", "flac", path, "--out", folder.path("k")])
        try #require(karaoke.status == 0, "\(karaoke.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("k/band/no_vocals.flac")))
        #expect(FileManager.default.fileExists(atPath: folder.path("k/band/vocals.flac")))
    }

    @Test func separateRefusesBadInputWithOneLine() throws {
        let folder = TemporaryFolder()
        let missing = try performia(["separate", "/no/such/song.wav", "--out", folder.path("x")])
        expectOneLineError(missing, naming: "/no/such/song.wav", containing: "no such file")
        let corrupt = try folder.bytes("stem.pfnn", Data("not weights".utf8))
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 440, seconds: 0.5)])
        let badModel = try performia(["separate", path, "--model", corrupt, "--out", folder.path("y")])
        expectOneLineError(badModel, naming: corrupt, containing: "not a performia-nn weights file")
        let unknown = try performia(["separate", path, "--stems", "guitar", "--out", folder.path("z")])
        expectOneLineError(unknown, naming: "stem-offline.pfnn", containing: "no stem 'guitar'")
        let format = try performia(["separate", path, "--format", "mp4"])
        #expect(format.status != 0 && format.stderr.contains("--format must be wav or flac"))
    }

    /// `performia live --stems` at fast pace: the band plays behind the live separator, the monitor
    /// mix without the vocals; a stem name the model lacks is one line.
    @Test func liveSeparatesTheInputForTheBand() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 2)
        let path = try folder.audio("band.wav", channels: [audio])
        let run = try performia(["live", "--input", path, "--pace", "fast", "--stems", "--hear", "drums,bass,other",
                                 "--mute", "vocals", "--gain", "drums=-6", "--mix", "--out", folder.path("band-out.wav")])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("stems separated (live separator)") && run.stdout.contains("21.3 (the band stamps"), "\(run.stdout)")
        #expect(try AudioFileInfo.read(path: folder.path("band-out.wav")).channelCount == 2)
        let unknown = try performia(["live", "--input", path, "--pace", "fast", "--stems", "--solo", "guitar"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no stem 'guitar'") && unknown.stderr.split(separator: "\n").count == 1,
                "\(unknown.stderr)")
        let withoutStems = try performia(["live", "--input", path, "--pace", "fast", "--mute", "vocals"])
        #expect(withoutStems.status != 0 && withoutStems.stderr.contains("need --stems"))
    }

    /// `performia analyze --stems`: the stems beside the map, recorded in it (schema 2).
    @Test func analyzeWritesStemsBesideTheMap() throws {
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 2)
        let path = try folder.audio("band.wav", channels: [audio])
        let run = try performia(["analyze", path, "--stems", "-o", folder.path("maps")])
        try #require(run.status == 0, "\(run.stderr)")
        let map = try SongMapValidator.validate(json: Data(contentsOf: URL(fileURLWithPath: folder.path("maps/band.songmap.json"))))
        let stems = try #require(map.stems)
        #expect(map.schema == "performia.songmap/3" && stems.separator == "offline" && stems.model == "stem-offline.pfnn")
        #expect(stems.files.map(\.path) == ["drums", "bass", "other", "vocals"].map { folder.path("maps/band.stems/\($0).wav") })
        #expect(stems.files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } && stems.usedFor == ["chords": "bass+other"])
        let refused = try performia(["analyze", path, "--melody-from", "vocals"])
        #expect(refused.status != 0 && refused.stderr.contains("--melody-from vocals needs --stems"))
    }
}
