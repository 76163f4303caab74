/// What a processor is prepared for: the stream's sample rate, the largest block it will be
/// handed, and its channel count. `prepare(_:)` is the only place a processor allocates.
public struct ProcessSpec: Equatable, Sendable {
    /// Frames per second of the input stream, in Hz.
    public var sampleRate: Double
    /// The largest `AudioBlock.frameCount` that `process` will receive.
    public var maximumBlockFrames: Int
    /// Channels in every block.
    public var channelCount: Int

    public init(sampleRate: Double, maximumBlockFrames: Int, channelCount: Int) {
        precondition(sampleRate > 0 && maximumBlockFrames > 0 && channelCount > 0)
        self.sampleRate = sampleRate
        self.maximumBlockFrames = maximumBlockFrames
        self.channelCount = channelCount
    }
}
