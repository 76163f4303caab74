import Foundation
import PerformiaBand

/// Writing a Standard MIDI File to disk; the encoding itself is portable (`MIDIFileWriter.encoded()`).
extension MIDIFileWriter {
    /// Writes the file (replacing one at `path`).
    public func write(to path: String) throws(MIDIFileError) {
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
