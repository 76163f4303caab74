import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct AudioFileErrorTests {
    func error(_ path: String) -> AudioFileError? {
        do {
            _ = try AudioFileReader(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFile() {
        let e = error("/nonexistent/song.wav")
        #expect(e == .notFound(path: "/nonexistent/song.wav"))
        #expect(e?.description == "/nonexistent/song.wav: no such file")
    }

    @Test func directory() {
        let folder = TemporaryFolder()
        #expect(error(folder.url.path) == .isDirectory(path: folder.url.path))
    }

    @Test func emptyFile() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("empty.wav", Data())
        #expect(error(path) == .empty(path: path))
    }

    @Test func textFileIsNotAudio() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("notes.mp3", Data("verse, chorus, verse\n".utf8))
        guard case .unsupportedFormat(let p, _)? = error(path) else {
            Issue.record("expected unsupportedFormat, got \(String(describing: error(path)))")
            return
        }
        #expect(p == path)
        #expect(error(path)!.description.hasPrefix(path + ": not an audio file"))
    }

    @Test func unsupportedSampleRate() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("low.wav", channels: [[Float](repeating: 0, count: 400)], sampleRate: 4000)
        #expect(error(path) == .unsupportedSampleRate(path: path, sampleRate: 4000))
        #expect(error(path)!.description.contains("4000 Hz"))
    }

    @Test func headerOnlyWavHasNoAudio() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.wav", channels: [Signals.sine(hz: 440, seconds: 0.1)])
        let header = try Data(contentsOf: URL(fileURLWithPath: full)).prefix(44)
        let path = try folder.bytes("header.wav", header)
        #expect(error(path) == .noAudio(path: path))
    }

    @Test func truncatedFlacEndsWithoutHangOrCrash() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.flac", channels: [Signals.noise(seconds: 3)])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.flac", data.prefix(data.count / 2))
        // Either a clean error or a shorter stream; never a hang or a crash.
        if let reader = try? AudioFileReader(path: path) {
            let buffer = PerformiaCore.AudioBuffer(channelCount: 1, capacityFrames: 4096)
            var total = 0
            do {
                while case let n = try reader.read(into: buffer.channelPointers, maximumFrames: 4096), n > 0 { total += n }
                #expect(total < 44100 * 3)
            } catch {
                #expect(error.description.hasPrefix(path))
            }
        }
    }

    @Test func sha256OfKnownBytes() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("abc.txt", Data("abc".utf8))
        try #expect(FileDigest.sha256(path: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
