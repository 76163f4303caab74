import PerformiaIO

/// An audio file read as `channelCount` (1 or 2) channels at a given rate: mixed to mono for one
/// channel, a mono file duplicated for two, the first two channels of a wider file. Used by
/// `JackSession` (file input at real-time pace) and `FastFileDriver`.
///
/// Not real-time safe (file I/O, resampling); allocates only in `init`.
final class FileInput {
    let channelCount: Int
    let sampleRate: Double
    private let reader: AudioFileReader
    /// `reader.channelCount` planes of `maximumFrames` samples.
    private let scratch: UnsafeMutablePointer<Float>
    private let scratchPointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let maximumFrames: Int

    /// Frames delivered so far.
    var framesRead: Int64 { reader.framesRead }

    /// - Parameters:
    ///   - sampleRate: output rate in Hz (resampled when it differs from the file's; nil keeps
    ///     the file's rate).
    ///   - channelCount: 1 or 2.
    ///   - maximumFrames: the most frames one `read` call asks for.
    ///   - converter: libsamplerate converter used when resampling.
    init(path: String, sampleRate: Double?, channelCount: Int, maximumFrames: Int,
         converter: SampleRateConverterType) throws(AudioFileError) {
        precondition((1...2).contains(channelCount), "file input has 1 or 2 channels")
        let info = try AudioFileInfo.read(path: path)
        let downmix = channelCount == 1 && info.channelCount > 1
        reader = try AudioFileReader(path: path, targetSampleRate: sampleRate, downmixToMono: downmix,
                                     converter: converter)
        self.channelCount = channelCount
        self.sampleRate = reader.sampleRate
        self.maximumFrames = maximumFrames
        scratch = .allocate(capacity: maximumFrames * reader.channelCount)
        scratchPointers = .allocate(capacity: reader.channelCount)
        for c in 0..<reader.channelCount { scratchPointers[c] = scratch + c * maximumFrames }
    }

    deinit {
        scratch.deallocate()
        scratchPointers.deallocate()
    }

    /// Fills up to `frameCount` (≤ `maximumFrames`) frames of each of `channelCount` channels;
    /// returns the frame count, 0 at the end of the file.
    func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, frameCount: Int) throws(AudioFileError) -> Int {
        let wanted = min(frameCount, maximumFrames)
        if reader.channelCount == channelCount {
            return try reader.read(into: channels, maximumFrames: wanted)
        }
        let frames = try reader.read(into: UnsafePointer(scratchPointers), maximumFrames: wanted)
        for c in 0..<channelCount {
            let source = scratchPointers[min(c, reader.channelCount - 1)]
            channels[c].update(from: source, count: frames)
        }
        return frames
    }
}
