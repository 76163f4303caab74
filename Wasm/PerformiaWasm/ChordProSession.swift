import PerformiaMusic

/// A ChordPro chart read in the browser build: an input buffer JavaScript writes the chart's
/// bytes into, and the `ChordProReport` of the last read.
final class ChordProSession {
    let capacity: Int
    let input: UnsafeMutablePointer<UInt8>
    var output: [UInt8] = []

    /// - Parameter capacity: the largest chart in bytes, ≥ 1.
    init(capacity: Int) {
        self.capacity = capacity
        input = .allocate(capacity: capacity)
        input.initialize(repeating: 0, count: capacity)
    }

    deinit { input.deallocate() }

    /// Reads the first `count` input bytes; returns the report's length in bytes.
    func read(count: Int) -> Int {
        output = ChordProReport.text(reading: Array(UnsafeBufferPointer(start: input, count: count)))
        return output.count
    }
}
