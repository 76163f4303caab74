import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

/// The shipped beat models and what a bad weights file does to an analysis.
@Suite struct BeatModelFileTests {
    static let offline = ResourceFolder.path(BeatModelFile.offlineResource)

    @Test func shippedOfflineModelLoadsAndIsCentred() throws {
        let model = try BeatModelFile.load(path: Self.offline)
        #expect(!model.causal)
        #expect(model.bandCount == 104)
    }

    @Test func missingFileNamesItsPath() {
        let path = "/nonexistent/beat-tcn.pfnn"
        #expect {
            try BeatModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("no such file")
        }
    }

    @Test func truncatedCopyIsRefusedAtLoad() throws {
        let folder = TemporaryFolder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.offline))
        let path = try folder.bytes("cut.pfnn", bytes.prefix(bytes.count / 2))
        #expect {
            try BeatModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("truncated") && !"\(error)".contains("\n")
        }
    }

    @Test func offlineModelIsRefusedWhereACausalOneIsNeeded() {
        #expect {
            try BeatModelFile.load(path: Self.offline, causal: true)
        } throws: { error in
            "\(error)".contains("causal")
        }
    }

    /// A bad model stops the analysis before any audio is read, with the model's path.
    @Test func analysisWithABadModelFailsNamingTheModel() throws {
        let folder = TemporaryFolder()
        let audio = try folder.audio("band.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 4).audio])
        let model = try folder.bytes("nan.pfnn", Data("PFNN".utf8) + Data(repeating: 0xFF, count: 64))
        var analyzer = SongAnalyzer()
        analyzer.beatModelPath = model
        #expect {
            try analyzer.analyze(path: audio)
        } throws: { error in
            "\(error)".hasPrefix("model \(model)")
        }
    }

    /// The learned path on a band made by code: the tempo and the beats (the network has never
    /// heard this synthetic band; its references are exact).
    @Test func learnedPathFindsTheBeatsOfAGeneratedBand() throws {
        let folder = TemporaryFolder()
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 12)
        let path = try folder.audio("band.wav", channels: [audio])
        let map = try SongAnalyzer().analyze(path: path)
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 2)
        #expect(BeatScoring.fMeasure(estimated: map.beats.map(\.time), reference: reference.beatSeconds) > 0.9)
    }
}
