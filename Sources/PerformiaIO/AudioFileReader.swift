import PerformiaCore

/// Streams an audio file (WAV, FLAC, Ogg Vorbis, MP3, and whatever else libsndfile decodes) as an
/// `AudioSource` of non-interleaved Float channels, optionally mixed to mono and resampled.
///
/// Streaming: the file is decoded with `sf_readf_float` in chunks of `chunkFrames` frames and
/// resampled chunk by chunk, so memory is three fixed buffers of at most `chunkFrames` frames
/// (about 96 KiB per channel) whatever the file's length; a two-hour file is never held whole.
///
/// Samples are delivered as decoded: integer formats scaled to [-1, 1), float formats as stored,
/// no normalisation, clipping kept. Non-finite samples (NaN, ±Inf — possible in float WAVs) are
/// the one exception: each becomes 0 and is counted in `nonFiniteSampleCount`.
///
/// Resampling uses libsamplerate's streaming API; the default converter, `SRC_SINC_FASTEST`
/// (97 dB SNR over 80 % of the band), is ample for analysis; pass `.sincBest` for playback.
/// Downmixing takes the mean of all channels, before resampling.
///
/// A decoder error part-way (a truncated or damaged FLAC, MP3 or Ogg, or a stream that stops
/// before the length its header declares) throws `AudioFileError.corrupt`. A WAV whose data chunk
/// is shorter than declared is not an error: libsndfile reports its real length when opening it.
public final class AudioFileReader: AudioSource {
    public typealias Failure = AudioFileError

    /// Frames decoded from the file per step.
    public static let chunkFrames = 8192

    /// The file's header: its own rate, channel count and length.
    public let info: AudioFileInfo
    /// Output rate in Hz: the target rate when resampling, else the file's.
    public let sampleRate: Double
    /// Output channels: 1 when mixing to mono, else the file's.
    public let channelCount: Int
    /// File samples (counted per channel, before mixing) that were NaN or ±Inf and became 0.
    public private(set) var nonFiniteSampleCount = 0
    /// Output frames delivered so far, at `sampleRate`.
    public private(set) var framesRead: Int64 = 0

    private let file: SoundFile
    private let resampler: StreamingResampler?
    /// One chunk as decoded: `chunkFrames × info.channelCount` interleaved samples.
    private let decoded: UnsafeMutablePointer<Float>
    /// The chunk after cleaning and mixing: `chunkFrames × channelCount` interleaved samples.
    private let mixed: UnsafeMutablePointer<Float>
    /// Resampler output: `chunkFrames × channelCount` interleaved samples (unused without one).
    private let resampled: UnsafeMutablePointer<Float>
    /// Frames of `mixed` not yet handed to the resampler, from `mixedOffsetFrames`.
    private var mixedOffsetFrames = 0
    private var mixedFrames = 0
    /// Output frames not yet delivered: `pendingFrames` frames from `pendingStart`.
    private var pendingStart: UnsafePointer<Float>
    private var pendingFrames = 0
    private var fileEnded = false
    private var streamEnded = false

    /// Opens `path` and checks it (see `AudioFileInfo.read(path:)`).
    /// - Parameters:
    ///   - targetSampleRate: output rate in Hz, 8000…192000; nil or the file's own rate reads
    ///     without resampling.
    ///   - downmixToMono: deliver one channel, the mean of the file's channels.
    ///   - converter: libsamplerate converter used when resampling.
    public init(path: String, targetSampleRate: Double? = nil, downmixToMono: Bool = false,
                converter: SampleRateConverterType = .sincFastest) throws(AudioFileError) {
        file = try SoundFile(path: path)
        info = file.info
        channelCount = downmixToMono ? 1 : info.channelCount
        if let target = targetSampleRate, target != info.sampleRate {
            guard AudioFileInfo.supportedSampleRates.contains(target) else {
                throw .resamplerFailed(path: path, reason: "target rate \(target) Hz is outside 8000…192000 Hz")
            }
            resampler = try StreamingResampler(path: path, converter: converter, channelCount: channelCount,
                                               ratio: target / info.sampleRate)
            sampleRate = target
        } else {
            resampler = nil
            sampleRate = info.sampleRate
        }
        let chunk = Self.chunkFrames
        decoded = .allocate(capacity: chunk * info.channelCount)
        mixed = .allocate(capacity: chunk * channelCount)
        resampled = .allocate(capacity: resampler == nil ? 1 : chunk * channelCount)
        pendingStart = UnsafePointer(mixed)
    }

