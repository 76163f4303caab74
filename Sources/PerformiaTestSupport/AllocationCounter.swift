import CAllocationCounter

/// Counts the heap allocations (malloc, calloc, realloc, memalign) the calling thread makes
/// while `body` runs. Other threads are not counted, so parallel tests do not interfere.
public func countAllocations(_ body: () throws -> Void) rethrows -> Int {
    performia_allocation_counting_begin()
    defer { _ = performia_allocation_counting_end() }
    try body()
    return Int(performia_allocation_counting_end())
}
