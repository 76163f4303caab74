/// A non-owning, writable view of `frameCount` frames of non-interleaved audio: where an
/// `AudioProcessor` writes its output. It is stamped with the absolute `startTime` of the input
/// block it answers (the output is aligned to the input; a processor's `latencyFrames` says how
/// much later the sound itself appears). Slicing is free: it moves `frameOffset`, never copies.
public struct MutableAudioBlock {
    /// One pointer per channel, each to at least `frameOffset + frameCount` writable samples.
    public let channelPointers: UnsafePointer<UnsafeMutablePointer<Float>>
    public let channelCount: Int
    public let frameOffset: Int
    public let frameCount: Int
    /// Absolute frame index of the block's first frame, in frames since the stream began.
    public let startTime: SampleTime

    public init(channelPointers: UnsafePointer<UnsafeMutablePointer<Float>>, channelCount: Int,
                frameOffset: Int = 0, frameCount: Int, startTime: SampleTime) {
        self.channelPointers = channelPointers
        self.channelCount = channelCount
        self.frameOffset = frameOffset
        self.frameCount = frameCount
        self.startTime = startTime
    }

    /// The samples of channel `index` in this block, for writing.
    @inline(__always)
    public func channel(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: channelPointers[index] + frameOffset, count: frameCount)
    }

    /// The same frames as a read-only `AudioBlock` (for handing the output to the next stage).
    @inline(__always)
    public var audio: AudioBlock {
        AudioBlock(channelPointers: channelPointers, channelCount: channelCount, frameOffset: frameOffset,
                   frameCount: frameCount, startTime: startTime)
    }

    /// Writes zeros into every sample of the block. Real-time safe.
    @inline(__always)
    public func clear() {
        for c in 0..<channelCount {
            let samples = channel(c)
            for i in 0..<frameCount { samples[i] = 0 }
        }
    }

    /// The frames `[offset, offset + count)` of this block as a block of their own.
    @inline(__always)
    public func slice(offset: Int, count: Int) -> MutableAudioBlock {
        precondition(offset >= 0 && count >= 0 && offset + count <= frameCount)
        return MutableAudioBlock(channelPointers: channelPointers, channelCount: channelCount,
                                 frameOffset: frameOffset + offset, frameCount: count,
                                 startTime: startTime + SampleTime(offset))
    }
}
