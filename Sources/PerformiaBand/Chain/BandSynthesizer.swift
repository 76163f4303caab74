/// What the band graph needs from a synthesiser: General MIDI messages in, stereo audio out,
/// all real-time safe after creation. `FluidSynthRenderer` is the real one.
public protocol BandSynthesizer: AnyObject {
    /// The rate it renders at, Hz: made for the session's rate, and checked against it when
    /// the graph is prepared (a synth at 48 kHz played at 44.1 kHz sounds 147 cents flat).
    var sampleRate: Double { get }
    func programChange(channel: UInt8, program: UInt8)
    func noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8)
    func noteOff(channel: UInt8, pitch: UInt8)
    /// Every note on every channel released (and sustain lifted).
    func allNotesOff()
    /// Adds nothing: writes `frameCount` frames of the synthesiser's output.
    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frameCount: Int)
}
