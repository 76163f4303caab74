import PerformiaCore

/// Tells 6/8 from 3/4 live, bar by bar: the causal form of `CompoundMeterDetector`. A tracker
/// locked to the quarter-note pulse of a 6/8 song counts three beats a bar; what gives it away
/// is the accent in the middle of the bar (the second dotted quarter), between the tracked beats
/// 2 and 3, where a true 3/4 bar is weak (Lerdahl & Jackendoff, 1983). The onset novelty there
/// and at beats 2 and 3 is kept over the last `barsRemembered` bars; the bars are compound while
/// the middle is `middleRatio` times the beats', after `minimumBars` bars (hysteresis: back to
/// simple below `middleRatio` / 1.2).
///
/// Real-time safe (scalars only).
public struct LiveCompoundDetector: Sendable {
    public var middleRatio: Float = 1.25
    public var minimumBars = 4
    public var barsRemembered: Float = 8
    public private(set) var isCompound = false
    private var middle: Float = 0
    private var beats: Float = 0
    private var bars = 0

    public init() {}

    public mutating func reset() {
        isCompound = false
        middle = 0
        beats = 0
        bars = 0
    }

    /// One bar of three tracked beats: the novelty peak at its middle and at its beats 2 and 3.
    public mutating func addBar(middlePeak: Float, beatTwoPeak: Float, beatThreePeak: Float) {
        let decay = Math.exp(-1 / barsRemembered)
        middle = middle * decay + middlePeak
        beats = beats * decay + (beatTwoPeak + beatThreePeak) / 2
        bars += 1
        guard bars >= minimumBars else { return }
        if isCompound {
            if middle < beats * middleRatio / 1.2 { isCompound = false }
        } else if middle > beats * middleRatio {
            isCompound = true
        }
    }
}
