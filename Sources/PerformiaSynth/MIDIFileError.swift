/// Why a MIDI file could not be written. `description` is one line starting with the path.
public enum MIDIFileError: Error, CustomStringConvertible, Equatable {
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let path, let reason): return "\(path): cannot write MIDI file: \(reason)"
        }
    }
}
