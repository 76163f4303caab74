/// Why an audio file could not be read or written. `description` is one line that names the
/// file and the problem, fit for a command-line error message.
public enum AudioFileError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case isDirectory(path: String)
    case empty(path: String)
    case unsupportedFormat(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case unsupportedSampleRate(path: String, sampleRate: Double)
    case noAudio(path: String)
    case unsupportedChannelCount(path: String, channelCount: Int)
    case writeFailed(path: String, reason: String)
    case resamplerFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file"
        case .isDirectory(let path): return "\(path): is a directory, not an audio file"
        case .empty(let path): return "\(path): empty file (0 bytes)"
        case .unsupportedFormat(let path, let reason):
            return "\(path): not an audio file in a supported format (WAV, FLAC, OGG, MP3…): \(reason)"
        case .corrupt(let path, let reason): return "\(path): audio data is corrupt or truncated: \(reason)"
        case .unsupportedSampleRate(let path, let rate):
            return "\(path): sample rate \(Int(rate)) Hz is outside the supported 8000…192000 Hz"
        case .noAudio(let path): return "\(path): contains no audio frames"
        case .unsupportedChannelCount(let path, let count):
            return "\(path): \(count) channels is outside the supported 1…64"
        case .writeFailed(let path, let reason): return "\(path): cannot write audio: \(reason)"
        case .resamplerFailed(let path, let reason): return "\(path): resampling failed: \(reason)"
        }
    }
}
