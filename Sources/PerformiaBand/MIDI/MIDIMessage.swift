import PerformiaCore

/// A note-on or note-off at a SampleTime, ready for a synthesiser.
public struct MIDIMessage: Sendable, Equatable {
    public var time: SampleTime
    public var channel: UInt8
    public var pitch: UInt8
    /// 1…127 for a note-on, 0 for a note-off.
    public var velocity: UInt8

    public init(time: SampleTime, channel: UInt8, pitch: UInt8, velocity: UInt8) {
        self.time = time
        self.channel = channel
        self.pitch = pitch
        self.velocity = velocity
    }

    public var isNoteOn: Bool { velocity > 0 }
}
