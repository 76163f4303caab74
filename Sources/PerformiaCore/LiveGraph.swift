/// The audio processing a live session drives: input → analysis → band → synth → stereo output.
///
/// One graph is driven by exactly one runner at a time — `JackSession` from a JACK process
/// callback, or `FastFileDriver` from a file as fast as it can — through the same `render` call,
/// so what is evaluated offline is what plays live.
///
/// Life cycle: `prepare` once (off the audio thread), then any number of `render` calls on the
/// audio thread, then `stop` (off the audio thread, after the last `render` has returned).
///
/// Latency: a graph adds none of its own beyond what its processors declare; the runner adds
/// one block (JACK: the period, 128 frames = 2.7 ms at 48 kHz) between input and output.
public protocol LiveGraph: AnyObject {
    /// Allocates everything; called off the audio thread before start.
    /// - Parameters:
    ///   - sampleRate: Hz, the rate of both input and output.
    ///   - maximumBlockFrames: the largest `frameCount` `render` will be given (≥ 1).
    ///   - inputChannels: 1 or 2, the number of input channel pointers `render` gets.
    func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int)

    /// Real-time: consume `frameCount` input frames (non-interleaved, `inputChannels` pointers),
    /// write the same number of stereo output frames (left, right). `time` = SampleTime of the
    /// block's first input frame since the session started.
    ///
    /// Must be real-time safe: no allocation, no locks, no I/O, no logging, no Swift `async`.
    /// `frameCount` is 0…`maximumBlockFrames`; `time` advances by exactly `frameCount` from one
    /// call to the next, with no gaps (an input underflow delivers silence, not a jump).
    func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime)

    /// Called (off the audio thread) when the session stops for any reason: silence everything
    /// (all notes off). No `render` call runs concurrently with it.
    func stop()
}
