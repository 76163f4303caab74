/// Two audio processors in series: `first`'s output is `second`'s input. Nest them for longer
/// chains (`SerialChain(a, SerialChain(b, c))`); the generic types specialise, so a chain is as
/// fast as a hand-written loop and compiles in Embedded Swift (the shape of JUCE's
/// `dsp::ProcessorChain`).
///
/// Channels: `second` is prepared with `first.outputChannelCount` input channels; the chain
/// writes `second.outputChannelCount`. Latency: `first.latencyFrames + second.latencyFrames`.
/// One intermediate buffer (`first.outputChannelCount` × maximum block) is allocated in
/// `prepare`; `process` and `reset` are real-time safe.
public final class SerialChain<First: AudioProcessor, Second: AudioProcessor>: AudioProcessor {
    public let first: First
    public let second: Second
    private var intermediate: AudioBuffer?

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public var latencyFrames: Int { first.latencyFrames + second.latencyFrames }
    public var outputChannelCount: Int { second.outputChannelCount }

    public func prepare(_ spec: ProcessSpec) {
        first.prepare(spec)
        var inner = spec
        inner.channelCount = first.outputChannelCount
        second.prepare(inner)
        intermediate = AudioBuffer(channelCount: first.outputChannelCount, capacityFrames: spec.maximumBlockFrames)
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        guard let intermediate else { return }
        let middle = intermediate.mutableBlock(frameCount: input.frameCount, startTime: input.startTime)
        first.process(input: input, output: middle)
        second.process(input: middle.audio, output: output)
    }

    public func reset() {
        first.reset()
        second.reset()
    }
}
