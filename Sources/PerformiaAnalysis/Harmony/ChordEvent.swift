import PerformiaCore
import PerformiaMusic

/// A chord change from `CausalChordTracker`: `chord` starts at `time` (the musical moment of the
/// change, not the moment it was decided).
public struct ChordEvent: TimedEvent, Equatable, Sendable {
    public var time: SampleTime
    public var chord: ChordLabel
    /// 0…1: the chord's share of the filtered posterior when it was decided.
    public var confidence: Float

    public init(time: SampleTime, chord: ChordLabel, confidence: Float) {
        self.time = time
        self.chord = chord
        self.confidence = confidence
    }
}
