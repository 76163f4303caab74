/// The audio-out form of the processor contract (docs/architecture.md, "The processor contract"):
/// separators, effects, the synth. Same life cycle and rules as `Processor`, with audio instead of
/// events as the result.
///
/// Life cycle: `prepare` (the only place that allocates) → any number of `process` calls with
/// blocks of 0…`maximumBlockFrames` frames → `reset` to start again with the same allocations.
///
/// - `prepare(spec)`: `spec.channelCount` is the number of **input** channels; after it,
///   `outputChannelCount` says how many channels the processor writes (a gain writes as many as
///   it reads, a synth may write 2 whatever it reads).
/// - `process(input:output:)`: `output.frameCount == input.frameCount`, both stamped with the
///   same `startTime`, and `output.channelCount == outputChannelCount`. Output frame `t` is the
///   processor's answer to input frame `t − latencyFrames`. Runners never pass overlapping
///   memory for `input` and `output`. Real-time safe: no allocation, no locks, no I/O, no
///   `async`, no logging.
/// - There is no `finish`: at the end of an offline stream the runner flushes look-ahead by
///   feeding `latencyFrames` of silence and drops the first `latencyFrames` of output, so the
///   rendered file is aligned with the input and has its length (`OfflineRunner.render`).
///
/// `AudioProcessorVerifier` (PerformiaTestSupport) checks every conforming type for block-size
/// independence of the samples, reset, the declared latency (an impulse) and zero allocations.
public protocol AudioProcessor: AnyObject {
    /// How many frames later the output answers the input (0 for a gain; the delay of a delay
    /// line; frameSize − 1 for a streaming STFT→ISTFT). Valid after `prepare`; constant until the
    /// next `prepare`.
    var latencyFrames: Int { get }

    /// Channels `process` writes. Valid after `prepare`.
    var outputChannelCount: Int { get }

    /// Allocates everything the processor needs for `spec` and resets its state.
    func prepare(_ spec: ProcessSpec)

    /// Reads `input` and writes every sample of `output` (same frame count and start time).
    /// Real-time safe.
    func process(input: AudioBlock, output: MutableAudioBlock)

    /// Returns to the state right after `prepare`, keeping allocations. Real-time safe.
    func reset()
}
