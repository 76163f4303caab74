import PerformiaCore
import PerformiaTestSupport
import Testing

struct Tick: TimedEvent, Equatable { var time: SampleTime }

@Suite struct EventBufferTests {
    @Test func dropsAndCountsWhenFull() {
        var buffer = EventBuffer<Tick>(capacity: 2)
        #expect(buffer.append(Tick(time: 1)))
        #expect(buffer.append(Tick(time: 2)))
        #expect(!buffer.append(Tick(time: 3)))
        #expect(buffer.count == 2 && buffer.droppedCount == 1)
        #expect(buffer[1].time == 2)
        buffer.removeAll()
        #expect(buffer.count == 0 && buffer.droppedCount == 1)
    }

    @Test func appendDoesNotAllocate() {
        var buffer = EventBuffer<Tick>(capacity: 64)
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
