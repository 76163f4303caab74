import CSndFile
import Foundation

/// Streams non-interleaved Float audio into a file through libsndfile: WAV (16-bit PCM or
/// 32-bit float), FLAC (16 or 24-bit), Ogg Vorbis, or MP3 (libsndfile ≥ 1.1 built with LAME, as
/// Debian's is). The encoding comes from the file extension unless given.
///
/// Integer encodings clip samples beyond ±1 instead of wrapping; the float WAV stores every
/// value as given. Memory is one interleaving buffer of `chunkFrames` frames, whatever is
/// written. Call `close()` to finish the file and see whether that succeeded; deinit closes too,
/// silently.
public final class AudioFileWriter {
    public enum Encoding: Sendable, CaseIterable {
        case wav16, wavFloat, flac16, flac24, oggVorbis, mp3

        var libsndfileFormat: Int32 {
            switch self {
            case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
            case .oggVorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            case .mp3: return Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
            }
        }

        /// The encoding for a path's extension, case-insensitive: .wav → `wav16`,
        /// .flac → `flac24`, .ogg/.oga → `oggVorbis`, .mp3 → `mp3`; nil for anything else.
        public static func forPath(_ path: String) -> Encoding? {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "wav": return .wav16
            case "flac": return .flac24
            case "ogg", "oga": return .oggVorbis
            case "mp3": return .mp3
            default: return nil
            }
        }
    }

    /// Frames interleaved and handed to libsndfile per step.
    public static let chunkFrames = 8192

    public let path: String
    /// Hz.
    public let sampleRate: Double
    public let channelCount: Int
    public let encoding: Encoding
    /// Frames written so far.
    public private(set) var framesWritten: Int64 = 0

    private var handle: OpaquePointer?
    private let interleaved: UnsafeMutablePointer<Float>

    /// Creates (or replaces) the file at `path`.
    /// - Parameters:
    ///   - sampleRate: a whole number of Hz that libsndfile accepts for the encoding (it takes
    ///     rates outside what `AudioFileReader` reads, which tests use to make such files).
    ///   - channelCount: 1…`AudioFileInfo.maximumChannelCount`.
    ///   - encoding: nil picks one from the extension (see `Encoding.forPath`).
    public init(path: String, sampleRate: Double, channelCount: Int, encoding: Encoding? = nil) throws(AudioFileError) {
        guard let chosen = encoding ?? Encoding.forPath(path) else {
            throw .writeFailed(path: path, reason: "unknown extension (use .wav, .flac, .ogg or .mp3, or pass an encoding)")
        }
        guard (1...AudioFileInfo.maximumChannelCount).contains(channelCount) else {
            throw .unsupportedChannelCount(path: path, channelCount: channelCount)
        }
        guard sampleRate.isFinite, sampleRate.rounded() == sampleRate, (1...Double(Int32.max)).contains(sampleRate) else {
            throw .writeFailed(path: path, reason: "sample rate \(sampleRate) Hz is not a positive whole number")
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channelCount)
        info.format = chosen.libsndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw .writeFailed(path: path,
                               reason: "libsndfile cannot write \(chosen) at \(Int(sampleRate)) Hz with \(channelCount) channels")
        }
        let opened: Result<OpaquePointer, AudioFileError> = SoundFile.openLock.withLock {
            if let handle = sf_open(path, Int32(SFM_WRITE), &info) { return .success(handle) }
            return .failure(.writeFailed(path: path, reason: String(cString: sf_strerror(nil))))
        }
        handle = try opened.get()
        self.path = path
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.encoding = chosen
        interleaved = .allocate(capacity: Self.chunkFrames * channelCount)
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    deinit {
        try? close()
        interleaved.deallocate()
    }

    /// Appends the first `frameCount` frames of `channels`, one array per channel, each holding
    /// at least `frameCount` samples.
    public func write(channels: [[Float]], frameCount: Int) throws(AudioFileError) {
        guard let handle else { throw .writeFailed(path: path, reason: "the file is already closed") }
        guard channels.count == channelCount else {
            throw .writeFailed(path: path, reason: "\(channels.count) channels given, the file has \(channelCount)")
        }
        guard frameCount >= 0, channels.allSatisfy({ $0.count >= frameCount }) else {
            throw .writeFailed(path: path, reason: "a channel holds fewer than the \(frameCount) frames to write")
        }
        var start = 0
        while start < frameCount {
            let frames = min(Self.chunkFrames, frameCount - start)
            for c in 0..<channelCount {
                channels[c].withUnsafeBufferPointer { samples in
                    for f in 0..<frames { interleaved[f * channelCount + c] = samples[start + f] }
                }
            }
            let written = sf_writef_float(handle, interleaved, sf_count_t(frames))
            guard written == frames else {
                throw .writeFailed(path: path, reason: String(cString: sf_strerror(handle)))
            }
            framesWritten += Int64(frames)
            start += frames
        }
    }

    /// Finishes the file (headers, encoder flush) and closes it; later writes fail. Closing
    /// twice does nothing.
    public func close() throws(AudioFileError) {
        guard let handle else { return }
        self.handle = nil
        let code = sf_close(handle)
        guard code == 0 else {
            throw .writeFailed(path: path, reason: "closing failed: " + String(cString: sf_error_number(code)))
        }
    }
}
