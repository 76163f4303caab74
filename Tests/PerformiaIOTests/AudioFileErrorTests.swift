import Foundation
import PerformiaIO
import PerformiaTestSupport
import Testing

/// Every way a file can fail to open or read gives its own case and a one-line description
/// that starts with the path.
@Suite struct AudioFileErrorTests {
    @Test func missingFile() {
        let path = "/nonexistent/song.wav"
        let error = TestAudio.error(opening: path)
        #expect(error == .notFound(path: path))
        #expect(error?.description == "/nonexistent/song.wav: no such file")
    }

    @Test func pathThroughARegularFileIsNotFound() throws {
        let folder = TemporaryFolder()
        let file = try folder.bytes("plain.txt", Data("x".utf8))
        let path = file + "/song.wav"
        #expect(TestAudio.error(opening: path) == .notFound(path: path))
    }

    @Test func directory() {
        let folder = TemporaryFolder()
        let error = TestAudio.error(opening: folder.url.path)
        #expect(error == .isDirectory(path: folder.url.path))
        TestAudio.expectOneLine(error, naming: folder.url.path)
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func unreadableFile() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("locked.wav", channels: [Signals.sine(hz: 440, seconds: 0.1)])
        chmod(path, 0)
        let error = TestAudio.error(opening: path)
        #expect(error == .notReadable(path: path))
        TestAudio.expectOneLine(error, naming: path)
    }

