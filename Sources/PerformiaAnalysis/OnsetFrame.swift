import PerformiaCore

/// One frame of the onset detection function, 100 per second, stamped with the musical moment
/// the frame's novelty belongs to.
public struct OnsetFrame: TimedEvent, Equatable, Sendable {
    public var time: SampleTime
    /// SuperFlux novelty over all bands (log-magnitude units summed over bands).
    public var flux: Float
    /// The same novelty restricted to bands below `OnsetDetector.lowBandHz` (kick, bass).
    public var lowFlux: Float
    /// Log-filtered energy per pitch class (lanes 0…11 = C…B; lanes 12…15 are zero), from the
    /// bands between `OnsetDetector.chromaRangeHz`. A coarse chroma for bar and meter cues.
    public var chroma: SIMD16<Float>
    /// Mean log-filtered energy in 16 equal-width slices of the log-frequency axis
    /// (30 Hz…17 kHz, lane 0 lowest): a coarse spectral envelope for timbre and structure cues.
    public var timbre: SIMD16<Float>

    public init(time: SampleTime, flux: Float, lowFlux: Float, chroma: SIMD16<Float>,
                timbre: SIMD16<Float> = SIMD16()) {
        self.time = time
        self.flux = flux
        self.lowFlux = lowFlux
        self.chroma = chroma
        self.timbre = timbre
    }
}
