/// A note the band plays, in musical time: its onset counted in beats from the performance's
/// first beat (fractional: 2.5 is the off-beat after beat 2). The conductor turns beats into
/// sample times on the predicted beat grid, so a note is placed by where the music will be, not
/// by when it was decided.
public struct BandNote: Sendable, Equatable {
    /// Onset, in beats from the first beat of the performance.
    public var beat: Double
    /// Length, in beats.
    public var lengthBeats: Double
    /// MIDI channel 0…15 (`BandPart.channel`; 9 is General MIDI percussion).
    public var channel: UInt8
    /// MIDI note number.
    public var pitch: UInt8
    /// MIDI velocity 1…127.
    public var velocity: UInt8

    public init(beat: Double, lengthBeats: Double, channel: UInt8, pitch: UInt8, velocity: UInt8) {
        self.beat = beat
        self.lengthBeats = lengthBeats
        self.channel = channel
        self.pitch = pitch
        self.velocity = velocity
    }
}
