/// A fixed-capacity list of `BandNote`s, allocated once and reused beat after beat: `append`
/// never allocates. When full it drops the note and counts it in `droppedCount` (as
/// `EventBuffer` does), so the audio thread never blocks or grows memory. Size it with
/// `Arranger.maximumNotesPerBeat` × the beats you collect before clearing.
public struct BandNoteList: ~Copyable {
    private let storage: UnsafeMutablePointer<BandNote>
    public let capacity: Int
    public private(set) var count = 0
    public private(set) var droppedCount = 0

    public init(capacity: Int = 256) {
        precondition(capacity >= 0)
        self.capacity = capacity
        storage = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Adds `note`; returns false (and counts a drop) when the list is full. Real-time safe.
    @inline(__always) @discardableResult
    public mutating func append(_ note: BandNote) -> Bool {
        guard count < capacity else {
            droppedCount += 1
            return false
        }
        (storage + count).initialize(to: note)
        count += 1
        return true
    }

    @inline(__always)
    public subscript(index: Int) -> BandNote {
        precondition(index >= 0 && index < count)
        return storage[index]
    }

    public var isEmpty: Bool { count == 0 }

    /// Empties the list, keeping its storage; `droppedCount` is kept until `resetDropped()`.
    public mutating func removeAll() {
        storage.deinitialize(count: count)
        count = 0
    }

    public mutating func resetDropped() { droppedCount = 0 }
}
