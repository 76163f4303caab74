import Synchronization

/// A lock-free single-producer, single-consumer queue of fixed capacity: how a real-time thread
/// hands events to another thread while it runs (the audio thread's played beats and notes to a
/// terminal view or a WebSocket).
///
/// `push` (producer thread only) and `pop` (consumer thread only) are real-time safe: no
/// allocation, no lock, two atomic loads and one store each. Storage is allocated in `init`.
/// A full queue drops the new element and counts it (`droppedCount`): the producer never waits.
/// Elements must be plain values (no class references that the consumer would release).
public final class EventQueue<Element>: @unchecked Sendable {
    /// Elements the queue holds at most.
    public let capacity: Int
    private let storage: UnsafeMutablePointer<Element>
    private let mask: Int
    /// Written by the producer only: elements pushed so far.
    private let tail = Atomic<Int>(0)
    /// Written by the consumer only: elements popped so far.
    private let head = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    /// - Parameter minimumCapacity: ≥ 1; rounded up to a power of two.
    public init(minimumCapacity: Int) {
        var size = 1
        while size < max(1, minimumCapacity) { size <<= 1 }
        capacity = size
        mask = size - 1
        storage = .allocate(capacity: size)
    }

    deinit {
        let first = head.load(ordering: .relaxed), last = tail.load(ordering: .relaxed)
        for i in first..<last { (storage + (i & mask)).deinitialize(count: 1) }
        storage.deallocate()
    }

    /// Producer: appends `element`; false (and counted) when the queue is full.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        let t = tail.load(ordering: .relaxed)
        guard t - head.load(ordering: .acquiring) < capacity else {
            dropped.add(1, ordering: .relaxed)
            return false
        }
        (storage + (t & mask)).initialize(to: element)
        tail.store(t + 1, ordering: .releasing)
        return true
    }

    /// Consumer: the oldest element, or nil when the queue is empty.
    public func pop() -> Element? {
        let h = head.load(ordering: .relaxed)
        guard h < tail.load(ordering: .acquiring) else { return nil }
        let element = (storage + (h & mask)).move()
        head.store(h + 1, ordering: .releasing)
        return element
    }

    /// Elements dropped because the queue was full (any thread).
    public var droppedCount: Int { dropped.load(ordering: .relaxed) }
}
