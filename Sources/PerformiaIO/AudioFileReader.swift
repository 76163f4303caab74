import CSampleRate
import CSndFile
import PerformiaCore

/// Streams an audio file through libsndfile (WAV, FLAC, OGG/Vorbis, MP3, …), optionally mixed to
/// mono and resampled with libsamplerate, as an `AudioSource`. Memory is a few fixed chunks,
/// whatever the file's length: a two-hour file is never held whole.
///
/// Non-finite samples (NaN, ±Inf — possible in float WAVs) are replaced by 0 and counted in
/// `nonFiniteSampleCount`; nothing else is altered (no normalisation, clipping kept).
/// Resampling uses libsamplerate's `SRC_SINC_FASTEST` by default (about 97 dB SNR, ample for
/// analysis); pass another converter for playback-grade quality.
public final class AudioFileReader: AudioSource {
    public typealias Failure = AudioFileError

    public let info: AudioFileInfo
    /// Output rate in Hz (the target rate when resampling, else the file's).
    public let sampleRate: Double
    /// Output channels (1 when mixing to mono).
    public let channelCount: Int
    public private(set) var nonFiniteSampleCount = 0
    /// Output frames delivered so far.
    public private(set) var framesRead: Int64 = 0

    private let handle: SoundFileHandle
    private let chunkFrames = 8192
    private let fileChannels: Int
    private var interleaved: [Float]       // one chunk from the file
    private var converted: [Float]         // after downmix, interleaved by output channel count
    private var resampled: [Float]
    private var pending: ArraySlice<Float> = []  // output samples not yet delivered (interleaved)
    private var resampler: OpaquePointer?
    private var ratio = 1.0
    private var endOfFile = false
    private var resamplerDrained = false

    /// - Parameters:
    ///   - targetSampleRate: resample to this rate in Hz (nil keeps the file's rate).
    ///   - downmixToMono: average all channels into one.
    ///   - converter: libsamplerate converter type (`SRC_SINC_FASTEST` by default).
    public init(path: String, targetSampleRate: Double? = nil, downmixToMono: Bool = false,
                converter: Int32 = Int32(SRC_SINC_FASTEST)) throws(AudioFileError) {
        handle = try SoundFileHandle(path: path)
        info = handle.info
        fileChannels = info.channelCount
        channelCount = downmixToMono ? 1 : fileChannels
        interleaved = [Float](repeating: 0, count: chunkFrames * fileChannels)
        converted = [Float](repeating: 0, count: chunkFrames * channelCount)
        if let target = targetSampleRate, target != info.sampleRate {
            guard AudioFileInfo.supportedSampleRates.contains(target) else {
                throw .resamplerFailed(path: path, reason: "target rate \(target) Hz unsupported")
            }
            var error: Int32 = 0
            guard let state = src_new(converter, Int32(channelCount), &error) else {
                throw .resamplerFailed(path: path, reason: String(cString: src_strerror(error)))
            }
            resampler = state
            ratio = target / info.sampleRate
            sampleRate = target
        } else {
            sampleRate = info.sampleRate
        }
        resampled = [Float](repeating: 0, count: (Int(Double(chunkFrames) * ratio) + 64) * channelCount)
        // Clean float files are read as they are; integer files are scaled to [-1, 1].
        sf_command(handle.file, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
    }

    deinit {
        if let resampler { src_delete(resampler) }
    }

    public func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) throws(AudioFileError) -> Int {
        var written = 0
        while written < maximumFrames {
            if pending.isEmpty {
                guard try refill() else { break }
                continue
            }
            let frames = min(maximumFrames - written, pending.count / channelCount)
            var index = pending.startIndex
            for f in 0..<frames {
                for c in 0..<channelCount {
                    channels[c][written + f] = pending[index]
                    index += 1
                }
            }
            pending = pending[index...]
            written += frames
        }
        framesRead += Int64(written)
        return written
    }

    /// Loads the next chunk of output into `pending`; false at the end of the stream.
    private func refill() throws(AudioFileError) -> Bool {
        var frames = 0
        if !endOfFile {
            frames = interleaved.withUnsafeMutableBufferPointer { p in
                Int(sf_readf_float(handle.file, p.baseAddress, sf_count_t(chunkFrames)))
            }
            if frames < chunkFrames {
                let code = sf_error(handle.file)
                if code != 0 && code != Int32(SF_ERR_NO_ERROR) {
                    throw .corrupt(path: info.path, reason: String(cString: sf_strerror(handle.file)))
                }
                endOfFile = true
            }
            mixDown(frames: frames)
        }
        guard let resampler else {
            if frames == 0 { return false }
            pending = converted[0..<(frames * channelCount)]
            return true
        }
        if resamplerDrained { return false }
        var produced = 0
        converted.withUnsafeBufferPointer { input in
            resampled.withUnsafeMutableBufferPointer { output in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(frames)
                data.data_out = output.baseAddress
                data.output_frames = output.count / channelCount
                data.src_ratio = ratio
                data.end_of_input = endOfFile ? 1 : 0
                var consumedTotal = 0
                // libsamplerate may not take the whole input at once; loop until it has.
                repeat {
                    data.data_in = input.baseAddress! + consumedTotal * channelCount
                    data.input_frames = frames - consumedTotal
                    data.data_out = output.baseAddress! + produced * channelCount
                    data.output_frames = output.count / channelCount - produced
                    if src_process(resampler, &data) != 0 { break }
                    consumedTotal += Int(data.input_frames_used)
                    produced += Int(data.output_frames_gen)
                } while consumedTotal < frames && data.output_frames_gen > 0
            }
        }
        if endOfFile && produced == 0 { resamplerDrained = true }
        pending = resampled[0..<(produced * channelCount)]
        return produced > 0 || !resamplerDrained
    }

    /// Copies the chunk into `converted`, averaging channels when mixing to mono and replacing
    /// non-finite samples by 0.
    private func mixDown(frames: Int) {
        if channelCount == fileChannels {
            for i in 0..<(frames * fileChannels) {
                let x = interleaved[i]
                if x.isFinite { converted[i] = x } else { converted[i] = 0; nonFiniteSampleCount += 1 }
            }
        } else {
            let scale = 1 / Float(fileChannels)
            for f in 0..<frames {
                var sum: Float = 0
                for c in 0..<fileChannels {
                    let x = interleaved[f * fileChannels + c]
                    if x.isFinite { sum += x } else { nonFiniteSampleCount += 1 }
                }
                converted[f] = sum * scale
            }
        }
    }
}
