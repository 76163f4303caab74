import PerformiaCore

/// Recorded note messages played again by a synthesiser, as an audio-out processor: what a
/// session's band played, rendered off the audio thread into a file (`BandRender`). Each block
/// is split at every message's frame, as the live `BandVoice` does, so the same notes on the same
/// synthesiser give the same audio. Reads no input samples; two output channels; latency 0.
public final class MessagePlayer<Synth: BandSynthesizer>: AudioProcessor {
    public let synth: Synth
    /// In time order.
    public let messages: [MIDIMessage]
    private var next = 0

    public init(synth: Synth, messages: [MIDIMessage]) {
        self.synth = synth
        self.messages = messages
    }

    public var latencyFrames: Int { 0 }
    public var outputChannelCount: Int { 2 }

    public func prepare(_ spec: ProcessSpec) {
        next = 0
    }

    public func process(input: AudioBlock, output: MutableAudioBlock) {
        var renderer = SynthMessageRenderer(output: output)
        let end = output.startTime + SampleTime(output.frameCount)
        while next < messages.count && messages[next].time < end {
            renderer.play(messages[next], on: synth)
            next += 1
        }
        renderer.finish(on: synth)
    }

    /// Back to the first message (the synthesiser's notes are released).
    public func reset() {
        next = 0
        synth.allNotesOff()
    }
}
