/// An audio processor with taps on its input: each input block goes first to `taps` (analysis:
/// onsets, beats, chords — whose handlers may steer `audio`, e.g. a band scheduling notes on a
/// synth), then through `audio`. The live chain "input → analysis → band → synth → output" is
/// `Tapped(taps: analysis, audio: ParallelChain(Gain(monitor), synth))`.
///
/// Channels and latency are `audio`'s (taps write no audio; their events carry their own
/// `SampleTime`s). `process` is real-time safe as far as the taps and `audio` are. An audio
/// processor has no `finish`: offline, call `finishTaps()` after `OfflineRunner.render` returns
/// (the taps will also have heard the `latencyFrames` of flush silence, stamped after the end).
public final class Tapped<Taps: AudioTap, Audio: AudioProcessor>: AudioProcessor {
    public let taps: Taps
    public let audio: Audio

    public init(taps: Taps, audio: Audio) {
        self.taps = taps
        self.audio = audio
    }

    public var latencyFrames: Int { audio.latencyFrames }
    public var outputChannelCount: Int { audio.outputChannelCount }

    public func prepare(_ spec: ProcessSpec) {
        taps.prepare(spec)
        audio.prepare(spec)
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        taps.process(input)
        audio.process(input: input, output: output)
    }

    public func reset() {
        taps.reset()
        audio.reset()
    }

    /// Flushes the taps' look-ahead at the end of an offline stream.
    public func finishTaps() {
        taps.finish()
    }
}
