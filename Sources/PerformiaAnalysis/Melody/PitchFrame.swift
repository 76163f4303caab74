import PerformiaCore

/// One analysis frame of `PitchTracker`: the pYIN fundamental-frequency candidates of the frame
/// with their probabilities (Mauch & Dixon 2014, stage 1), about 172 per second.
///
/// Fixed size (no heap storage), so a real-time processor can emit it. Candidates sit in lanes
/// `0..<candidateCount`, most probable first; unused lanes hold 0 in both vectors.
public struct PitchFrame: TimedEvent, Sendable, Equatable {
    /// Lanes in `pitches` and `probabilities`.
    public static let capacity = 8

    /// The centre of the frame's analysis (see `PitchTracker`), in frames of the analysed stream.
    public var time: SampleTime
    /// Candidate fundamentals as fractional MIDI pitches (69 = A4 = 440 Hz).
    public var pitches: SIMD8<Float>
    /// The probability of each candidate, in [0, 1]; their sum is at most 1 and is the frame's
    /// probability of being voiced.
    public var probabilities: SIMD8<Float>
    /// Number of valid candidates, 0…8.
    public var candidateCount: Int
    /// Root-mean-square level of the (mono, band-limited) samples centred on `time`, linear full
    /// scale: the loudness cue the note stage uses to split repeated notes.
    public var rms: Float

    public init(time: SampleTime, pitches: SIMD8<Float> = SIMD8(), probabilities: SIMD8<Float> = SIMD8(),
                candidateCount: Int = 0, rms: Float = 0) {
        self.time = time
        self.pitches = pitches
        self.probabilities = probabilities
        self.candidateCount = candidateCount
        self.rms = rms
    }

    /// The probability that the frame is voiced: the sum of the candidate probabilities.
    public var voicedProbability: Float { probabilities.sum() }

    /// The most probable candidate's MIDI pitch, or nil when the frame has none.
    public var bestPitch: Float? { candidateCount > 0 ? pitches[0] : nil }
}
