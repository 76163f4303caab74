/// A song's tempo: one global value and a curve that follows speed-ups and slow-downs.
public struct TempoEstimate: Sendable, Equatable {
    /// Beats per minute of the dominant tempo.
    public var globalBPM: Double
    /// (seconds from stream start, beats per minute): one point per analysis hop from
    /// `TempoEstimator`, one per beat once `RhythmAnalyzer` has fitted the tempo to the beats.
    public var curve: [TempoPoint]
    /// 0…1: how clearly the winning period stood out of the autocorrelation.
    public var confidence: Double
    /// 0…1: how periodic the beat activation is at all — the largest autocorrelation over the
    /// tempo range's lags divided by the variance (lag 0), per analysis window, taken at a high
    /// quantile over the windows: the pulse clarity of Lartillot, Eerola, Toiviainen & Fornari
    /// ("Multi-feature modeling of pulse clarity", ISMIR 2008). Near 0 for noise and silence.
    public var pulseClarity: Double

    public init(globalBPM: Double, curve: [TempoPoint], confidence: Double, pulseClarity: Double = 1) {
        self.globalBPM = globalBPM
        self.curve = curve
        self.confidence = confidence
        self.pulseClarity = pulseClarity
    }
}

/// One point of a tempo curve.
public struct TempoPoint: Sendable, Equatable {
    public var seconds: Double
    public var bpm: Double
    public init(seconds: Double, bpm: Double) {
        self.seconds = seconds
        self.bpm = bpm
    }
}