    deinit {
        decoded.deallocate()
        mixed.deallocate()
        resampled.deallocate()
    }

    /// Fills up to `maximumFrames` frames of each of the `channelCount` channels; returns the
    /// frame count, fewer only at the end of the stream, 0 once it has ended.
    public func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>,
                     maximumFrames: Int) throws(AudioFileError) -> Int {
        var written = 0
        while written < maximumFrames {
            if pendingFrames == 0 {
                guard try refill() else { break }
            }
            let frames = min(maximumFrames - written, pendingFrames)
            if channelCount == 1 {
                (channels[0] + written).update(from: pendingStart, count: frames)
            } else {
                for c in 0..<channelCount {
                    let destination = channels[c] + written
                    for f in 0..<frames { destination[f] = pendingStart[f * channelCount + c] }
                }
            }
            pendingStart += frames * channelCount
            pendingFrames -= frames
            written += frames
        }
        framesRead += Int64(written)
        return written
    }

    /// Makes the next output frames pending; false at the end of the stream.
    private func refill() throws(AudioFileError) -> Bool {
        if streamEnded { return false }
        guard let resampler else {
            let frames = try decodeChunk()
            if frames == 0 { streamEnded = true }
            pendingStart = UnsafePointer(mixed)
            pendingFrames = frames
            return frames > 0
        }
        while true {
            if mixedFrames == 0 && !fileEnded {
                mixedFrames = try decodeChunk()
                mixedOffsetFrames = 0
            }
            let step = try resampler.process(input: mixed + mixedOffsetFrames * channelCount, inputFrames: mixedFrames,
                                             isEndOfInput: fileEnded, output: resampled,
                                             outputCapacityFrames: Self.chunkFrames)
            mixedOffsetFrames += step.inputFramesUsed
            mixedFrames -= step.inputFramesUsed
            if step.outputFrames > 0 {
                pendingStart = UnsafePointer(resampled)
                pendingFrames = step.outputFrames
                return true
            }
            if fileEnded && mixedFrames == 0 {
                streamEnded = true
                return false
            }
            if step.inputFramesUsed == 0 && mixedFrames > 0 {
                throw .resamplerFailed(path: info.path, reason: "libsamplerate consumed no input and produced no output")
            }
        }
    }

    /// Decodes the next chunk into `mixed`; returns its frame count, 0 at the end of the file.
    private func decodeChunk() throws(AudioFileError) -> Int {
        let frames = try file.readFrames(into: decoded, maximumFrames: Self.chunkFrames)
        if frames == 0 { fileEnded = true }
        mixDown(frames: frames)
        return frames
    }

    /// Copies `frames` decoded frames into `mixed`, replacing non-finite samples by 0 and
    /// averaging the channels when mixing to mono.
    private func mixDown(frames: Int) {
        let fileChannelCount = info.channelCount
        if channelCount == fileChannelCount {
            for i in 0..<(frames * fileChannelCount) {
                let x = decoded[i]
                if x.isFinite {
                    mixed[i] = x
                } else {
                    mixed[i] = 0
                    nonFiniteSampleCount += 1
                }
            }
        } else {
            let scale = 1 / Float(fileChannelCount)
            for f in 0..<frames {
                let frame = decoded + f * fileChannelCount
                var sum: Float = 0
                for c in 0..<fileChannelCount {
                    if frame[c].isFinite { sum += frame[c] } else { nonFiniteSampleCount += 1 }
                }
                mixed[f] = sum * scale
            }
        }
    }
}
