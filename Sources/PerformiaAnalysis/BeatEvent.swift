import PerformiaCore

/// A beat found by `CausalBeatTracker`, stamped at the moment of the beat, with what the
/// tracker expects next: the band schedules on `nextBeatTime`.
public struct BeatEvent: TimedEvent, Equatable, Sendable {
    public var time: SampleTime
    /// Beats since the tracker started (0 for the first).
    public var index: Int
    /// 1-based position in the bar, 1 = downbeat.
    public var beatInBar: Int
    /// Beats in the bar this beat belongs to (2 for 6/8 counted in dotted quarters).
    public var beatsPerBar: Int
    /// Tempo of the current beat period, in beats per minute.
    public var tempoBPM: Double
    /// Where the next beat is predicted, as a SampleTime.
    public var nextBeatTime: SampleTime

    public init(time: SampleTime, index: Int, beatInBar: Int, beatsPerBar: Int, tempoBPM: Double, nextBeatTime: SampleTime) {
        self.time = time
        self.index = index
        self.beatInBar = beatInBar
        self.beatsPerBar = beatsPerBar
        self.tempoBPM = tempoBPM
        self.nextBeatTime = nextBeatTime
    }
}
