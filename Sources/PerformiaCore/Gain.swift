/// Multiplies every sample by a fixed linear `gain` (1 = unchanged, 0 = silence; a level in dB
/// is `10^(dB/20)`). As many output channels as input channels. Latency 0 frames. Causal.
/// `process` is real-time safe; `gain` may be changed between `process` calls (it takes effect
/// at the next block, without smoothing).
public final class Gain: AudioProcessor {
    /// Linear amplitude factor.
    public var gain: Float
    public private(set) var outputChannelCount = 1
    public var latencyFrames: Int { 0 }

    public init(gain: Float = 1) {
        self.gain = gain
    }

    public func prepare(_ spec: ProcessSpec) {
        outputChannelCount = spec.channelCount
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        let g = gain
        for c in 0..<outputChannelCount {
            let source = input.channel(c), target = output.channel(c)
            for i in 0..<input.frameCount { target[i] = source[i] * g }
        }
    }

    public func reset() {}
}
