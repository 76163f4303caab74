/// Beat and downbeat probabilities per frame from the learned model (`BeatTCN` over the
/// `BandSpectrum`), on the same 100-per-second frames as the `OnsetSignal` of the same audio
/// (both detectors stamp frame k at `k·hop + frameSize/2` with the same window).
public struct LearnedActivation: Sendable {
    /// Probability of a beat (downbeats included) in each frame, 0…1.
    public var beat: [Float]
    /// Probability of a downbeat in each frame, 0…1.
    public var downbeat: [Float]

    public init(beat: [Float], downbeat: [Float]) {
        self.beat = beat
        self.downbeat = downbeat
    }
}
