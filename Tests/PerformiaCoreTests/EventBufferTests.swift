import PerformiaCore
import PerformiaTestSupport
import Testing

struct Tick: TimedEvent, Equatable { var time: SampleTime }

@Suite struct EventBufferTests {
    @Test func dropsAndCountsWhenFull() {
        var buffer = EventBuffer<Tick>(capacity: 2)
        let first = buffer.append(Tick(time: 1))
        let second = buffer.append(Tick(time: 2))
        let third = buffer.append(Tick(time: 3))
        #expect(first && second && !third)
        let (count, dropped, secondTime) = (buffer.count, buffer.droppedCount, buffer[1].time)
        #expect(count == 2 && dropped == 1 && secondTime == 2)
        buffer.removeAll()
        let (emptied, stillDropped) = (buffer.count, buffer.droppedCount)
        #expect(emptied == 0 && stillDropped == 1)
    }

    @Test func appendDoesNotAllocate() {
        var buffer = EventBuffer<Tick>(capacity: 64)
        buffer.append(Tick(time: 0))  // first use instantiates runtime metadata, uncounted
        buffer.removeAll()
        let allocations = countAllocations {
            for round in 0..<1000 {
                buffer.removeAll()
                for i in 0..<64 { buffer.append(Tick(time: SampleTime(round * 64 + i))) }
            }
        }
        #expect(allocations == 0)
    }

    @Test func allocationCounterSeesAllocations() {
        // Guards the guard: the counter must notice a real allocation.
        let allocations = countAllocations {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: 100)
            p.deallocate()
        }
        #expect(allocations == 1)
    }
}
