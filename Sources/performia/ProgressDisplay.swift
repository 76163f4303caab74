import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only on a terminal (quiet when piped).
final class ProgressDisplay: Sendable {
    private let total: Int
    private let enabled: Bool
    private let state: Mutex<(fractions: [Double], lastDrawn: Int)>

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
        state = Mutex((fractions: [Double](repeating: 0, count: total), lastDrawn: -1))
    }

    func update(file: Int, fraction: Double) {
        guard enabled else { return }
        state.withLock { s in
            s.fractions[file] = fraction
            let overall = s.fractions.reduce(0, +) / Double(total)
            let percent = Int(overall * 100)
            guard percent != s.lastDrawn else { return }
            s.lastDrawn = percent
            let width = 30, filled = Int(overall * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(percent)%  \(total) file\(total == 1 ? "" : "s")".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
