/// The one contract for everything that touches audio, offline and live (docs/architecture.md §2).
///
/// Life cycle: `prepare` (the only place that allocates) → any number of `process` calls with
/// blocks of 0…`maximumBlockFrames` frames → `finish` at the end of an offline stream, or
/// `reset` to start again with the same allocations.
///
/// Real-time rules for `process`: no allocation, no locks, no I/O, no `async`, no logging.
/// `ProcessorVerifier` (PerformiaTestSupport) checks every conforming type for block-size
/// independence, reset, declared latency and zero allocations.
public protocol Processor: AnyObject {
    associatedtype Event: TimedEvent

    /// How many frames after the musical moment the processor's event or output for it appears.
    /// Valid after `prepare`.
    var latencyFrames: Int { get }

    /// The most events one `process` or `finish` call can emit for blocks up to the prepared
    /// maximum. Valid after `prepare`; runners size their `EventBuffer` with it.
    var maximumEventsPerBlock: Int { get }

    /// Allocates everything the processor needs for `spec` and resets its state.
    func prepare(_ spec: ProcessSpec)

    /// Consumes `block` and appends the events it completes. Real-time safe.
    func process(_ block: AudioBlock, events: inout EventBuffer<Event>)

    /// Returns to the state right after `prepare`, keeping allocations. Real-time safe.
    func reset()

    /// Flushes look-ahead at the end of a stream (offline only): emits the events that need
    /// input after the last frame, as if the stream continued with silence.
    func finish(events: inout EventBuffer<Event>)
}
