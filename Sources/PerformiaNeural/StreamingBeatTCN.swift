/// A causal `BeatTCN` run one spectrum frame at a time, for live use: each `process` call returns
/// exactly what `activations(spectrum:frameCount:)` gives for that frame of the whole stream.
///
/// Latency: 0 frames of look-ahead — the activation of frame t is known once frame t arrives.
/// The spectrum frame itself carries the latency of the STFT that made it (its window's centre
/// lies half a window before its last sample), which the caller accounts for.
///
/// Made by `BeatTCN.prepareStreaming()`, which allocates everything (one ring of past frames per
/// block); `process` and `reset` allocate nothing, take no locks and are real-time safe.
public final class StreamingBeatTCN {
    public let model: BeatTCN
    /// Frames of look-ahead: 0 (causal).
    public let latencyFrames = 0
    private let rings: [StreamingDilatedConv]
    private let stride: Int
    private let previous: UnsafeMutablePointer<Float>
    private let input: UnsafeMutablePointer<Float>
    private let front: UnsafeMutablePointer<Float>
    private let hidden: UnsafeMutablePointer<Float>
    private let block: UnsafeMutablePointer<Float>
    private let logits: UnsafeMutablePointer<Float>
    private var started = false

    init(model: BeatTCN) {
        self.model = model
        rings = model.convolutions.map { StreamingDilatedConv($0) }
        stride = model.front.0.paddedOutputCount
        previous = .allocate(capacity: model.bandCount)
        input = .allocate(capacity: 2 * model.bandCount)
        front = .allocate(capacity: stride)
        hidden = .allocate(capacity: stride)
        block = .allocate(capacity: stride)
        logits = .allocate(capacity: model.head.paddedOutputCount)
        for buffer in [front, hidden, block] { buffer.initialize(repeating: 0, count: stride) }
        previous.initialize(repeating: 0, count: model.bandCount)
        input.initialize(repeating: 0, count: 2 * model.bandCount)
        logits.initialize(repeating: 0, count: model.head.paddedOutputCount)
    }

    deinit {
        for buffer in [previous, input, front, hidden, block, logits] { buffer.deallocate() }
    }

    /// The beat and downbeat activations of the next frame, `frame` pointing at its `bandCount`
    /// log band values.
    public func process(frame: UnsafePointer<Float>) -> (beat: Float, downbeat: Float) {
        let bands = model.bandCount
        if !started { previous.update(from: frame, count: bands) }
        started = true
        for band in 0..<bands {
            input[band] = frame[band]
            input[bands + band] = max(0, frame[band] - previous[band])
        }
        previous.update(from: frame, count: bands)
        model.front.0.apply(input: input, inputStride: 2 * bands, output: front, outputStride: stride, frameCount: 1)
        ELU.apply(front, count: stride)
        model.front.1.apply(input: front, inputStride: stride, output: hidden, outputStride: stride, frameCount: 1)
        ELU.apply(hidden, count: stride)
        for i in 0..<rings.count {
            rings[i].process(frame: hidden, output: block)
            ELU.apply(block, count: stride)
            model.mixes[i].apply(input: block, inputStride: stride, output: hidden, outputStride: stride, frameCount: 1, accumulate: true)
        }
        model.head.apply(input: hidden, inputStride: stride, output: logits, outputStride: model.head.paddedOutputCount, frameCount: 1)
        return (Sigmoid.value(logits[0]), Sigmoid.value(logits[1]))
    }

    /// Starts a new stream (silence before it again), keeping the allocations.
    public func reset() {
        for i in 0..<rings.count { rings[i].reset() }
        started = false
    }
}
