/// A song's tempo: one global value and a curve that follows speed-ups and slow-downs.
public struct TempoEstimate: Sendable, Equatable {
    /// Beats per minute of the dominant tempo.
    public var globalBPM: Double
    /// (seconds from stream start, beats per minute), one point per analysis hop.
    public var curve: [TempoPoint]
    /// 0…1: how clearly the winning period stood out of the autocorrelation.
    public var confidence: Double

    public init(globalBPM: Double, curve: [TempoPoint], confidence: Double) {
        self.globalBPM = globalBPM
        self.curve = curve
        self.confidence = confidence
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
