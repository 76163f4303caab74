/// How the Song Map finds beats, downbeats and tempo.
public enum RhythmMethod: String, CaseIterable, Sendable {
    /// The learned beat and downbeat model (`BeatTCN`, `Resources/models/beat-tcn.pfnn`) decoded
    /// by the bar-pointer tracker (`RhythmAnalyzer.analyze(_:learned:)`).
    case learned
    /// Signal processing only: SuperFlux novelty, tempo estimation with its octave prior,
    /// bar-pointer tracking and chroma/low-band downbeats (`RhythmAnalyzer.analyze(_:)`) — the
    /// baseline the learned path is measured against.
    case dsp
}
