import Foundation
import Synchronization

/// Standard error for `performia live`, which keeps writing after libjack has set SIGPIPE to be
/// ignored: a write to a closed pipe (`live … 2>&1 | head -1`) then fails with EPIPE, which
/// `FileHandle.write` turns into a crash. Here it marks the stream closed instead, drops every
/// later write, and lets the session end as on `q` (`isClosed`).
enum StandardError {
    private static let closed = Atomic<Bool>(false)

    /// Whether a write found the reader gone.
    static var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Writes `text` whole (retrying short and interrupted writes); false once the reader is gone.
    @discardableResult
    static func write(_ text: String) -> Bool {
        guard !isClosed else { return false }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                closed.store(true, ordering: .relaxed)
                return false
            }
        }
        return true
    }

    /// Ends the process as a closed pipe ends a command that writes to it (status 141, SIGPIPE),
    /// with nothing more written.
    static func exitForClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        Foundation.exit(141)
    }
}
