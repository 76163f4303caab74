/// A `StemTCN` run over whole sequences of up to `capacityFrames` frames with buffers allocated
/// once: the form of the offline separator, which runs the (centred) model chunk by chunk.
/// Each sequence is padded with zeros at both ends inside the network, as PyTorch's form is.
///
/// `init` allocates about (5 + 2 × receptive field / capacity) × capacity × channels floats;
/// `process` allocates nothing.
public final class SequenceStemTCN {
    public let model: StemTCN
    /// The longest sequence `process` takes, in frames.
    public let capacityFrames: Int
    private let workspace: StemTCN.Workspace
    private let normed: UnsafeMutablePointer<Float>
    private let pastFrames: Int
    private let paddedFrames: Int

    public init(model: StemTCN, capacityFrames: Int) {
        precondition(capacityFrames > 0)
        self.model = model
        self.capacityFrames = capacityFrames
        var past = 0, future = 0
        for convolution in model.convolutions {
            past = max(past, convolution.pastFrames)
            future = max(future, convolution.futureFrames)
        }
        pastFrames = past
        paddedFrames = past + capacityFrames + future
        workspace = StemTCN.Workspace(model: model, frameCount: capacityFrames)
        normed = .allocate(capacity: paddedFrames * model.channelCount)
        normed.initialize(repeating: 0, count: paddedFrames * model.channelCount)
    }

    deinit { normed.deallocate() }

    /// Writes the `frameCount × stemCount × binCount` masks of the `frameCount` frames of
    /// `binCount` magnitudes at `magnitudes` (frame by frame) to `masks`.
    public func process(magnitudes: UnsafePointer<Float>, frameCount: Int, masks: UnsafeMutablePointer<Float>) {
        precondition(frameCount > 0 && frameCount <= capacityFrames, "SequenceStemTCN: more frames than its capacity")
        let c = model.channelCount, rows = workspace.rows, n = normed + pastFrames * c
        // Zeros after the sequence, where a longer earlier one left values.
        (n + frameCount * c).update(repeating: 0, count: (paddedFrames - pastFrames - frameCount) * c)
        model.encode(magnitudes: magnitudes, frameCount: frameCount, workspace)
        for i in 0..<model.layerCount {
            model.blockNorms[i].apply(input: rows, inputStride: 2 * c, output: n, outputStride: c, frameCount: frameCount)
            model.convolutions[i].apply(input: n, inputStride: c, output: workspace.block, outputStride: c, frameCount: frameCount)
            ELU.apply(workspace.block, count: frameCount * c)
            model.mixes[i].apply(input: workspace.block, inputStride: c, output: rows, outputStride: 2 * c,
                                 frameCount: frameCount, accumulate: true)
        }
        model.decode(frameCount: frameCount, workspace, masks: masks)
    }
}
