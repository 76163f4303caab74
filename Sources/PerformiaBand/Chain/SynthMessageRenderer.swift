import PerformiaCore

/// Renders one block of a synthesiser sample-accurately: the block is rendered in pieces split
/// at each note message's frame, so a note starts where it is stamped (to FluidSynth's own
/// 64-frame grid). Feed the block's messages in time order with `play`, then `finish`.
/// Real-time safe: no allocation.
struct SynthMessageRenderer {
    let output: MutableAudioBlock
    /// Frames of the block rendered so far.
    private var doneFrames = 0

    /// `output`: two channels (left, right).
    init(output: MutableAudioBlock) {
        self.output = output
    }

    /// Renders up to `message`'s frame, then sends it to `synth`.
    mutating func play(_ message: MIDIMessage, on synth: some BandSynthesizer) {
        let offset = min(output.frameCount, max(doneFrames, Int(message.time - output.startTime)))
        render(synth, upTo: offset)
        if message.isNoteOn {
            synth.noteOn(channel: message.channel, pitch: message.pitch, velocity: message.velocity)
        } else {
            synth.noteOff(channel: message.channel, pitch: message.pitch)
        }
    }

    /// Renders the rest of the block.
    mutating func finish(on synth: some BandSynthesizer) {
        render(synth, upTo: output.frameCount)
    }

    private mutating func render(_ synth: some BandSynthesizer, upTo offset: Int) {
        guard offset > doneFrames else { return }
        synth.render(left: output.channel(0).baseAddress! + doneFrames, right: output.channel(1).baseAddress! + doneFrames,
                     frameCount: offset - doneFrames)
        doneFrames = offset
    }
}
