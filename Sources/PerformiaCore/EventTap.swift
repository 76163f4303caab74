/// Runs one event `Processor` as a tap: each block goes to the processor, and every non-empty
/// batch of events it emits (after a block, or from `finish`) goes to `onEvents`, valid only
/// during the call. The `EventBuffer` (`processor.maximumEventsPerBlock` events) is allocated in
/// `prepare`. Latency: the processor's own; its events carry their own `SampleTime`s.
///
/// `process` is real-time safe if `onEvents` is (a live handler pushes into a preallocated ring;
/// an offline one may append to arrays). Overflowing the event buffer is a programming error
/// and stops the program at `finish`.
public final class EventTap<P: Processor>: AudioTap {
    public let processor: P
    private let onEvents: (borrowing EventBuffer<P.Event>) -> Void
    private var events = EventBuffer<P.Event>(capacity: 0)

    public init(_ processor: P, onEvents: @escaping (borrowing EventBuffer<P.Event>) -> Void) {
        self.processor = processor
        self.onEvents = onEvents
    }

    public func prepare(_ spec: ProcessSpec) {
        processor.prepare(spec)
        events = EventBuffer<P.Event>(capacity: processor.maximumEventsPerBlock)
    }

    @inline(__always)
    public func process(_ block: AudioBlock) {
        events.removeAll()
        processor.process(block, events: &events)
        if events.count > 0 { onEvents(events) }
    }

    public func reset() {
        processor.reset()
        events.removeAll()
        events.resetDropped()
    }

    public func finish() {
        events.removeAll()
        processor.finish(events: &events)
        if events.count > 0 { onEvents(events) }
        precondition(events.droppedCount == 0, "processor emitted more than maximumEventsPerBlock")
    }
}
