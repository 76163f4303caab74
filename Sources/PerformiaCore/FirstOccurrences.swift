extension Array where Element: Hashable {
    /// For each element, the index of the first element equal to it (its own index if none
    /// earlier): `[a, b, a, c, b]` → `[0, 1, 0, 3, 1]`. Allocates; not for the audio thread.
    @inlinable
    public func firstOccurrenceIndices() -> [Int] {
        var firstAt: [Element: Int] = [:]
        return indices.map { i in
            if let first = firstAt[self[i]] { return first }
            firstAt[self[i]] = i
            return i
        }
    }
}
