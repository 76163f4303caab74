import PerformiaCore

/// One note of a transcribed melody (the lead voice of the Song Map).
public struct MelodyNote: Sendable, Equatable {
    /// Onset, in frames of the analysed stream.
    public var start: SampleTime
    /// Offset (exclusive), in frames of the analysed stream; `end > start`.
    public var end: SampleTime
    /// The note's pitch: the median of its smoothed pitch track, rounded to a MIDI note number.
    public var midiPitch: Int
    /// Mean probability, over the note's frames, of the pitch candidate the pitch tracker chose,
    /// in [0, 1]: low for notes found in noise or in a dense mix.
    public var confidence: Float

    public init(start: SampleTime, end: SampleTime, midiPitch: Int, confidence: Float) {
        self.start = start
        self.end = end
        self.midiPitch = midiPitch
        self.confidence = confidence
    }
}
