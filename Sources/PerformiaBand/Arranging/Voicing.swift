/// The notes of one chord as played: up to four MIDI pitches, lowest first. Fixed size, no
/// allocation.
public struct Voicing: Sendable, Equatable {
    /// Most voices a voicing holds.
    public static let capacity = 4

    public private(set) var count = 0
    private var storage = SIMD4<Int16>()

    public init() {}

    /// A voicing of `pitches` (sorted here; at most `capacity`).
    public init(_ pitches: [Int]) {
        precondition(pitches.count <= Voicing.capacity)
        for p in pitches { append(p) }
    }

    /// Inserts `pitch` in order. Ignored when full.
    public mutating func append(_ pitch: Int) {
        guard count < Voicing.capacity else { return }
        var i = count
        while i > 0 && Int(storage[i - 1]) > pitch {
            storage[i] = storage[i - 1]
            i -= 1
        }
        storage[i] = Int16(pitch)
        count += 1
    }

    /// The i-th pitch from the bottom.
    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < count)
        return Int(storage[i])
    }

    public var lowest: Int { self[0] }
    public var highest: Int { self[count - 1] }

    /// Mean pitch.
    public var center: Double {
        var sum = 0
        for i in 0..<count { sum += self[i] }
        return Double(sum) / Double(max(count, 1))
    }
}
