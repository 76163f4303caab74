/// A fixed-capacity list of events, allocated once and reused for every block. `append` never
/// allocates: when the buffer is full it drops the event and counts it in `droppedCount`, so a
/// real-time caller can report the overflow later instead of blocking.
public struct EventBuffer<Event>: ~Copyable {
    private let storage: UnsafeMutablePointer<Event>
    public let capacity: Int
    public private(set) var count = 0
    public private(set) var droppedCount = 0

    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        storage = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Adds `event`; returns false (and counts a drop) when the buffer is full.
    @inline(__always) @discardableResult
    public mutating func append(_ event: Event) -> Bool {
        guard count < capacity else {
            droppedCount += 1
            return false
        }
        (storage + count).initialize(to: event)
        count += 1
        return true
    }

    @inline(__always)
    public subscript(index: Int) -> Event {
        precondition(index >= 0 && index < count)
        return storage[index]
    }

    /// Empties the buffer, keeping its storage. `droppedCount` is kept until `resetDropped()`.
    public mutating func removeAll() {
        storage.deinitialize(count: count)
        count = 0
    }

    public mutating func resetDropped() { droppedCount = 0 }
}
