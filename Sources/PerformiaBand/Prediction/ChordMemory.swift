import PerformiaAnalysis
import PerformiaMusic

/// The performance's own chord history, used to anticipate changes: songs repeat their
/// progressions, so when the last few chords match an earlier passage, what followed there (and
/// how long the current chord lasted there) is the best guess of what comes next — a
/// variable-order match in the spirit of the "factor oracle" improvisers (Assayag & Dubnov,
/// OMax, 2004), restricted to whole chords.
///
/// Fixed capacity (`capacity` chord changes, the oldest forgotten); allocation-free after
/// `init`, so it can run on the audio thread.
public struct ChordMemory: ~Copyable {
    public let capacity: Int
    private let chords: UnsafeMutablePointer<ChordLabel>
    private let starts: UnsafeMutablePointer<Int>
    /// How often each chord (`ChordModel` state) was followed by each other one, row-major.
    private let transitions: UnsafeMutablePointer<UInt16>
    public private(set) var count = 0
    private var first = 0

    /// What the memory expects after the current chord.
    public struct Expectation: Sendable, Equatable {
        public var next: ChordLabel
        /// Beats the current chord lasted the last time this passage was played.
        public var durationBeats: Int
        /// Chords matched (the order of the match): more is surer.
        public var matchedChords: Int
    }

    public init(capacity: Int = 1024) {
        precondition(capacity >= 4)
        self.capacity = capacity
        chords = .allocate(capacity: capacity)
        starts = .allocate(capacity: capacity)
        transitions = .allocate(capacity: ChordModel.stateCount * ChordModel.stateCount)
        transitions.initialize(repeating: 0, count: ChordModel.stateCount * ChordModel.stateCount)
    }

    deinit {
        chords.deallocate()
        starts.deallocate()
        transitions.deallocate()
    }

    public mutating func reset() {
        count = 0
        first = 0
        transitions.update(repeating: 0, count: ChordModel.stateCount * ChordModel.stateCount)
    }

    /// The chord heard from `beat` on (a change; repeats of the current chord are ignored).
    public mutating func record(_ chord: ChordLabel, fromBeat beat: Int) {
        if count > 0 && self[count - 1] == chord { return }
        if count == capacity {
            first = (first + 1) % capacity
            count -= 1
        }
        let slot = (first + count) % capacity
        (chords + slot).initialize(to: chord)
        starts[slot] = beat
        count += 1
        if count >= 2 { countTransition(from: self[count - 2], to: chord, by: 1) }
    }

    /// Forgets the most recent chord (a blip the tracker corrected).
    public mutating func removeLast() {
        guard count > 0 else { return }
        if count >= 2 { countTransition(from: self[count - 2], to: self[count - 1], by: -1) }
        count -= 1
    }

    private func countTransition(from: ChordLabel, to: ChordLabel, by step: Int) {
        let cell = transitions + ChordModel.state(of: from) * ChordModel.stateCount + ChordModel.state(of: to)
        cell.pointee = UInt16(clamping: Int(cell.pointee) + step)
    }

    /// The chord that most often followed `chord` in this performance, how often, and how often
    /// `chord` was followed by anything; nil when it never changed to anything yet.
    public func mostFrequentSuccessor(of chord: ChordLabel) -> (chord: ChordLabel, count: Int, total: Int)? {
        let row = transitions + ChordModel.state(of: chord) * ChordModel.stateCount
        var best = -1
        var total = 0
        for s in 0..<ChordModel.stateCount {
            total += Int(row[s])
            if row[s] > 0 && (best < 0 || row[s] > row[best]) { best = s }
        }
        guard best >= 0 else { return nil }
        return (ChordModel.label(ofState: best), Int(row[best]), total)
    }

    /// The i-th remembered chord, oldest first.
    public subscript(i: Int) -> ChordLabel { chords[(first + i) % capacity] }

    /// The beat the i-th remembered chord started on.
    public func startBeat(_ i: Int) -> Int { starts[(first + i) % capacity] }

    /// The current chord's expected successor: the longest earlier occurrence (at least
    /// `minimumMatch` chords, ending in the current chord) of the recent chord sequence, most
    /// recent occurrence first among equals; nil when nothing repeats yet.
    public func expectation(minimumMatch: Int = 2) -> Expectation? {
        guard count >= minimumMatch + 1 else { return nil }
        let last = count - 1
        var best: Expectation?
        // Candidate earlier positions j whose chord equals the current one and which have a successor.
        var j = last - 1
        while j >= 0 {
            if self[j] == self[last] {
                var length = 1
                while length <= j && length < 16 && self[j - length] == self[last - length] { length += 1 }
                if length >= minimumMatch && length > (best?.matchedChords ?? 0) {
                    best = Expectation(next: self[j + 1], durationBeats: startBeat(j + 1) - startBeat(j),
                                       matchedChords: length)
                }
            }
            j -= 1
        }
        return best
    }

    /// The median length of the remembered chords, in beats (the song's harmonic rhythm); nil
    /// before two changes.
    public func typicalDurationBeats() -> Int? {
        guard count >= 3 else { return nil }
        // Counting sort over durations up to 64 beats: allocation-free.
        var counts = SIMD64<UInt8>()
        var total = 0
        for i in 1..<count {
            let d = min(63, max(1, startBeat(i) - startBeat(i - 1)))
            if counts[d] < 255 { counts[d] += 1 }
            total += 1
        }
        var seen = 0
        for d in 1..<64 {
            seen += Int(counts[d])
            if seen * 2 >= total { return d }
        }
        return nil
    }
}
