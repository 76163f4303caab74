import PerformiaCore
import PerformiaMusic

/// A chord held from `start` to `end`.
public struct ChordSegment: Sendable, Equatable {
    public var start: SampleTime
    public var end: SampleTime
    public var chord: ChordLabel
    /// 0…1: mean posterior share of the chord among all chords over the segment's frames.
    public var confidence: Float

    public init(start: SampleTime, end: SampleTime, chord: ChordLabel, confidence: Float) {
        self.start = start
        self.end = end
        self.chord = chord
        self.confidence = confidence
    }
}
