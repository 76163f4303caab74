import PerformiaMusic

/// Everything the rhythm stage knows about a stream: tempo, meter and beats.
public struct RhythmAnalysis: Sendable {
    public var tempo: TempoEstimate
    public var meter: Meter
    public var beats: [Beat]
    /// 0…1 confidence in the beat grid (tempo salience × downbeat contrast); 0 (and no beats)
    /// for noise, silence or audio without a steady pulse (`TempoEstimate.pulseClarity`).
    public var confidence: Double

    public init(tempo: TempoEstimate, meter: Meter, beats: [Beat], confidence: Double) {
        self.tempo = tempo
        self.meter = meter
        self.beats = beats
        self.confidence = confidence
    }
}
