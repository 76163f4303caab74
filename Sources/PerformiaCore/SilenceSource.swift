/// An `AudioSource` of `frameCount` frames of silence: the input of a render that has none of
/// its own (MIDI → synth → file), where the audio processor ignores its input samples and only
/// uses the block times.
public final class SilenceSource: AudioSource {
    public typealias Failure = Never
    /// Frames per second, in Hz.
    public let sampleRate: Double
    public let channelCount: Int
    /// Length of the stream, in frames.
    public let frameCount: SampleTime
    private var position: SampleTime = 0

    public init(sampleRate: Double, channelCount: Int = 1, frameCount: SampleTime) {
        precondition(sampleRate > 0 && channelCount > 0 && frameCount >= 0)
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.frameCount = frameCount
    }

    public func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) -> Int {
        let frames = Int(min(SampleTime(maximumFrames), frameCount - position))
        for c in 0..<channelCount { channels[c].update(repeating: 0, count: frames) }
        position += SampleTime(frames)
        return frames
    }
}
