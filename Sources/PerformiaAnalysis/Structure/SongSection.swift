import PerformiaCore
import PerformiaMusic

/// One section of a song: a span of bars, the group of sections it repeats ("A", "B", …, in
/// order of first appearance) and, where the evidence supports one, a functional label.
/// The sections of a song tile the music from its first beat to the end of its last beat.
public struct SongSection: Sendable, Equatable {
    public var start: SampleTime
    public var end: SampleTime
    /// Sections with the same letter are repetitions of one another.
    public var group: String
    public var label: SectionLabel?

    public init(start: SampleTime, end: SampleTime, group: String, label: SectionLabel? = nil) {
        self.start = start
        self.end = end
        self.group = group
        self.label = label
    }
}
