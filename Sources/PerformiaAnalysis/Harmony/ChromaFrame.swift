import PerformiaCore

/// One frame of `NNLSChromaDetector` output: bass and treble chroma of the approximate note
/// transcription, stamped at the centre of its analysis window.
public struct ChromaFrame: TimedEvent, Equatable, Sendable {
    public var time: SampleTime
    /// Note activation per pitch class (lanes 0…11 = C…B, 12…15 zero), weighted towards the bass
    /// register (E1…G#4, peak E2).
    public var bass: SIMD16<Float>
    /// The same for the accompaniment and melody register (E2…C7, peak D4).
    public var treble: SIMD16<Float>
    /// Mean magnitude of the log-frequency spectrum before whitening (linear units): 0 in digital
    /// silence, for telling quiet passages from tonal ones.
    public var level: Float

    public init(time: SampleTime, bass: SIMD16<Float>, treble: SIMD16<Float>, level: Float) {
        self.time = time
        self.bass = bass
        self.treble = treble
        self.level = level
    }
}
