import Synchronization

/// A lock-free single-producer / single-consumer ring of non-interleaved Float audio with a fixed
/// capacity, for handing audio between a worker thread and the audio thread (a file reader
/// feeding a JACK callback, or the reverse).
///
/// - One thread may call the producer side (`write`, `availableFramesToWrite`,
///   `finishWriting`), one other thread the consumer side (`read`, `availableFramesToRead`).
///   Both sides are wait-free and real-time safe: no allocation, no locks, no system calls.
/// - Indices are monotonically increasing frame counters (`Atomic<Int>`); the producer publishes
///   its samples with a releasing store of the write index, the consumer acquires it before
///   reading and releases the read index once the samples are copied out.
/// - Capacity is rounded up to a power of two frames so positions wrap by masking.
/// - Latency: whatever the producer keeps queued, `availableFramesToRead` frames.
public final class AudioRing: @unchecked Sendable {
    /// Channels per frame.
    public let channelCount: Int
    /// Frames the ring holds when full (a power of two).
    public let capacityFrames: Int

    private let mask: Int
    /// `channelCount` planes of `capacityFrames` samples each.
    private let storage: UnsafeMutablePointer<Float>
    private let writeIndex = Atomic<Int>(0)
    private let readIndex = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)

    /// - Parameters:
    ///   - channelCount: ≥ 1.
    ///   - minimumCapacityFrames: ≥ 1; rounded up to the next power of two.
    public init(channelCount: Int, minimumCapacityFrames: Int) {
        precondition(channelCount >= 1, "AudioRing needs at least one channel")
        precondition(minimumCapacityFrames >= 1, "AudioRing needs a capacity of at least one frame")
        var capacity = 1
        while capacity < minimumCapacityFrames { capacity <<= 1 }
        self.channelCount = channelCount
        capacityFrames = capacity
        mask = capacity - 1
        storage = .allocate(capacity: capacity * channelCount)
        storage.initialize(repeating: 0, count: capacity * channelCount)
    }

    deinit { storage.deallocate() }

    // MARK: Producer side

    /// Frames the producer may write now without overwriting unread ones.
    public var availableFramesToWrite: Int {
        capacityFrames - (writeIndex.load(ordering: .relaxed) - readIndex.load(ordering: .acquiring))
    }

    /// Copies up to `frameCount` frames from `channels` (`channelCount` pointers) into the ring;
    /// returns how many fitted (fewer when the ring is nearly full). Producer thread only.
    @discardableResult
    public func write(_ channels: UnsafePointer<UnsafePointer<Float>>, frameCount: Int) -> Int {
        let write = writeIndex.load(ordering: .relaxed)
        let free = capacityFrames - (write - readIndex.load(ordering: .acquiring))
        let frames = min(max(frameCount, 0), free)
        guard frames > 0 else { return 0 }
        let start = write & mask
        let first = min(frames, capacityFrames - start)
        for c in 0..<channelCount {
            let plane = storage + c * capacityFrames
            (plane + start).update(from: channels[c], count: first)
            if first < frames { plane.update(from: channels[c] + first, count: frames - first) }
        }
        writeIndex.store(write + frames, ordering: .releasing)
        return frames
    }

    /// Marks the stream complete: the consumer can tell "nothing more will come" from an underflow.
    public func finishWriting() { finished.store(true, ordering: .releasing) }

    /// Whether the producer has called `finishWriting`.
    public var isFinishedWriting: Bool { finished.load(ordering: .acquiring) }

    // MARK: Consumer side

    /// Frames the consumer may read now.
    public var availableFramesToRead: Int {
        writeIndex.load(ordering: .acquiring) - readIndex.load(ordering: .relaxed)
    }

    /// Copies up to `frameCount` frames into `channels` (`channelCount` pointers, each with room
    /// for `frameCount` samples); returns how many were available. Consumer thread only.
    @discardableResult
    public func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, frameCount: Int) -> Int {
        let read = readIndex.load(ordering: .relaxed)
        let available = writeIndex.load(ordering: .acquiring) - read
        let frames = min(max(frameCount, 0), available)
        guard frames > 0 else { return 0 }
        let start = read & mask
        let first = min(frames, capacityFrames - start)
        for c in 0..<channelCount {
            let plane = UnsafePointer(storage + c * capacityFrames)
            channels[c].update(from: plane + start, count: first)
            if first < frames { (channels[c] + first).update(from: plane, count: frames - first) }
        }
        readIndex.store(read + frames, ordering: .releasing)
        return frames
    }
}
