import Foundation
import PerformiaEngine
import PerformiaTestSupport
import Testing

/// The shipped chord model, what a bad weights file does to an analysis, and the learned chord
/// path on a band made by code (which the network has never heard).
@Suite struct ChordModelFileTests {
    static let shipped = ResourceFolder.path(ChordModelFile.resource)

    @Test func shippedModelLoads() throws {
        let model = try ChordModelFile.load(path: Self.shipped)
        #expect(model.bandCount == 104)
        #expect(model.receptiveFrames > 100)  // more than a second of context at 100 frames/s
    }

    @Test func missingFileNamesItsPath() {
        let path = "/nonexistent/chord-cnn.pfnn"
        #expect {
            try ChordModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("no such file")
        }
    }

    @Test func truncatedCopyIsRefusedAtLoad() throws {
        let folder = TemporaryFolder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.shipped))
        let path = try folder.bytes("cut.pfnn", bytes.prefix(bytes.count - 7))
        #expect {
            try ChordModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("truncated") && !"\(error)".contains("\n")
        }
    }

    /// The last weight (the head's last bias) set to NaN: refused at load, naming the tensor.
    @Test func nanWeightIsRefusedAtLoad() throws {
        let folder = TemporaryFolder()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.shipped))
        bytes.replaceSubrange((bytes.count - 4)..<bytes.count, with: [0x00, 0x00, 0xC0, 0x7F])
        let path = try folder.bytes("nan.pfnn", bytes)
        #expect {
            try ChordModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("head.bias") && "\(error)".contains("NaN")
        }
    }

    /// The beat model is no chord model.
    @Test func beatModelIsRefused() {
        let path = ResourceFolder.path(BeatModelFile.offlineResource)
        #expect {
            try ChordModelFile.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("chord-cnn")
        }
    }

    /// A bad chord model stops the analysis before any audio is read, with the model's path.
    @Test func analysisWithABadModelFailsNamingTheModel() throws {
        let folder = TemporaryFolder()
        let audio = try folder.audio("band.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 4).audio])
        let model = try folder.bytes("bad.pfnn", Data("PFNN".utf8) + Data(repeating: 0xFF, count: 64))
        var analyzer = SongAnalyzer()
        analyzer.chordMethod = .learned
        analyzer.chordModelPath = model
        #expect {
            try analyzer.analyze(path: audio)
        } throws: { error in
            "\(error)".hasPrefix("model \(model)")
        }
    }

    /// C–F–G–Am, a bar each (the band's tones are relative to A3), heard by the learned path.
    @Test func learnedPathRecognisesAProgression() throws {
        let folder = TemporaryFolder()
        let chords: [[Double]] = [[3, 7, 10], [-4, 0, 3], [-2, 2, 5], [0, 3, 7]]
        let expected = ["C:maj", "F:maj", "G:maj", "A:min"]
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 12, chords: chords)
        let path = try folder.audio("progression.wav", channels: [audio])
        var analyzer = SongAnalyzer()
        analyzer.chordMethod = .learned
        let map = try analyzer.analyze(path: path)
        var right = 0
        for bar in 0..<12 {
            let middle = reference.beatSeconds[bar * 4 + 2]
            let label = map.chords.first { $0.start <= middle && middle < $0.end }?.label
            if label == expected[bar % 4] { right += 1 }
        }
        #expect(right >= 11, "\(map.chords.map { "\($0.start) \($0.label)" })")
    }
}
