import PerformiaCore

/// The onset detection function of a whole stream, as collected from `OnsetDetector` events:
/// regular frames `frameSeconds` apart, frame k stamped `firstTime + k·hopFrames`.
public struct OnsetSignal: Sendable {
    public var sampleRate: Double
    public var hopFrames: Int
    public var firstTime: SampleTime = 0
    public var flux: [Float] = []
    public var lowFlux: [Float] = []
    public var chroma: [SIMD16<Float>] = []
    public var timbre: [SIMD16<Float>] = []

    public init(sampleRate: Double, hopFrames: Int) {
        self.sampleRate = sampleRate
        self.hopFrames = hopFrames
    }

    public var count: Int { flux.count }
    public var framesPerSecond: Double { sampleRate / Double(hopFrames) }

    /// Appends one detector frame; frames must arrive in order.
    public mutating func append(_ frame: OnsetFrame) {
        if flux.isEmpty { firstTime = frame.time }
        flux.append(frame.flux)
        lowFlux.append(frame.lowFlux)
        chroma.append(frame.chroma)
        timbre.append(frame.timbre)
    }

    /// Seconds from the stream start of frame `index` (may be fractional).
    public func seconds(ofFrame index: Double) -> Double {
        (Double(firstTime) + index * Double(hopFrames)) / sampleRate
    }

    /// The SampleTime of (fractional) frame `index`.
    public func time(ofFrame index: Double) -> SampleTime {
        SampleTime((Double(firstTime) + index * Double(hopFrames)).rounded())
    }
}
