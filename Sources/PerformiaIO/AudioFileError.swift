/// Why an audio file could not be read or written. `description` is one line that starts with
/// the file's path and names the problem, fit for a command-line error message.
public enum AudioFileError: Error, CustomStringConvertible, Equatable {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path is a directory.
    case isDirectory(path: String)
    /// The file exists but this process may not read it.
    case notReadable(path: String)
    /// The file has 0 bytes.
    case empty(path: String)
    /// libsndfile does not recognise the bytes as audio it can decode; `reason` is its
    /// `sf_strerror` text.
    case unsupportedFormat(path: String, reason: String)
    /// Decoding failed part-way: the file is cut short or damaged.
    case corrupt(path: String, reason: String)
    /// The file's rate, in Hz, lies outside `AudioFileInfo.supportedSampleRates`.
    case unsupportedSampleRate(path: String, sampleRate: Double)
    /// The header declares 0 frames.
    case noAudio(path: String)
    /// 0 channels, or more than `AudioFileInfo.maximumChannelCount`.
    case unsupportedChannelCount(path: String, channelCount: Int)
    /// Creating, writing or closing an output file failed.
    case writeFailed(path: String, reason: String)
    /// libsamplerate could not be set up or failed while converting.
    case resamplerFailed(path: String, reason: String)

    public var description: String {
        let line: String
        switch self {
        case .notFound(let path): line = "\(path): no such file"
        case .isDirectory(let path): line = "\(path): is a directory, not an audio file"
        case .notReadable(let path): line = "\(path): permission denied (the file cannot be opened for reading)"
        case .empty(let path): line = "\(path): empty file (0 bytes)"
        case .unsupportedFormat(let path, let reason):
            line = "\(path): not an audio file in a supported format (WAV, FLAC, OGG, MP3…): \(reason)"
        case .corrupt(let path, let reason): line = "\(path): audio data is corrupt or truncated: \(reason)"
        case .unsupportedSampleRate(let path, let sampleRate):
            let lowest = Int(AudioFileInfo.supportedSampleRates.lowerBound)
            let highest = Int(AudioFileInfo.supportedSampleRates.upperBound)
            line = "\(path): sample rate \(sampleRate.wholeNumberText) Hz is outside the supported \(lowest)…\(highest) Hz"
        case .noAudio(let path): line = "\(path): contains no audio frames"
        case .unsupportedChannelCount(let path, let channelCount):
            line = "\(path): \(channelCount) channels is outside the supported 1…\(AudioFileInfo.maximumChannelCount)"
        case .writeFailed(let path, let reason): line = "\(path): cannot write audio: \(reason)"
        case .resamplerFailed(let path, let reason): line = "\(path): resampling failed: \(reason)"
        }
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

private extension Double {
    /// Whole numbers without a fraction ("44100"), others as Swift prints them ("22050.5").
    var wholeNumberText: String {
        if isFinite, rounded() == self, abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
