import Foundation
import PerformiaEngine
import PerformiaIO
import PerformiaTestSupport
import Testing

/// `StemSeparation` on the odd inputs, with the small fixture models (the shipped models'
/// quality is measured in docs/benchmarks.md, not here): every stem has the input's rate, channel
/// count and length; the stems sum back to the input; silence stays silence.
@Suite struct StemSeparationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/neural")

    static func job(live: Bool) -> StemSeparation {
        var job = StemSeparation()
        job.form = live ? .live : .offline
        job.modelPath = fixtures.appendingPathComponent(live ? "stem.pfnn" : "stem-centred.pfnn").path
        return job
    }

    /// A chord of sines with a pulse, `seconds` long, in every channel (slightly different).
    static func music(seconds: Double, sampleRate: Double, channels: Int) -> [[Float]] {
        let frames = Int(seconds * sampleRate)
        return (0..<channels).map { c in
            (0..<frames).map { t in
                let time = Double(t) / sampleRate
                let tone = (sin(2 * .pi * 220 * time) + 0.5 * sin(2 * .pi * 330 * time + Double(c))) * 0.3
                return Float(tone * (0.6 + 0.4 * cos(2 * .pi * 2 * time)))
            }
        }
    }

    static func read(_ path: String) throws -> (info: AudioFileInfo, channels: [[Float]]) {
        let info = try AudioFileInfo.read(path: path)
        let reader = try AudioFileReader(path: path)
        let buffers = (0..<reader.channelCount).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: Int(info.frameCount) + 1) }
        defer { for b in buffers { b.deallocate() } }
        var read = 0
        while true {
            let pointers = buffers.map { $0 + read }
            let frames = try pointers.withUnsafeBufferPointer { try reader.read(into: $0.baseAddress!, maximumFrames: Int(info.frameCount) + 1 - read) }
            if frames == 0 { break }
            read += frames
        }
        return (info, buffers.map { Array(UnsafeBufferPointer(start: $0, count: read)) })
    }

    @Test(arguments: [(44100.0, 2, true), (44100.0, 1, false), (8000.0, 1, true), (48000.0, 2, false), (192000.0, 1, true), (44100.0, 6, true)])
    func stemsHaveTheInputsShapeAndSumToIt(sampleRate: Double, channels: Int, live: Bool) throws {
        let folder = TemporaryFolder()
        let input = Self.music(seconds: 1.2, sampleRate: sampleRate, channels: channels)
        let path = try folder.audio("in.wav", channels: input, sampleRate: sampleRate, encoding: .wavFloat)
        let result = try Self.job(live: live).separate(path: path, into: folder.path("stems"))
        #expect(result.files.map(\.name) == ["drums", "bass", "other", "vocals"])
        var sum = [[Float]](repeating: [Float](repeating: 0, count: input[0].count), count: channels)
        for file in result.files {
            let (info, audio) = try Self.read(file.path)
            #expect(info.sampleRate == sampleRate && info.channelCount == channels && Int(info.frameCount) == input[0].count,
                    "\(file.name): \(info.sampleRate) Hz, \(info.channelCount) channels, \(info.frameCount) frames")
            for c in 0..<channels { for t in 0..<audio[c].count { sum[c][t] += audio[c][t] } }
        }
        let residual = try #require(result.residualDecibels)
        // 16-bit stems at 44.1 kHz; resampled ones also carry libsamplerate's ripple near the edges.
        #expect(residual < (sampleRate == 44100 ? -60 : -30), "residual \(residual) dB")
        let error = zip(sum[0], input[0]).map { abs($0 - $1) }.max()!
        #expect(error < (sampleRate == 44100 ? 1e-3 : 0.05), "largest difference from the input \(error)")
    }

    @Test func silenceGivesSilentStems() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("silence.wav", channels: [[Float](repeating: 0, count: 30000)])
        let result = try Self.job(live: false).separate(path: path, into: folder.path("stems"))
        for file in result.files {
            let (_, audio) = try Self.read(file.path)
            #expect(audio[0].count == 30000 && audio[0].allSatisfy { $0 == 0 }, "\(file.name) is not silent")
        }
        #expect(result.residualDecibels == -.infinity)
    }

    @Test func clippedInputIsSeparatedWithoutNonFiniteSamples() throws {
        let folder = TemporaryFolder()
        let loud = Self.music(seconds: 0.8, sampleRate: 44100, channels: 1).map { $0.map { max(-1, min(1, $0 * 6)) } }
        let path = try folder.audio("clipped.wav", channels: loud)
        let result = try Self.job(live: true).separate(path: path, into: folder.path("stems"))
        for file in result.files { #expect(try Self.read(file.path).channels[0].allSatisfy(\.isFinite)) }
        #expect((result.residualDecibels ?? 0) < -40)
    }

    @Test func choosesStemsAndTwoStems() throws {
        let folder = TemporaryFolder()
        let input = Self.music(seconds: 0.8, sampleRate: 44100, channels: 1)
        let path = try folder.audio("in.wav", channels: input, encoding: .wavFloat)
        var some = Self.job(live: true)
        some.stems = ["vocals", "drums"]
        some.fileExtension = "flac"
        let chosen = try some.separate(path: path, into: folder.path("some"))
        #expect(chosen.files.map(\.name) == ["vocals", "drums"] && chosen.residualDecibels == nil)
        #expect(chosen.files.allSatisfy { $0.path.hasSuffix(".flac") && FileManager.default.fileExists(atPath: $0.path) })
        var karaoke = Self.job(live: true)
        karaoke.twoStems = "vocals"
        let two = try karaoke.separate(path: path, into: folder.path("karaoke"))
        #expect(two.files.map(\.name) == ["vocals", "no_vocals"])
        #expect((two.residualDecibels ?? 0) < -60)
        var unknown = Self.job(live: true)
        unknown.twoStems = "guitar"
        #expect {
            try unknown.separate(path: path, into: folder.path("unknown"))
        } throws: { error in
            "\(error)".contains("no stem 'guitar'") && "\(error)".contains("stem.pfnn") && !"\(error)".contains("\n")
        }
    }

    @Test func badModelsAndInputsAreOneLineErrors() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("in.wav", channels: Self.music(seconds: 0.5, sampleRate: 44100, channels: 1))
        var wrongForm = Self.job(live: true)
        wrongForm.form = .offline
        #expect {
            try wrongForm.separate(path: path, into: folder.path("a"))
        } throws: { error in "\(error)".contains("a causal (live) model where the offline (centred) one is needed") }
        var missing = Self.job(live: true)
        missing.modelPath = "/no/such/stem-live.pfnn"
        #expect { try missing.separate(path: path, into: folder.path("b")) } throws: { error in
            "\(error)".contains("/no/such/stem-live.pfnn") && "\(error)".contains("no such file")
        }
        #expect { try Self.job(live: true).separate(path: folder.path("absent.wav"), into: folder.path("c")) } throws: { error in
            "\(error)".contains("absent.wav") && "\(error)".contains("no such file")
        }
        let notAudio = try folder.bytes("text.wav", Data("not audio at all".utf8))
        #expect { try Self.job(live: true).separate(path: notAudio, into: folder.path("d")) } throws: { error in
            "\(error)".contains("text.wav") && !"\(error)".contains("\n")
        }
    }
}
