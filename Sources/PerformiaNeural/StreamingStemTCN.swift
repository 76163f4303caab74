/// A causal `StemTCN` run one STFT frame at a time, for live separation: each `process` call
/// writes exactly the masks `masks(magnitudes:frameCount:)` gives for that frame of the whole
/// stream.
///
/// Latency: 0 frames of look-ahead — the masks of frame t are known once frame t arrives; the
/// STFT that made the frame adds its own window (`StemTCN.frameSize` − 1 samples for a streaming
/// STFT–ISTFT pair), which the separator declares.
///
/// Made by `StemTCN.prepareStreaming()`, which allocates everything (one ring of past frames per
/// block); `process` and `reset` allocate nothing, take no locks and are real-time safe.
public final class StreamingStemTCN {
    public let model: StemTCN
    /// Frames of look-ahead: 0 (causal).
    public let latencyFrames = 0
    private let rings: [StreamingDilatedConv]
    private let workspace: StemTCN.Workspace
    private let normed: UnsafeMutablePointer<Float>

    init(model: StemTCN) {
        self.model = model
        rings = model.convolutions.map { StreamingDilatedConv($0) }
        workspace = StemTCN.Workspace(model: model, frameCount: 1)
        normed = .allocate(capacity: model.channelCount)
        normed.initialize(repeating: 0, count: model.channelCount)
    }

    deinit { normed.deallocate() }

    /// Reads the next frame's `binCount` magnitudes and writes its `stemCount × binCount` masks
    /// (stem by stem) to `masks`.
    public func process(magnitudes: UnsafePointer<Float>, masks: UnsafeMutablePointer<Float>) {
        let c = model.channelCount
        model.encode(magnitudes: magnitudes, frameCount: 1, workspace)
        for i in 0..<rings.count {
            model.blockNorms[i].apply(input: workspace.rows, inputStride: c, output: normed, outputStride: c, frameCount: 1)
            rings[i].process(frame: normed, output: workspace.block)
            ELU.apply(workspace.block, count: c)
            model.mixes[i].apply(input: workspace.block, inputStride: c, output: workspace.rows, outputStride: 2 * c,
                                 frameCount: 1, accumulate: true)
        }
        model.decode(frameCount: 1, workspace, masks: masks)
    }

    /// Starts a new stream (silence before it again), keeping the allocations.
    public func reset() {
        for i in 0..<rings.count { rings[i].reset() }
    }
}