    @Test func emptyFile() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("empty.wav", Data())
        let error = TestAudio.error(opening: path)
        #expect(error == .empty(path: path))
        #expect(error?.description == "\(path): empty file (0 bytes)")
    }

    @Test(arguments: ["notes.txt", "notes.wav", "notes.mp3"])
    func textFileIsNotAudio(name: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes(name, Data("verse, chorus, verse\n".utf8))
        let error = TestAudio.error(opening: path)
        guard case .unsupportedFormat(let errorPath, let reason)? = error else {
            Issue.record("expected unsupportedFormat, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path && !reason.isEmpty)
        #expect(error!.description.hasPrefix(path + ": not an audio file"))
        #expect(error!.description.hasSuffix(reason))
        TestAudio.expectOneLine(error, naming: path)
    }

    @Test func namedPipeIsRefusedWithoutBlocking() {
        let folder = TemporaryFolder()
        let path = folder.path("pipe.wav")
        #expect(mkfifo(path, 0o600) == 0)
        #expect(TestAudio.error(opening: path) == .unsupportedFormat(path: path, reason: "not a regular file"))
    }

    @Test(arguments: [4000, 7999, 192_001, 384_000])
    func unsupportedSampleRate(rate: Int) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("rate.wav", WaveBytes.pcm16(channelCount: 1, sampleRate: rate, frameCount: 100))
        let error = TestAudio.error(opening: path)
        #expect(error == .unsupportedSampleRate(path: path, sampleRate: Double(rate)))
        #expect(error?.description == "\(path): sample rate \(rate) Hz is outside the supported 8000…192000 Hz")
        #expect(throws: error!) { try AudioFileInfo.read(path: path) }
    }

    @Test(arguments: [8000, 192_000])
    func sampleRateLimitsAreIncluded(rate: Int) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("rate.wav", WaveBytes.pcm16(channelCount: 1, sampleRate: rate, frameCount: 100))
        #expect(TestAudio.error(reading: path) == nil)
    }

    @Test func headerWithoutFramesHasNoAudio() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("header.wav", WaveBytes.pcm16(channelCount: 2, sampleRate: 44100, frameCount: 0))
        let error = TestAudio.error(opening: path)
        #expect(error == .noAudio(path: path))
        TestAudio.expectOneLine(error, naming: path)
    }

    @Test(arguments: [0, 65])
    func unsupportedChannelCount(channelCount: Int) throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("wide.wav", WaveBytes.pcm16(channelCount: channelCount, sampleRate: 44100, frameCount: 10))
        let error = TestAudio.error(opening: path)
        #expect(error == .unsupportedChannelCount(path: path, channelCount: channelCount))
        #expect(error?.description == "\(path): \(channelCount) channels is outside the supported 1…64")
    }

    @Test func sixtyFourChannelsAreRead() throws {
        let folder = TemporaryFolder()
        let path = try folder.bytes("wide.wav", WaveBytes.pcm16(channelCount: 64, sampleRate: 44100, frameCount: 10))
        let channels = try TestAudio.readAll(AudioFileReader(path: path))
        #expect(channels.count == 64 && channels.allSatisfy { $0.count == 10 })
    }

    /// A FLAC cut anywhere after its header makes libsndfile's decoder lose sync: an error, not
    /// a silently shorter song.
    @Test(arguments: [0.05, 0.5, 0.9])
    func truncatedFlacThrowsWhileReading(keptFraction: Double) throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.flac", channels: [Signals.noise(seconds: 3)], encoding: .flac16)
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.flac", data.prefix(Int(Double(data.count) * keptFraction)))
        #expect(TestAudio.error(opening: path) == nil)
        let error = TestAudio.error(reading: path)
        guard case .corrupt(let errorPath, _)? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        TestAudio.expectOneLine(error, naming: path)
    }

    /// Damaged bytes in the middle of compressed audio: FLAC and MP3 decoders report them, Vorbis
    /// skips them and ends before the length its header declares. All three throw.
    @Test(arguments: ["song.flac", "song.ogg", "song.mp3"])
    func garbledCompressedAudioThrows(name: String) throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full-" + name, channels: [Signals.sine(hz: 440, seconds: 3), Signals.noise(seconds: 3)])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes(name, TestAudio.garbled(data, at: data.count / 2, count: 4000))
        let error = TestAudio.error(reading: path)
        guard case .corrupt? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        TestAudio.expectOneLine(error, naming: path)
    }

    /// An Ogg cut short has no last page, so libsndfile cannot tell its length: refused on open.
    @Test func truncatedOggIsCorrupt() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.ogg", channels: [Signals.sine(hz: 440, seconds: 3)])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.ogg", data.prefix(data.count / 2))
        let error = TestAudio.error(opening: path)
        guard case .corrupt? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(throws: error!) { try AudioFileInfo.read(path: path) }
    }

    /// libsndfile reads a WAV whose data chunk is shorter than declared as a shorter file.
    @Test func truncatedWavReadsWhatIsThere() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.wav", channels: [Signals.sine(hz: 440, seconds: 1)])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.wav", data.prefix(44 + 2 * 10000))
        try #expect(AudioFileInfo.read(path: path).frameCount == 10000)
        let samples = try TestAudio.readAll(AudioFileReader(path: path))[0]
        #expect(samples.count == 10000)
    }

    /// An MP3 cut short decodes the frames that are there; MPEG has no exact length to hold it to.
    @Test func truncatedMp3ReadsWhatIsThere() throws {
        let folder = TemporaryFolder()
        let full = try folder.audio("full.mp3", channels: [Signals.sine(hz: 440, seconds: 3)])
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let path = try folder.bytes("cut.mp3", data.prefix(data.count / 2))
        let samples = try TestAudio.readAll(AudioFileReader(path: path))[0]
        #expect(samples.count > 44100 && samples.count < 2 * 44100)
    }

    @Test func unsupportedTargetRateIsAResamplerFailure() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 440, seconds: 0.1)])
        for target in [4000.0, 250_000, .nan] {
            let error: AudioFileError?
            do {
                _ = try AudioFileReader(path: path, targetSampleRate: target)
                error = nil
            } catch let caught {
                error = caught
            }
            guard case .resamplerFailed(let errorPath, _)? = error else {
                Issue.record("expected resamplerFailed for \(target), got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            TestAudio.expectOneLine(error, naming: path)
        }
    }

    @Test func writerFailures() throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 0.1)
        func failure(_ make: () throws -> Void) -> AudioFileError? {
            do {
                try make()
                return nil
            } catch {
                return error as? AudioFileError
            }
        }
        let noFolder = "/nonexistent/out.wav"
        let missingFolder = failure { _ = try AudioFileWriter(path: noFolder, sampleRate: 44100, channelCount: 1) }
        guard case .writeFailed(noFolder, let reason)? = missingFolder else {
            Issue.record("expected writeFailed, got \(String(describing: missingFolder))")
            return
        }
        #expect(reason.contains("No such file or directory"))
        TestAudio.expectOneLine(missingFolder, naming: noFolder)

        let text = folder.path("out.txt")
        let unknownExtension = failure { _ = try AudioFileWriter(path: text, sampleRate: 44100, channelCount: 1) }
        guard case .writeFailed(text, _)? = unknownExtension else {
            Issue.record("unknown extension accepted")
            return
        }
        let wav = folder.path("out.wav")
        #expect(failure { _ = try AudioFileWriter(path: wav, sampleRate: 44100, channelCount: 0) }
            == .unsupportedChannelCount(path: wav, channelCount: 0))
        #expect(failure { _ = try AudioFileWriter(path: wav, sampleRate: 44100, channelCount: 65) }
            == .unsupportedChannelCount(path: wav, channelCount: 65))
        for rate in [0, 22050.5, .nan, .infinity] {
            guard case .writeFailed? = failure({ _ = try AudioFileWriter(path: wav, sampleRate: rate, channelCount: 1) }) else {
                Issue.record("sample rate \(rate) accepted")
                continue
            }
        }
        let writer = try AudioFileWriter(path: wav, sampleRate: 44100, channelCount: 2)
        guard case .writeFailed? = failure({ try writer.write(channels: [tone], frameCount: tone.count) }) else {
            Issue.record("one channel accepted by a stereo writer")
            return
        }
        guard case .writeFailed? = failure({ try writer.write(channels: [tone, []], frameCount: tone.count) }) else {
            Issue.record("a short channel accepted")
            return
        }
        try writer.close()
        guard case .writeFailed? = failure({ try writer.write(channels: [tone, tone], frameCount: tone.count) }) else {
            Issue.record("write after close accepted")
            return
        }
    }
}
