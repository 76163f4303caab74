/// A non-owning view of `frameCount` frames of non-interleaved audio, starting at the absolute
/// frame `startTime` of its stream. Slicing is free: it moves `frameOffset`, never copies.
public struct AudioBlock {
    /// One pointer per channel, each to at least `frameOffset + frameCount` samples.
    public let channelPointers: UnsafePointer<UnsafeMutablePointer<Float>>
    public let channelCount: Int
    public let frameOffset: Int
    public let frameCount: Int
    /// Absolute frame index of the block's first frame.
    public let startTime: SampleTime

    public init(channelPointers: UnsafePointer<UnsafeMutablePointer<Float>>, channelCount: Int,
                frameOffset: Int = 0, frameCount: Int, startTime: SampleTime) {
        self.channelPointers = channelPointers
        self.channelCount = channelCount
        self.frameOffset = frameOffset
        self.frameCount = frameCount
        self.startTime = startTime
    }

    /// The samples of channel `index` in this block.
    @inline(__always)
    public func channel(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: channelPointers[index] + frameOffset, count: frameCount)
    }

    /// Writes the mean of all channels into `mono` (`frameCount` values), with samples that are
    /// not finite (NaN, ±infinity: a broken device or file) taken as 0 — one such sample would
    /// otherwise poison an analyser's running state for good. Real-time safe.
    @inline(__always)
    public func mixDown(into mono: UnsafeMutablePointer<Float>) {
        let n = frameCount
        let first = channel(0)
        for i in 0..<n { mono[i] = first[i].isFinite ? first[i] : 0 }
        guard channelCount > 1 else { return }
        for c in 1..<channelCount {
            let other = channel(c)
            for i in 0..<n where other[i].isFinite { mono[i] += other[i] }
        }
        let scale = 1 / Float(channelCount)
        for i in 0..<n { mono[i] *= scale }
    }

    /// The frames `[offset, offset + count)` of this block as a block of their own.
    @inline(__always)
    public func slice(offset: Int, count: Int) -> AudioBlock {
        precondition(offset >= 0 && count >= 0 && offset + count <= frameCount)
        return AudioBlock(channelPointers: channelPointers, channelCount: channelCount,
                          frameOffset: frameOffset + offset, frameCount: count,
                          startTime: startTime + SampleTime(offset))
    }

    /// The same frames stamped with another start time (a stream heard later than it sounded).
    @inline(__always)
    public func restamped(startTime: SampleTime) -> AudioBlock {
        AudioBlock(channelPointers: channelPointers, channelCount: channelCount, frameOffset: frameOffset,
                   frameCount: frameCount, startTime: startTime)
    }
}
