import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct AudioFileReaderTests {
    @Test(arguments: [AudioFileWriter.Encoding.wav16, .flac16, .flac24])
    func roundTripsIntegerFormats(encoding: AudioFileWriter.Encoding) throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 1)
        let path = try folder.audio(encoding == .wav16 ? "tone.wav" : "tone.flac", channels: [tone, tone.map { -$0 }],
                                    encoding: encoding)
        let reader = try AudioFileReader(path: path)
        #expect(reader.sampleRate == 44100 && reader.channelCount == 2)
        let back = try TestAudio.readAll(reader, blockFrames: 1000)
        #expect(back[0].count == tone.count && back[1].count == tone.count)
        let tolerance: Float = encoding == .flac24 ? 1e-6 : 1e-4
        #expect(zip(back[0], tone).allSatisfy { abs($0 - $1) < tolerance })
        #expect(zip(back[1], tone).allSatisfy { abs($0 + $1) < tolerance })
        #expect(reader.framesRead == Int64(tone.count) && reader.nonFiniteSampleCount == 0)
    }

    /// Float samples come back exactly, including values beyond ±1: no normalisation.
    @Test func floatWavIsReadUnaltered() throws {
        let folder = TemporaryFolder()
        let samples: [Float] = [0, 0.25, -0.5, 1.5, -2, 1e-7, 3.25]
        let path = try folder.audio("float.wav", channels: [samples], encoding: .wavFloat)
        #expect(try TestAudio.readAll(AudioFileReader(path: path))[0] == samples)
    }

    /// A 16-bit file keeps its clipping as stored: full scale reads as ±1, not rescaled.
    @Test func clippedIntegerFileKeepsItsClipping() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("loud.wav", channels: [[1.5, -1.5, 0.5]])
        let back = try TestAudio.readAll(AudioFileReader(path: path))[0]
        #expect(abs(back[0] - 1) < 1e-4 && back[1] == -1 && abs(back[2] - 0.5) < 1e-4)
    }

    /// Lossy formats: the length within the encoder's delay and padding, the pitch within 1 %.
    @Test(arguments: ["tone.ogg", "tone.mp3"])
    func readsLossyFormatsKeepingPitch(name: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio(name, channels: [Signals.sine(hz: 440, seconds: 2)])
        let back = try TestAudio.readAll(AudioFileReader(path: path))[0]
        #expect(abs(back.count - 88200) < 3000)
        #expect(abs(TestAudio.frequency(back[4410..<83790], sampleRate: 44100) - 440) < 4.4)
    }

    @Test(arguments: [8000.0, 48000.0, 192_000.0])
    func resamplesTo44100KeepingPitchAndLength(rate: Double) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 1000, seconds: 2, sampleRate: rate)],
                                    sampleRate: rate, encoding: .wavFloat)
        let reader = try AudioFileReader(path: path, targetSampleRate: 44100)
        #expect(reader.sampleRate == 44100 && reader.info.sampleRate == rate)
        let back = try TestAudio.readAll(reader)[0]
        #expect(abs(back.count - 88200) <= 2)
        #expect(abs(TestAudio.frequency(back[4410..<83790], sampleRate: 44100) - 1000) < 10)
        #expect(reader.framesRead == Int64(back.count))
    }

    @Test(arguments: SampleRateConverterType.allCases)
    func everyConverterTypeKeepsPitchAndLength(converter: SampleRateConverterType) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 1000, seconds: 1, sampleRate: 48000)],
                                    sampleRate: 48000, encoding: .wavFloat)
        let back = try TestAudio.readAll(AudioFileReader(path: path, targetSampleRate: 22050, converter: converter))[0]
        #expect(abs(back.count - 22050) <= 2)
        #expect(abs(TestAudio.frequency(back[2205..<19845], sampleRate: 22050) - 1000) < 10)
    }

    /// Streaming: any read size gives the same samples, resampled or not.
    @Test(arguments: [nil, 44100.0])
    func outputDoesNotDependOnReadSize(targetSampleRate: Double?) throws {
        let folder = TemporaryFolder()
        let noise = Signals.noise(seconds: 1, sampleRate: 48000)
        let path = try folder.audio("noise.wav", channels: [noise, noise.reversed()], sampleRate: 48000, encoding: .wavFloat)
        func read(blockFrames: Int) throws -> [[Float]] {
            try TestAudio.readAll(AudioFileReader(path: path, targetSampleRate: targetSampleRate), blockFrames: blockFrames)
        }
        let reference = try read(blockFrames: 4096)
        #expect(reference[0].count == (targetSampleRate == nil ? 48000 : 44100))
        for blockFrames in [1, 7, 511, 8192, 8193, 100_000] {
            #expect(try read(blockFrames: blockFrames) == reference, "block \(blockFrames)")
        }
    }

    @Test func mixesSixChannelsToMono() throws {
        let folder = TemporaryFolder()
        let channels = (0..<6).map { c in [Float](repeating: Float(c) / 10, count: 4410) }
        let path = try folder.audio("six.wav", channels: channels, encoding: .wavFloat)
        let reader = try AudioFileReader(path: path, downmixToMono: true)
        #expect(reader.channelCount == 1 && reader.info.channelCount == 6)
        let back = try TestAudio.readAll(reader)[0]
        #expect(back.count == 4410 && back.allSatisfy { abs($0 - 0.25) < 1e-6 })
    }

    @Test func readsSixChannelsSeparately() throws {
        let folder = TemporaryFolder()
        let channels = (0..<6).map { c in Signals.sine(hz: 100 * Double(c + 1), seconds: 0.5) }
        let path = try folder.audio("six.wav", channels: channels, encoding: .wavFloat)
        #expect(try TestAudio.readAll(AudioFileReader(path: path), blockFrames: 333) == channels)
    }

    @Test func mixesAndResamplesTogether() throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 1000, seconds: 2, sampleRate: 48000)
        let path = try folder.audio("stereo.wav", channels: [tone, tone], sampleRate: 48000, encoding: .wavFloat)
        let reader = try AudioFileReader(path: path, targetSampleRate: 44100, downmixToMono: true)
        #expect(reader.channelCount == 1 && reader.sampleRate == 44100)
        let back = try TestAudio.readAll(reader)[0]
        #expect(abs(back.count - 88200) <= 2)
        let peak = back[4410..<83790].map(abs).max() ?? 0
        #expect(abs(peak - 0.5) < 0.01)
    }

    @Test func replacesNonFiniteSamplesAndCountsThem() throws {
        let folder = TemporaryFolder()
        var samples = Signals.sine(hz: 440, seconds: 0.5)
        samples[100] = .nan
        samples[200] = .infinity
        samples[300] = -.infinity
        let path = try folder.audio("nan.wav", channels: [samples], encoding: .wavFloat)
        let reader = try AudioFileReader(path: path)
        let back = try TestAudio.readAll(reader)[0]
        #expect(back.allSatisfy { $0.isFinite })
        #expect(reader.nonFiniteSampleCount == 3)
        #expect(back[100] == 0 && back[200] == 0 && back[300] == 0)
        #expect(back[101] == samples[101] && back.count == samples.count)
    }

    /// Mixing to mono, a NaN counts as 0 in the mean of its frame.
    @Test func nonFiniteSamplesCountAsSilenceInTheMix() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("nan.wav", channels: [[0.5, .nan, 0.25], [0.5, 0.5, .infinity]], encoding: .wavFloat)
        let reader = try AudioFileReader(path: path, targetSampleRate: nil, downmixToMono: true)
        #expect(try TestAudio.readAll(reader)[0] == [0.5, 0.25, 0.125])
        #expect(reader.nonFiniteSampleCount == 2)
    }

    @Test func endsAndStaysEnded() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 440, seconds: 0.1)])
        let reader = try AudioFileReader(path: path, targetSampleRate: 48000)
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: 100_000)
        #expect(try reader.read(into: buffer.channelPointers, maximumFrames: 0) == 0)
        let frames = try reader.read(into: buffer.channelPointers, maximumFrames: 100_000)
        #expect(abs(frames - 4800) <= 2)
        for _ in 0..<3 { #expect(try reader.read(into: buffer.channelPointers, maximumFrames: 100) == 0) }
        #expect(reader.framesRead == Int64(frames))
    }

    /// Ten minutes read in blocks of 4096 frames: the reader streams (its buffers are a few
    /// 8192-frame chunks, see `AudioFileReader.chunkFrames`) and counts every frame.
    @Test func streamsATenMinuteFileInBlocks() throws {
        let folder = TemporaryFolder()
        let minute = (0..<(44100 * 60)).map { Float($0 % 441) / 441 - 0.5 }
        let writer = try AudioFileWriter(path: folder.path("long.wav"), sampleRate: 44100, channelCount: 1)
        for _ in 0..<10 { try writer.write(channels: [minute], frameCount: minute.count) }
        try writer.close()
        let reader = try AudioFileReader(path: folder.path("long.wav"))
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: 4096)
        var total = 0
        var mismatches = 0
        while case let frames = try reader.read(into: buffer.channelPointers, maximumFrames: 4096), frames > 0 {
            for i in 0..<frames where abs(buffer.channel(0)[i] - minute[(total + i) % minute.count]) > 1e-4 { mismatches += 1 }
            total += frames
        }
        #expect(total == 44100 * 600 && reader.framesRead == Int64(total) && mismatches == 0)
    }

    @Test func resamplesALongStereoFileInBlocks() throws {
        let folder = TemporaryFolder()
        let minute = Signals.sine(hz: 1000, seconds: 60, sampleRate: 48000)
        let writer = try AudioFileWriter(path: folder.path("long.flac"), sampleRate: 48000, channelCount: 2)
        for _ in 0..<2 { try writer.write(channels: [minute, minute], frameCount: minute.count) }
        try writer.close()
        let reader = try AudioFileReader(path: folder.path("long.flac"), targetSampleRate: 44100, downmixToMono: true)
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: 4096)
        var total = 0
        while case let frames = try reader.read(into: buffer.channelPointers, maximumFrames: 4096), frames > 0 {
            total += frames
        }
        #expect(abs(total - 44100 * 120) <= 2)
    }
}
