/// An event a processor emits, stamped with the absolute `SampleTime` of the musical moment it
/// describes (an onset, a beat), not the time it was emitted.
public protocol TimedEvent {
    var time: SampleTime { get }
}
