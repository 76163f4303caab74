/// Two audio processors side by side on the same input, their outputs summed, with delay
/// compensation: the branch with less latency is delayed by a `Delay` (allocated in `prepare`) so
/// that both answer the same input frame at the same output frame. Nest for more branches.
///
/// Channels: each branch is prepared with the input's channels; the chain writes the larger of
/// the two `outputChannelCount`s, and a branch with fewer channels is spread over them (its
/// channel `c % count` feeds output channel `c`: a mono branch reaches every channel). Latency:
/// the larger branch latency. Two branch buffers are allocated in `prepare`; `process` and
/// `reset` are real-time safe.
///
/// Typical use: the live output, where the player's input (a `Gain`, latency 0) is mixed with
/// the synth (latency of the synth) and the input is delayed to stay in time with it.
public final class ParallelChain<First: AudioProcessor, Second: AudioProcessor>: AudioProcessor {
    public let first: First
    public let second: Second
    private var firstBuffer: AudioBuffer?
    private var secondBuffer: AudioBuffer?
    private var firstCompensation = Delay(delayFrames: 0)
    private var secondCompensation = Delay(delayFrames: 0)
    public private(set) var outputChannelCount = 1

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public var latencyFrames: Int { max(first.latencyFrames, second.latencyFrames) }

    public func prepare(_ spec: ProcessSpec) {
        first.prepare(spec)
        second.prepare(spec)
        let latency = latencyFrames
        firstCompensation = Delay(delayFrames: latency - first.latencyFrames)
        secondCompensation = Delay(delayFrames: latency - second.latencyFrames)
        var firstSpec = spec, secondSpec = spec
        firstSpec.channelCount = first.outputChannelCount
        secondSpec.channelCount = second.outputChannelCount
        firstCompensation.prepare(firstSpec)
        secondCompensation.prepare(secondSpec)
        firstBuffer = AudioBuffer(channelCount: first.outputChannelCount, capacityFrames: spec.maximumBlockFrames)
        secondBuffer = AudioBuffer(channelCount: second.outputChannelCount, capacityFrames: spec.maximumBlockFrames)
        outputChannelCount = max(first.outputChannelCount, second.outputChannelCount)
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        guard let firstBuffer, let secondBuffer else { return }
        let a = firstBuffer.mutableBlock(frameCount: input.frameCount, startTime: input.startTime)
        let b = secondBuffer.mutableBlock(frameCount: input.frameCount, startTime: input.startTime)
        first.process(input: input, output: a)
        second.process(input: input, output: b)
        firstCompensation.processInPlace(a)
        secondCompensation.processInPlace(b)
        for c in 0..<outputChannelCount {
            let x = a.channel(c % a.channelCount), y = b.channel(c % b.channelCount), z = output.channel(c)
            for i in 0..<input.frameCount { z[i] = x[i] + y[i] }
        }
    }

    public func reset() {
        first.reset()
        second.reset()
        firstCompensation.reset()
        secondCompensation.reset()
    }
}
