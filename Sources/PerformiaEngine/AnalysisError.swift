import PerformiaIO

/// Why a song could not be analysed; `description` is one line naming the file and the problem.
public enum AnalysisError: Error, CustomStringConvertible {
    case audio(AudioFileError)
    case digest(path: String, reason: String)
    /// A learned model's weights file is missing or invalid.
    case model(path: String, reason: String)
    /// The chart's lyrics could not be read or placed (a chart without words, a missing language resource).
    case lyrics(reason: String)

    public var description: String {
        switch self {
        case .audio(let error): return error.description
        case .digest(let path, let reason): return "\(path): cannot read the file to hash it (\(reason))"
        case .model(let path, let reason):
            return reason.hasPrefix(path) ? "model \(reason)" : "model \(path): \(reason)"
        case .lyrics(let reason): return "lyrics: \(reason)"
        }
    }
}
