/// The beat and downbeat network of Training/beat_model.py (`BeatTCN`): a multi-task temporal
/// convolutional network in the manner of Davies & Böck, "Temporal convolutional networks for
/// musical audio beat tracking" (EUSIPCO 2019) and Böck & Davies, "Deconstruct, analyse,
/// reconstruct: how to improve tempo, beat, and downbeat estimation" (ISMIR 2020).
///
/// Per frame t of a log band spectrum s (B bands): x_t = [s_t, max(0, s_t − s_{t−1})] (s_{−1} = s_0);
/// two dense ELU layers to C channels; `layerCount` residual blocks, block i a dilated
/// convolution (kernel K, dilation 2^i, centred or causal) with ELU, mixed back by a dense 1×1
/// layer (h += W y + b); then beat and downbeat activations in (0, 1) by two sigmoid heads.
///
/// `activations(spectrum:frameCount:)` runs a whole song (offline; allocates its buffers per
/// call). A causal file also streams: `prepareStreaming()` gives a `StreamingBeatTCN` that
/// processes one spectrum frame at a time without allocating. Loading checks the metadata
/// (`model=beat-tcn`, `bands`, `channels`, `kernel`, `layers`, `causal`) and every tensor's shape;
/// any mismatch is a `NeuralWeightsError` naming the file.
public struct BeatTCN {
    /// The file the weights came from, for messages.
    public let fileName: String
    /// B: spectrum bands per frame.
    public let bandCount: Int
    /// C: channels of the hidden layers.
    public let channelCount: Int
    /// K: taps of each dilated convolution.
    public let kernelSize: Int
    public let layerCount: Int
    /// Whether the convolutions look only at the past (the model streams) or are centred.
    public let causal: Bool
    let front: (Dense, Dense)
    let convolutions: [DilatedConv1D]
    let mixes: [Dense]
    let head: Dense

