/// Mixes every input channel into one: the mean of the channels, with samples that are not
/// finite (NaN, ±infinity: a broken device or file) taken as 0 (`AudioBlock.mixDown`). One output
/// channel. Latency 0 frames. Causal; `process` is real-time safe.
///
/// The live monitor path is `SerialChain(MixDown(), Gain(gain: monitorGain))`; a stereo chain
/// after it (`ParallelChain` with the synth) spreads the mono signal to both sides.
public final class MixDown: AudioProcessor {
    public var latencyFrames: Int { 0 }
    public var outputChannelCount: Int { 1 }

    public init() {}

    public func prepare(_ spec: ProcessSpec) {}

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        guard input.frameCount > 0 else { return }
        input.mixDown(into: output.channel(0).baseAddress!)
    }

    public func reset() {}
}
