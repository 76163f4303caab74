import Foundation
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct AudioFileWriterTests {
    @Test func choosesTheEncodingFromTheExtension() {
        #expect(AudioFileWriter.Encoding.forPath("/a/b.wav") == .wav16)
        #expect(AudioFileWriter.Encoding.forPath("B.WAV") == .wav16)
        #expect(AudioFileWriter.Encoding.forPath("c.Flac") == .flac24)
        #expect(AudioFileWriter.Encoding.forPath("d.ogg") == .oggVorbis)
        #expect(AudioFileWriter.Encoding.forPath("d.oga") == .oggVorbis)
        #expect(AudioFileWriter.Encoding.forPath("e.mp3") == .mp3)
        #expect(AudioFileWriter.Encoding.forPath("f.aiff") == nil)
        #expect(AudioFileWriter.Encoding.forPath("wav") == nil)
    }

    @Test func anExplicitEncodingOverridesTheExtension() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("take.audio", channels: [Signals.sine(hz: 440, seconds: 0.2)], encoding: .flac16)
        try #expect(AudioFileInfo.read(path: path).formatName == "FLAC")
    }

    /// Writing in pieces of any size streams into the same file as writing at once.
    @Test func writesInPieces() throws {
        let folder = TemporaryFolder()
        let left = Signals.noise(seconds: 1, seed: 3)
        let right = Signals.noise(seconds: 1, seed: 4)
        let writer = try AudioFileWriter(path: folder.path("pieces.wav"), sampleRate: 44100, channelCount: 2,
                                         encoding: .wavFloat)
        var start = 0
        for size in [0, 1, 7, 8192, 8193, 20000] {
            let piece = start..<(start + size)
            try writer.write(channels: [Array(left[piece]), Array(right[piece])], frameCount: size)
            start += size
        }
        try writer.write(channels: [Array(left[start...]), Array(right[start...])], frameCount: left.count - start)
        #expect(writer.framesWritten == Int64(left.count))
        try writer.close()
        try writer.close()
        let back = try TestAudio.readAll(AudioFileReader(path: folder.path("pieces.wav")))
        #expect(back == [left, right])
    }

    @Test(arguments: AudioFileWriter.Encoding.allCases)
    func everyEncodingReadsBack(encoding: AudioFileWriter.Encoding) throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 1, sampleRate: 48000)
        let path = folder.path("tone")
        let writer = try AudioFileWriter(path: path, sampleRate: 48000, channelCount: 2, encoding: encoding)
        try writer.write(channels: [tone, tone], frameCount: tone.count)
        try writer.close()
        let reader = try AudioFileReader(path: path)
        #expect(reader.sampleRate == 48000 && reader.channelCount == 2)
        let back = try TestAudio.readAll(reader)
        #expect(abs(back[0].count - 48000) < 3000)
        #expect(abs(TestAudio.frequency(back[1][4800..<43200], sampleRate: 48000) - 440) < 4.4)
    }
}
