import PerformiaCore

/// One frame of `OnsetSpectrumDetector`: the onset frame and the semitone band frame of the same
/// STFT frame, both stamped at its window centre (`time`).
public struct OnsetSpectrumFrame: TimedEvent, Equatable, Sendable {
    public var onset: OnsetFrame
    public var bands: BandSpectrumFrame
    public var time: SampleTime { onset.time }

    public init(onset: OnsetFrame, bands: BandSpectrumFrame) {
        self.onset = onset
        self.bands = bands
    }
}
