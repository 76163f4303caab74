import PerformiaAnalysis
import PerformiaMusic

/// What the band knows when it arranges one beat ahead.
public struct BeatContext: Sendable, Equatable {
    /// The beat to arrange, counted from the performance's first beat.
    public var beat: Int
    /// 1-based position of `beat` in the bar.
    public var beatInBar: Int
    public var beatsPerBar: Int
    /// The chord to play on this beat.
    public var chord: ChordLabel
    /// The chord expected next, and in how many beats (≥ 1).
    public var nextChord: ChordLabel
    public var beatsUntilNextChord: Int
    /// The current tempo, in beats per minute.
    public var tempoBPM: Double

    public init(beat: Int, beatInBar: Int, beatsPerBar: Int, chord: ChordLabel, nextChord: ChordLabel,
                beatsUntilNextChord: Int, tempoBPM: Double) {
        self.beat = beat
        self.beatInBar = beatInBar
        self.beatsPerBar = beatsPerBar
        self.chord = chord
        self.nextChord = nextChord
        self.beatsUntilNextChord = beatsUntilNextChord
        self.tempoBPM = tempoBPM
    }
}

/// Writes the notes of one beat: the band's arrangement (style, intensity, parts, sections).
/// Called on the audio thread once per beat, one beat ahead: must not allocate or lock.
public protocol BeatArranger: AnyObject {
    /// Emits the notes whose onsets fall in `[context.beat, context.beat + 1)`.
    func arrange(_ context: BeatContext, emit: (BandNote) -> Void)

    /// Lets `change` edit the performer's direction (section, intensity, parts, cues) for the
    /// beats still to arrange. Called on the audio thread between beats: must not allocate or
    /// lock. The default ignores it, for arrangers that take no direction.
    func direct(_ change: (inout BandDirection) -> Void)

    /// True once the ending asked for by the direction has been played to its end. The default
    /// is false, for arrangers that play no endings.
    var hasEnded: Bool { get }
}

extension BeatArranger {
    public func direct(_ change: (inout BandDirection) -> Void) {}
    public var hasEnded: Bool { false }
}

/// Predicts the chord after the current one from learned progression statistics.
public protocol NextChordPredicting: AnyObject {
    /// The most likely chord after `chord` (preceded by `previous`) in `key`, with its
    /// probability; nil when the model has nothing to say. Real-time safe.
    func mostLikelyNext(after chord: ChordLabel, previous: ChordLabel?, key: MusicalKey?) -> (chord: ChordLabel, probability: Double)?
    /// How common `chord` is in `key` (0…1, summing to 1 over the chords); nil when the model has
    /// nothing to say. Real-time safe.
    func probability(of chord: ChordLabel, in key: MusicalKey) -> Double?
}

extension NextChordPredicting {
    public func probability(of chord: ChordLabel, in key: MusicalKey) -> Double? { nil }
}
