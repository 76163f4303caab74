/// What an audio file's header says: its own sample rate, channel count, length and container
/// format. Reading it opens only the header; no audio is decoded.
public struct AudioFileInfo: Sendable, Equatable {
    /// Sample rates Performia reads, in Hz, inclusive.
    public static let supportedSampleRates = 8000.0...192000.0
    /// The most channels Performia reads.
    public static let maximumChannelCount = 64

    public var path: String
    /// Length in frames at the file's own `sampleRate`, as the header declares it (for MP3,
    /// libmpg123's count from the Xing/LAME header or an estimate from the file size).
    public var frameCount: Int64
    /// The file's own rate, in Hz.
    public var sampleRate: Double
    public var channelCount: Int
    /// "WAV", "FLAC", "OGG", "MP3", or the first word of libsndfile's name for other
    /// containers ("AIFF", "CAF", "W64", "RF64", …).
    public var formatName: String

    /// Length in seconds: `frameCount / sampleRate`.
    public var durationSeconds: Double { sampleRate > 0 ? Double(frameCount) / sampleRate : 0 }

    public init(path: String, frameCount: Int64, sampleRate: Double, channelCount: Int, formatName: String) {
        self.path = path
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.formatName = formatName
    }

    /// Opens the header of `path` and checks it against what Performia supports: 8–192 kHz,
    /// 1–64 channels, at least one frame, a known length.
    public static func read(path: String) throws(AudioFileError) -> AudioFileInfo {
        try SoundFile(path: path).info
    }
}
