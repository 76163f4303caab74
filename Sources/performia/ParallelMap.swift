import Dispatch
import Synchronization

/// Runs `body(i)` for i in 0..<count on up to `workers` threads; results come back in order.
enum ParallelMap {
    static func run<T: Sendable>(_ count: Int, workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = Mutex<[Int: T]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count { break }
                let value = body(i)
                results.withLock { $0[i] = value }
            }
        }
        return results.withLock { r in (0..<count).map { r[$0]! } }
    }
}
