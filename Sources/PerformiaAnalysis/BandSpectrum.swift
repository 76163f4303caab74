import PerformiaCore

/// The semitone band spectrum of a whole stream, as collected from `BandSpectrumDetector`
/// events: `frameCount` rows of `BandSpectrumDetector.bandCount` values, row-major, frame k
/// stamped `firstTime + k·hopFrames`.
public struct BandSpectrum: Sendable {
    public var sampleRate: Double
    public var hopFrames: Int
    public var firstTime: SampleTime = 0
    public var values: [Float] = []

    public init(sampleRate: Double, hopFrames: Int) {
        self.sampleRate = sampleRate
        self.hopFrames = hopFrames
    }

    public static var bandCount: Int { BandSpectrumDetector.bandCount }
    public var frameCount: Int { values.count / Self.bandCount }
    public var framesPerSecond: Double { sampleRate / Double(hopFrames) }

    /// Appends one detector frame; frames must arrive in order.
    public mutating func append(_ frame: BandSpectrumFrame) {
        if values.isEmpty { firstTime = frame.time }
        for b in 0..<Self.bandCount { values.append(frame[b]) }
    }

    /// Seconds from the stream start of frame `index`.
    public func seconds(ofFrame index: Double) -> Double {
        (Double(firstTime) + index * Double(hopFrames)) / sampleRate
    }
}
