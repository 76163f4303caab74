import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct AudioFileReaderTests {
    /// Reads a whole file through the streaming reader in blocks of `block` frames.
    func readAll(_ reader: AudioFileReader, block: Int = 4096) throws -> [[Float]] {
        let buffer = AudioBuffer(channelCount: reader.channelCount, capacityFrames: block)
        var out = [[Float]](repeating: [], count: reader.channelCount)
        while true {
            let n = try reader.read(into: buffer.channelPointers, maximumFrames: block)
            if n == 0 { break }
            for c in 0..<reader.channelCount { out[c] += buffer.channel(c).prefix(n) }
        }
        return out
    }

    /// Frequency from zero crossings, in Hz.
    func frequency(_ x: [Float], sampleRate: Double) -> Double {
        var crossings = 0
        for i in 1..<x.count where (x[i - 1] < 0) != (x[i] < 0) { crossings += 1 }
        return Double(crossings) / 2 / (Double(x.count) / sampleRate)
    }

    @Test(arguments: ["tone.wav", "tone.flac"])
    func roundTripsLosslessFormats(name: String) throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 1)
        let path = try folder.audio(name, channels: [tone, tone.map { -$0 }])
        let reader = try AudioFileReader(path: path)
        #expect(reader.sampleRate == 44100 && reader.channelCount == 2)
        let back = try readAll(reader, block: 1000)
        #expect(back[0].count == tone.count)
        #expect(zip(back[0], tone).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(zip(back[1], tone).allSatisfy { abs($0 + $1) < 1e-4 })
        try #expect(AudioFileInfo.read(path: path).formatName == (name.hasSuffix("wav") ? "WAV" : "FLAC"))
    }

    @Test(arguments: [("tone.ogg", "OGG"), ("tone.mp3", "MP3")])
    func readsLossyFormatsKeepingPitch(name: String, format: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio(name, channels: [Signals.sine(hz: 440, seconds: 2)])
        let back = try readAll(AudioFileReader(path: path))[0]
        #expect(abs(back.count - 88200) < 3000)  // encoder delay and padding
        #expect(abs(frequency(back, sampleRate: 44100) - 440) < 4.4)
        try #expect(AudioFileInfo.read(path: path).formatName == format)
    }

    @Test(arguments: [8000.0, 48000.0, 192000.0])
    func resamplesTo44100KeepingPitchAndLength(rate: Double) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 1000, seconds: 2, sampleRate: rate)], sampleRate: rate)
        let reader = try AudioFileReader(path: path, targetSampleRate: 44100)
        #expect(reader.sampleRate == 44100)
        let back = try readAll(reader)[0]
        #expect(abs(back.count - 88200) <= 2)
        #expect(abs(frequency(Array(back[4410..<84000]), sampleRate: 44100) - 1000) < 5)
    }

    @Test func mixesSixChannelsToMono() throws {
        let folder = TemporaryFolder()
        let channels = (0..<6).map { c in [Float](repeating: Float(c) / 10, count: 4410) }
        let path = try folder.audio("six.wav", channels: channels, encoding: .wavFloat)
        let reader = try AudioFileReader(path: path, downmixToMono: true)
        #expect(reader.channelCount == 1 && reader.info.channelCount == 6)
        let back = try readAll(reader)[0]
        #expect(back.count == 4410 && back.allSatisfy { abs($0 - 0.25) < 1e-6 })
    }

    @Test func replacesNonFiniteSamplesAndCountsThem() throws {
        let folder = TemporaryFolder()
        var samples = Signals.sine(hz: 440, seconds: 0.5)
        samples[100] = .nan; samples[200] = .infinity; samples[300] = -.infinity
        let path = try folder.audio("nan.wav", channels: [samples], encoding: .wavFloat)
        let reader = try AudioFileReader(path: path)
        let back = try readAll(reader)[0]
        #expect(back.allSatisfy { $0.isFinite })
        #expect(reader.nonFiniteSampleCount == 3)
        #expect(back[100] == 0 && back[101] == samples[101])
    }

    @Test func streamsALongFileInBoundedChunks() throws {
        let folder = TemporaryFolder()
        let minute = [Float](repeating: 0.1, count: 44100 * 60)
        let writer = try AudioFileWriter(path: folder.path("long.wav"), sampleRate: 44100, channelCount: 1)
        for _ in 0..<10 { try writer.write(channels: [minute], frameCount: minute.count) }
        try writer.close()
        let reader = try AudioFileReader(path: folder.path("long.wav"))
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: 4096)
        var total = 0
        while case let n = try reader.read(into: buffer.channelPointers, maximumFrames: 4096), n > 0 { total += n }
        #expect(total == 44100 * 600 && reader.framesRead == Int64(total))
    }
}
