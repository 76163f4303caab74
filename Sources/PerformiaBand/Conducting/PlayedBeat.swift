import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// One beat the band played: which, when, where in the bar, on which chord, in which key, and
/// when it was decided.
public struct PlayedBeat: Sendable, Equatable {
    /// The band's beat number (the tracker's index, skipped beats counted).
    public var beat: Int
    /// When the beat sounds, in frames since the session started.
    public var time: SampleTime
    /// Position in the bar, 1-based.
    public var beatInBar: Int
    public var chord: ChordLabel
    /// True when the chord was anticipated (played before it was heard).
    public var anticipated: Bool
    /// The key the band played the beat in (nil before any chord was heard).
    public var key: MusicalKey?
    /// When the beat was decided and its notes scheduled, in frames since the session started.
    public var scheduledAt: SampleTime

    public init(beat: Int, time: SampleTime, beatInBar: Int, chord: ChordLabel, anticipated: Bool, key: MusicalKey?,
                scheduledAt: SampleTime) {
        self.beat = beat
        self.time = time
        self.beatInBar = beatInBar
        self.chord = chord
        self.anticipated = anticipated
        self.key = key
        self.scheduledAt = scheduledAt
    }

    /// How far ahead of its time the beat was scheduled, in frames (negative: late).
    public var schedulingLeadFrames: SampleTime { time - scheduledAt }
}
