import PerformiaCore

/// The meter of live playing, 3 or 4 beats to the bar, from the tracker's per-beat downbeat
/// evidence: the causal form of `DownbeatTracker`'s meter choice (the period whose strongest
/// phase stands out most; Böck, Krebs & Widmer, ISMIR 2016). The evidence of the last
/// `barsRemembered` bars is kept for both periods; the meter switches when the other period's
/// contrast has been `switchRatio` times the current one's for `persistenceBeats` beats in a
/// row, after at least `minimumBeats` beats.
///
/// Real-time safe (no storage beyond two SIMD registers).
public struct LiveMeterDetector: Sendable {
    public var switchRatio: Float = 2
    public var minimumBeats = 32
    /// Bars over which the evidence is kept (exponential decay).
    public var barsRemembered: Float = 16
    /// Beats the other meter must stay ahead before the switch.
    public var persistenceBeats = 8
    private var persisted = 0
    public private(set) var beatsPerBar: Int
    private var three = SIMD4<Float>()
    private var four = SIMD4<Float>()
    /// The same over the last 8 bars, for the downbeat's phase (as the tracker's own).
    private var recentThree = SIMD4<Float>()
    private var recentFour = SIMD4<Float>()
    private var beats = 0

    /// - Parameter beatsPerBar: the meter assumed until the evidence says otherwise (3 or 4).
    public init(beatsPerBar: Int) {
        precondition(beatsPerBar == 3 || beatsPerBar == 4)
        self.beatsPerBar = beatsPerBar
    }

    public mutating func reset(beatsPerBar: Int) {
        self.beatsPerBar = beatsPerBar
        three = SIMD4()
        four = SIMD4()
        recentThree = SIMD4()
        recentFour = SIMD4()
        beats = 0
        persisted = 0
    }

    /// The downbeat evidence of beat `index` (the tracker's beat count).
    public mutating func add(_ evidence: Float, beat index: Int) {
        three *= Math.exp(-1 / Float(barsRemembered * 3))
        four *= Math.exp(-1 / Float(barsRemembered * 4))
        three[index % 3] += evidence
        four[index % 4] += evidence
        recentThree *= Math.exp(-1 / Float(8 * 3))
        recentFour *= Math.exp(-1 / Float(8 * 4))
        recentThree[index % 3] += evidence
        recentFour[index % 4] += evidence
        beats += 1
        guard beats >= minimumBeats else { return }
        let c3 = contrast(3), c4 = contrast(4)
        let other = beatsPerBar == 4 ? c3 : c4, current = beatsPerBar == 4 ? c4 : c3
        persisted = other > switchRatio * max(current, 0) && other > 0 ? persisted + 1 : 0
        if persisted >= persistenceBeats {
            beatsPerBar = 7 - beatsPerBar
            persisted = 0
        }
    }

    /// How much the strongest position of a `period`-beat bar stands out from the mean.
    public func contrast(_ period: Int) -> Float {
        let e = period == 3 ? three : four
        var best = -Float.infinity, sum: Float = 0
        for p in 0..<period {
            best = max(best, e[p])
            sum += e[p]
        }
        return best - sum / Float(period)
    }

    /// The position (beat index modulo the meter) with the most downbeat evidence of the last
    /// 8 bars.
    public var downbeatPhase: Int {
        let e = beatsPerBar == 3 ? recentThree : recentFour
        var best = 0
        for p in 1..<beatsPerBar where e[p] > e[best] { best = p }
        return best
    }
}
