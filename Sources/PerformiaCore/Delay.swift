/// A fixed delay of `delayFrames` frames on every channel: output frame `t` is input frame
/// `t − delayFrames` (silence before the stream began). As many output channels as input
/// channels. Latency `delayFrames`. Chains use it to delay-compensate parallel branches.
///
/// Storage (`delayFrames` samples per channel, a ring) is allocated in `prepare`; `process`,
/// `processInPlace` and `reset` are real-time safe.
public final class Delay: AudioProcessor {
    /// The delay, in frames (≥ 0).
    public let delayFrames: Int
    public private(set) var outputChannelCount = 1
    public var latencyFrames: Int { delayFrames }

    private var ring: UnsafeMutablePointer<Float>?
    private var ringChannels = 0
    private var writeIndex = 0

    /// - Parameter delayFrames: the delay in frames, ≥ 0.
    public init(delayFrames: Int) {
        precondition(delayFrames >= 0)
        self.delayFrames = delayFrames
    }

    deinit { ring?.deallocate() }

    public func prepare(_ spec: ProcessSpec) {
        outputChannelCount = spec.channelCount
        ring?.deallocate()
        ringChannels = spec.channelCount
        let capacity = max(1, delayFrames * ringChannels)
        ring = .allocate(capacity: capacity)
        ring!.initialize(repeating: 0, count: capacity)
        writeIndex = 0
    }

    public func reset() {
        ring?.update(repeating: 0, count: max(1, delayFrames * ringChannels))
        writeIndex = 0
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        run(channels: outputChannelCount, frameCount: input.frameCount,
            source: { input.channel($0) }, target: { output.channel($0) })
    }

    /// Delays `block` in place (its first `outputChannelCount` channels). Real-time safe.
    @inline(__always)
    public func processInPlace(_ block: MutableAudioBlock) {
        run(channels: min(outputChannelCount, block.channelCount), frameCount: block.frameCount,
            source: { block.channel($0) }, target: { block.channel($0) })
    }

    @inline(__always)
    private func run(channels: Int, frameCount: Int,
                     source: (Int) -> UnsafeMutableBufferPointer<Float>,
                     target: (Int) -> UnsafeMutableBufferPointer<Float>) {
        guard let ring, frameCount > 0 else { return }
        if delayFrames == 0 {
            for c in 0..<channels {
                let s = source(c), t = target(c)
                if s.baseAddress != t.baseAddress { for i in 0..<frameCount { t[i] = s[i] } }
            }
            return
        }
        for c in 0..<channels {
            let s = source(c), t = target(c)
            let line = ring + c * delayFrames
            var index = writeIndex
            for i in 0..<frameCount {
                let x = s[i]           // read first: `source` and `target` may be the same memory
                t[i] = line[index]
                line[index] = x
                index += 1
                if index == delayFrames { index = 0 }
            }
        }
        writeIndex = (writeIndex + frameCount) % delayFrames
    }
}
