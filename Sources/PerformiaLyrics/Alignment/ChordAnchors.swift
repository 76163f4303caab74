import PerformiaMusic

/// When each chord of a chart was played, found by aligning the chart's chord sequence to the
/// chords heard on the beats (dynamic time warping over beats: each written chord lasts one beat
/// or more, in order; beats before the first and after the last may go unmatched at a cost).
/// A beat costs 0 where the heard chord is the written one, `1 − likeness` (shared pitch
/// classes) otherwise, 0.5 where nothing was heard; when the voice's activity per beat is known
/// (0…1), a chord written over words costs `voiceWeight · (1 − activity)` more on a beat without
/// singing and a chord written without words `voiceWeight · activity` more on a beat with it, so
/// that the lyric lines land where someone sings. The chords sung on give the words they are
/// written over a time to be found near: the anchors of `LyricAligner`.
public enum ChordAnchors {
    /// A chord heard from `start` to `end` seconds.
    public struct Heard: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var label: ChordLabel
        public init(start: Double, end: Double, label: ChordLabel) {
            self.start = start
            self.end = end
            self.label = label
        }
    }

    /// Cost of leaving a beat before the first chord or after the last one unmatched.
    static let skipCost = 0.45
    static let noChordCost = 0.5

    /// A written chord placed: the time (seconds) of the first beat it was matched to, and whether
    /// the change to it was heard there: the chord heard on that beat is the written one and the
    /// chord heard on the beat before is the previous written one (a different chord).
    public struct Placed: Sendable, Equatable {
        public var time: Double
        public var heardChange: Bool
    }

    /// Each of `written` placed; nil when there are no beats or no chords. `beats` in seconds,
    /// ascending.
    static let voiceWeight = 0.6

    /// - Parameters:
    ///   - sung: for each written chord, whether words are written under it (nil: unknown).
    ///   - voiceActivity: per beat, 0…1, how surely someone sings in it (empty: unknown).
    public static func times(written: [ChordLabel], heard: [Heard], beats: [Double],
                             sung: [Bool?] = [], voiceActivity: [Double] = []) -> [Placed]? {
        let m = written.count, n = beats.count
        guard m > 0, n >= m, !heard.isEmpty else { return nil }
        var labels: [ChordLabel?] = []
        labels.reserveCapacity(n)
        var h = 0
        for (j, t) in beats.enumerated() {
            let mid = j + 1 < n ? 0.5 * (t + beats[j + 1]) : t + 0.25
            while h + 1 < heard.count && heard[h].end <= mid { h += 1 }
            labels.append(heard[h].start <= mid && mid < heard[h].end && !heard[h].label.isNoChord ? heard[h].label : nil)
        }
        func cost(_ i: Int, _ j: Int) -> Double {
            let w = written[i]
            var c: Double
            if let label = labels[j], !w.isNoChord {
                c = w.triad == label.triad ? 0 : 1 - w.likeness(to: label)
            } else {
                c = noChordCost
            }
            if j < voiceActivity.count, i < sung.count, let words = sung[i] {
                c += voiceWeight * (words ? 1 - voiceActivity[j] : voiceActivity[j])
            }
            return c
        }
        // d[i][j]: best cost with written chord i on beat j (i's run ends at j or continues).
        let inf = Double.infinity
        var d = [Double](repeating: inf, count: m * n)
        var back = [UInt8](repeating: 0, count: m * n)   // 0: start, 1: stay, 2: advance
        for j in 0..<n {
            for i in 0..<min(m, j + 1) {
                let c = cost(i, j)
                var best = inf
                var from: UInt8 = 0
                if i == 0 {
                    best = Double(j) * skipCost
                }
                if j > 0 {
                    let stay = d[i * n + j - 1]
                    if stay < best { best = stay; from = 1 }
                    if i > 0 {
                        let advance = d[(i - 1) * n + j - 1]
                        if advance < best { best = advance; from = 2 }
                    }
                }
                if best < inf {
                    d[i * n + j] = best + c
                    back[i * n + j] = from
                }
            }
        }
        var endBeat = m - 1
        var bestEnd = inf
        for j in (m - 1)..<n {
            let total = d[(m - 1) * n + j] + Double(n - 1 - j) * skipCost
            if total < bestEnd { bestEnd = total; endBeat = j }
        }
        guard bestEnd < inf else { return nil }
        var starts = [Int](repeating: 0, count: m)
        var i = m - 1, j = endBeat
        while true {
            let from = back[i * n + j]
            if from == 1 { j -= 1; continue }
            starts[i] = j
            if from == 0 || i == 0 { break }
            i -= 1
            j -= 1
        }
        func matches(_ i: Int, _ j: Int) -> Bool {
            guard let label = labels[j], !written[i].isNoChord else { return false }
            return written[i].triad == label.triad
        }
        return starts.enumerated().map { i, j in
            let change = i > 0 && j > 0 && written[i - 1].triad != written[i].triad && matches(i, j) && matches(i - 1, j - 1)
            return Placed(time: beats[j], heardChange: change)
        }
    }
}
