/// Owned, non-interleaved audio storage of fixed capacity, allocated once. `block` views it as
/// an `AudioBlock`. Used by runners and tests; processors keep their own scratch storage.
public final class AudioBuffer {
    public let channelCount: Int
    public let capacityFrames: Int
    private let pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>

    public init(channelCount: Int, capacityFrames: Int) {
        precondition(channelCount > 0 && capacityFrames >= 0)
        self.channelCount = channelCount
        self.capacityFrames = capacityFrames
        pointers = .allocate(capacity: channelCount)
        for c in 0..<channelCount {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(capacityFrames, 1))
            p.initialize(repeating: 0, count: max(capacityFrames, 1))
            pointers[c] = p
        }
    }

    deinit {
        for c in 0..<channelCount { pointers[c].deallocate() }
        pointers.deallocate()
    }

    /// The channel pointers, for sources that fill the buffer.
    public var channelPointers: UnsafePointer<UnsafeMutablePointer<Float>> { UnsafePointer(pointers) }

    /// Samples of one channel over the whole capacity.
    public func channel(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointers[index], count: capacityFrames)
    }

    /// A block over the first `frameCount` frames, stamped `startTime`.
    public func block(frameCount: Int, startTime: SampleTime) -> AudioBlock {
        precondition(frameCount <= capacityFrames)
        return AudioBlock(channelPointers: channelPointers, channelCount: channelCount,
                          frameCount: frameCount, startTime: startTime)
    }

    /// A writable block over the first `frameCount` frames, stamped `startTime`.
    public func mutableBlock(frameCount: Int, startTime: SampleTime) -> MutableAudioBlock {
        precondition(frameCount <= capacityFrames)
        return MutableAudioBlock(channelPointers: channelPointers, channelCount: channelCount,
                                 frameCount: frameCount, startTime: startTime)
    }
}
