import PerformiaCore
import PerformiaMusic

/// A stretch of a song in one key.
public struct KeySegment: Sendable, Equatable {
    public var start: SampleTime
    public var end: SampleTime
    public var key: MusicalKey

    public init(start: SampleTime, end: SampleTime, key: MusicalKey) {
        self.start = start
        self.end = end
        self.key = key
    }
}

/// The key of a song: the one that lasts longest, and every stretch in its own key.
public struct KeyAnalysis: Sendable, Equatable {
    /// nil when nothing tonal was heard.
    public var global: MusicalKey?
    /// 0…1.
    public var confidence: Double
    /// In time order, tiling the chords' span; one segment when the key never changes.
    public var segments: [KeySegment]

    public init(global: MusicalKey?, confidence: Double, segments: [KeySegment]) {
        self.global = global
        self.confidence = confidence
        self.segments = segments
    }
}