    /// Builds the network from `weights`, checking its metadata and every tensor's shape.
    public init(weights: NeuralWeights) throws(NeuralWeightsError) {
        fileName = weights.fileName
        try weights.requireModel("beat-tcn")
        bandCount = try weights.integer("bands", in: 1...4096)
        channelCount = try weights.integer("channels", in: 1...1024)
        kernelSize = try weights.integer("kernel", in: 1...33)
        layerCount = try weights.integer("layers", in: 0...16)
        causal = try weights.integer("causal", in: 0...1) == 1
        guard causal || kernelSize % 2 == 1 else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(
                key: "kernel", value: "\(kernelSize)", expected: "an odd size for a centred (causal=0) model"))
        }
        let (b, c, k) = (bandCount, channelCount, kernelSize)
        front = (Dense(weights: try weights.tensor("front.0.weight", shape: [c, 2 * b]),
                       bias: try weights.tensor("front.0.bias", shape: [c]), outputCount: c, inputCount: 2 * b),
                 Dense(weights: try weights.tensor("front.1.weight", shape: [c, c]),
                       bias: try weights.tensor("front.1.bias", shape: [c]), outputCount: c, inputCount: c))
        var convolutions: [DilatedConv1D] = [], mixes: [Dense] = []
        for i in 0..<layerCount {
            convolutions.append(DilatedConv1D(
                weights: try weights.tensor("blocks.\(i).conv.weight", shape: [c, c, k]),
                bias: try weights.tensor("blocks.\(i).conv.bias", shape: [c]),
                outputCount: c, inputCount: c, kernelSize: k, dilation: 1 << i, causal: causal))
            mixes.append(Dense(weights: try weights.tensor("blocks.\(i).mix.weight", shape: [c, c]),
                               bias: try weights.tensor("blocks.\(i).mix.bias", shape: [c]), outputCount: c, inputCount: c))
        }
        self.convolutions = convolutions
        self.mixes = mixes
        head = Dense(weights: try weights.tensor("head.weight", shape: [2, c]),
                     bias: try weights.tensor("head.bias", shape: [2]), outputCount: 2, inputCount: c)
        let expectedCount = 6 + 4 * layerCount
        if weights.tensors.count != expectedCount {
            for tensor in weights.tensors where !Self.isExpected(tensor.name, layerCount: layerCount) {
                throw NeuralWeightsError(fileName: fileName, problem: .unexpectedTensor(name: tensor.name))
            }
        }
    }

    /// How many frames of input one output depends on: 1 + (K − 1)(2^layers − 1).
    public var receptiveFrames: Int { 1 + (kernelSize - 1) * ((1 << layerCount) - 1) }

    /// The beat and downbeat activations (in (0, 1), one per frame) of `spectrum`, `frameCount`
    /// frames × `bandCount` bands, row-major (frame by frame). Centred or causal as the file says.
    /// Allocates about (3 + 2 × receptive field / frames) × frames × channels floats.
    public func activations(spectrum: [Float], frameCount: Int) -> (beat: [Float], downbeat: [Float]) {
        precondition(spectrum.count == frameCount * bandCount, "BeatTCN: the spectrum is not frameCount × bandCount values")
        guard frameCount > 0 else { return ([], []) }
        let stride = front.0.paddedOutputCount
        var past = 0, future = 0
        for convolution in convolutions {
            past = max(past, convolution.pastFrames)
            future = max(future, convolution.futureFrames)
        }
        let input = Self.networkInput(spectrum, frameCount: frameCount, bandCount: bandCount)
        var hidden = [Float](repeating: 0, count: (past + frameCount + future) * stride)
        var block = [Float](repeating: 0, count: frameCount * stride)
        var logits = [Float](repeating: 0, count: frameCount * head.paddedOutputCount)
        input.withUnsafeBufferPointer { x in
            hidden.withUnsafeMutableBufferPointer { hiddenBuffer in
                block.withUnsafeMutableBufferPointer { blockBuffer in
                    let h = hiddenBuffer.baseAddress! + past * stride, y = blockBuffer.baseAddress!
                    let count = frameCount * stride
                    front.0.apply(input: x.baseAddress!, inputStride: 2 * bandCount, output: y, outputStride: stride, frameCount: frameCount)
                    ELU.apply(y, count: count)
                    front.1.apply(input: y, inputStride: stride, output: h, outputStride: stride, frameCount: frameCount)
                    ELU.apply(h, count: count)
                    for i in 0..<layerCount {
                        convolutions[i].apply(input: h, inputStride: stride, output: y, outputStride: stride, frameCount: frameCount)
                        ELU.apply(y, count: count)
                        mixes[i].apply(input: y, inputStride: stride, output: h, outputStride: stride, frameCount: frameCount, accumulate: true)
                    }
                    logits.withUnsafeMutableBufferPointer { out in
                        head.apply(input: h, inputStride: stride, output: out.baseAddress!, outputStride: head.paddedOutputCount,
                                   frameCount: frameCount)
                    }
                }
            }
        }
        let width = head.paddedOutputCount
        return ((0..<frameCount).map { Sigmoid.value(logits[$0 * width]) },
                (0..<frameCount).map { Sigmoid.value(logits[$0 * width + 1]) })
    }

    /// The streaming form of a causal model (the prepare step: allocates everything it needs).
    /// A centred model needs look-ahead and is refused.
    public func prepareStreaming() throws(NeuralWeightsError) -> StreamingBeatTCN {
        guard causal else { throw NeuralWeightsError(fileName: fileName, problem: .notCausal) }
        return StreamingBeatTCN(model: self)
    }

    /// [T, B] → [T, 2B]: each frame and its positive difference from the frame before.
    static func networkInput(_ spectrum: [Float], frameCount: Int, bandCount: Int) -> [Float] {
        var input = [Float](repeating: 0, count: frameCount * 2 * bandCount)
        for t in 0..<frameCount {
            let previous = max(t - 1, 0)
            for band in 0..<bandCount {
                let value = spectrum[t * bandCount + band]
                input[2 * t * bandCount + band] = value
                input[(2 * t + 1) * bandCount + band] = max(0, value - spectrum[previous * bandCount + band])
            }
        }
        return input
    }

    private static func isExpected(_ name: String, layerCount: Int) -> Bool {
        for fixed in ["front.0.weight", "front.0.bias", "front.1.weight", "front.1.bias", "head.weight", "head.bias"]
        where name.utf8.elementsEqual(fixed.utf8) { return true }
        for i in 0..<layerCount {
            for part in ["conv.weight", "conv.bias", "mix.weight", "mix.bias"]
            where name.utf8.elementsEqual("blocks.\(i).\(part)".utf8) { return true }
        }
        return false
    }
}
