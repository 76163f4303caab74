import CSndFile
import Foundation

/// Streams non-interleaved Float audio into a file through libsndfile: WAV (16-bit PCM or 32-bit
/// float), FLAC (16 or 24-bit), Ogg Vorbis or MP3 (libsndfile ≥ 1.1 with LAME), chosen from the
/// extension unless given.
public final class AudioFileWriter {
    public enum Encoding: Sendable {
        case wav16, wavFloat, flac16, flac24, oggVorbis, mp3

        var format: Int32 {
            switch self {
            case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
            case .oggVorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            case .mp3: return Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
            }
        }

        /// The default encoding for a path's extension (wav → 16-bit, flac → 24-bit, ogg, mp3).
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

    public let path: String
    public let channelCount: Int
    private var file: OpaquePointer?
    private var interleaved: [Float] = []

    /// - Parameters:
    ///   - sampleRate: Hz, 8000…192000.
    ///   - encoding: nil picks one from the extension.
    public init(path: String, sampleRate: Double, channelCount: Int, encoding: Encoding? = nil) throws(AudioFileError) {
        guard let chosen = encoding ?? Encoding.forPath(path) else {
            throw .writeFailed(path: path, reason: "unknown extension (use .wav, .flac, .ogg or .mp3)")
        }
        guard (1...AudioFileInfo.maximumChannelCount).contains(channelCount) else {
            throw .unsupportedChannelCount(path: path, channelCount: channelCount)
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channelCount)
        info.format = chosen.format
        guard sf_format_check(&info) != 0 else {
            throw .writeFailed(path: path, reason: "libsndfile cannot write this combination of format, rate and channels")
        }
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw .writeFailed(path: path, reason: String(cString: sf_strerror(nil)))
        }
        self.path = path
        self.channelCount = channelCount
        file = handle
        // Clip instead of wrapping when float samples exceed ±1 in integer formats.
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    deinit { try? close() }

    /// Appends `frameCount` frames; `channels` holds one array per channel.
    public func write(channels: [[Float]], frameCount: Int) throws(AudioFileError) {
        guard let file else { throw .writeFailed(path: path, reason: "file already closed") }
        precondition(channels.count == channelCount && channels.allSatisfy { $0.count >= frameCount })
        if interleaved.count < frameCount * channelCount {
            interleaved = [Float](repeating: 0, count: frameCount * channelCount)
        }
        for f in 0..<frameCount {
            for c in 0..<channelCount { interleaved[f * channelCount + c] = channels[c][f] }
        }
        let written = interleaved.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(frameCount)) }
        if written != frameCount {
            throw .writeFailed(path: path, reason: String(cString: sf_strerror(file)))
        }
    }

    /// Flushes and closes the file; later writes fail.
    public func close() throws(AudioFileError) {
        guard let file else { return }
        self.file = nil
        if sf_close(file) != 0 { throw .writeFailed(path: path, reason: "close failed") }
    }
}
