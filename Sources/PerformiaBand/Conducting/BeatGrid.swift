import PerformiaCore

/// The predicted beat grid: beat `anchorBeat` falls at `anchorTime`, and later beats every
/// `framesPerBeat` frames. Rebuilt at every tracked beat, so a note scheduled ahead lands where
/// the music is expected to be.
public struct BeatGrid: Sendable, Equatable {
    public var anchorBeat: Int
    public var anchorTime: SampleTime
    public var framesPerBeat: Double

    public init(anchorBeat: Int, anchorTime: SampleTime, framesPerBeat: Double) {
        self.anchorBeat = anchorBeat
        self.anchorTime = anchorTime
        self.framesPerBeat = framesPerBeat
    }

    /// The SampleTime of (fractional) beat `beat`.
    @inline(__always)
    public func time(ofBeat beat: Double) -> SampleTime {
        anchorTime + SampleTime(((beat - Double(anchorBeat)) * framesPerBeat).rounded())
    }

    /// The (fractional) beat at `time`.
    public func beat(at time: SampleTime) -> Double {
        Double(anchorBeat) + Double(time - anchorTime) / framesPerBeat
    }
}
