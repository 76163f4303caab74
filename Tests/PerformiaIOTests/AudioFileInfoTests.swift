import CSndFile
import Foundation
import PerformiaIO
import PerformiaTestSupport
import Testing

@Suite struct AudioFileInfoTests {
    @Test func readsTheHeader() throws {
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 2.5, sampleRate: 48000)
        let path = try folder.audio("tone.flac", channels: [tone, tone], sampleRate: 48000)
        let info = try AudioFileInfo.read(path: path)
        #expect(info == AudioFileInfo(path: path, frameCount: 120_000, sampleRate: 48000, channelCount: 2, formatName: "FLAC"))
        #expect(info.durationSeconds == 2.5)
    }

    @Test(arguments: [("tone.wav", AudioFileWriter.Encoding.wav16, "WAV"), ("tone.wav", .wavFloat, "WAV"),
                      ("tone.flac", .flac16, "FLAC"), ("tone.ogg", .oggVorbis, "OGG"), ("tone.mp3", .mp3, "MP3")])
    func namesEachFormat(name: String, encoding: AudioFileWriter.Encoding, formatName: String) throws {
        let folder = TemporaryFolder()
        let path = try folder.audio(name, channels: [Signals.sine(hz: 440, seconds: 1)], encoding: encoding)
        let info = try AudioFileInfo.read(path: path)
        #expect(info.formatName == formatName && info.sampleRate == 44100 && info.channelCount == 1)
        #expect(abs(info.durationSeconds - 1) < 0.1)
    }

    /// Containers without a name of their own take the first word of libsndfile's.
    @Test func namesOtherContainersAsLibsndfileDoes() throws {
        let folder = TemporaryFolder()
        let path = folder.path("tone.aiff")
        var info = SF_INFO()
        info.samplerate = 22050
        info.channels = 1
        info.format = Int32(SF_FORMAT_AIFF | SF_FORMAT_PCM_16)
        let file = try #require(sf_open(path, Int32(SFM_WRITE), &info))
        var samples = Signals.sine(hz: 440, seconds: 0.5, sampleRate: 22050)
        #expect(sf_writef_float(file, &samples, sf_count_t(samples.count)) == samples.count)
        sf_close(file)
        let header = try AudioFileInfo.read(path: path)
        #expect(header.formatName == "AIFF" && header.frameCount == 11025)
    }
}
