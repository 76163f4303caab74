import PerformiaCore

/// One tracked beat.
public struct Beat: Sendable, Equatable {
    /// The moment of the beat.
    public var time: SampleTime
    /// 1-based bar number (bar 1 holds the first downbeat; beats before it are in bar 0).
    public var bar: Int
    /// 1-based position in the bar, 1 = downbeat.
    public var beatInBar: Int

    public init(time: SampleTime, bar: Int, beatInBar: Int) {
        self.time = time
        self.bar = bar
        self.beatInBar = beatInBar
    }
}
