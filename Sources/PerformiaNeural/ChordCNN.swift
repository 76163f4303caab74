/// The chord network of Training/chord_model.py (`ChordCNN`): a small fully convolutional chord
/// classifier over the semitone band spectrum in the manner of Korzeniowski & Widmer, "A fully
/// convolutional deep auditory model for musical chord recognition" (MLSP 2016), built from the
/// beat network's parts (a frame-wise dense front and dilated residual 1-D convolutions).
///
/// Per frame t of a log band spectrum s (B bands): x_t = (s_t − mean) · scale (per band, stored
/// in the file); one dense ELU layer to C channels; `layerCount` residual blocks, block i a
/// centred dilated convolution (kernel K, dilation 2^i) with ELU, mixed back by a dense 1×1 layer
/// (h += W y + b); then a dense head and a softmax over `classCount` chord classes: 0 = no chord,
/// 1 + 2·root + 0 = major, 1 + 2·root + 1 = minor (root 0 = C).
///
/// Loading checks the metadata (`model=chord-cnn`, `bands`, `channels`, `kernel`, `layers`,
/// `classes`) and every tensor's shape; any mismatch is a `NeuralWeightsError` naming the file.
public struct ChordCNN {
    /// The chord classes: N, then major and minor for each of the 12 roots.
    public static let classCount = 25
    /// The file the weights came from, for messages.
    public let fileName: String
    /// B: spectrum bands per frame.
    public let bandCount: Int
    /// C: channels of the hidden layers.
    public let channelCount: Int
    /// K: taps of each dilated convolution.
    public let kernelSize: Int
    public let layerCount: Int
    let mean: [Float]
    let scale: [Float]
    let front: Dense
    let convolutions: [DilatedConv1D]
    let mixes: [Dense]
    let head: Dense

    /// Builds the network from `weights`, checking its metadata and every tensor's shape.
    public init(weights: NeuralWeights) throws(NeuralWeightsError) {
        fileName = weights.fileName
        try weights.requireModel("chord-cnn")
        bandCount = try weights.integer("bands", in: 1...4096)
        channelCount = try weights.integer("channels", in: 1...1024)
        kernelSize = try weights.integer("kernel", in: 1...33)
        layerCount = try weights.integer("layers", in: 0...16)
        _ = try weights.integer("classes", in: Self.classCount...Self.classCount)
        guard kernelSize % 2 == 1 else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(
                key: "kernel", value: "\(kernelSize)", expected: "an odd size (the convolutions are centred)"))
        }
        let (b, c, k, q) = (bandCount, channelCount, kernelSize, Self.classCount)
        mean = try weights.tensor("norm.mean", shape: [b])
        scale = try weights.tensor("norm.scale", shape: [b])
        front = Dense(weights: try weights.tensor("front.weight", shape: [c, b]),
                      bias: try weights.tensor("front.bias", shape: [c]), outputCount: c, inputCount: b)
        var convolutions: [DilatedConv1D] = [], mixes: [Dense] = []
        for i in 0..<layerCount {
            convolutions.append(DilatedConv1D(
                weights: try weights.tensor("blocks.\(i).conv.weight", shape: [c, c, k]),
                bias: try weights.tensor("blocks.\(i).conv.bias", shape: [c]),
                outputCount: c, inputCount: c, kernelSize: k, dilation: 1 << i, causal: false))
            mixes.append(Dense(weights: try weights.tensor("blocks.\(i).mix.weight", shape: [c, c]),
                               bias: try weights.tensor("blocks.\(i).mix.bias", shape: [c]), outputCount: c, inputCount: c))
        }
        self.convolutions = convolutions
        self.mixes = mixes
        head = Dense(weights: try weights.tensor("head.weight", shape: [q, c]),
                     bias: try weights.tensor("head.bias", shape: [q]), outputCount: q, inputCount: c)
        if weights.tensors.count != 6 + 4 * layerCount {
            for tensor in weights.tensors where !Self.isExpected(tensor.name, layerCount: layerCount) {
                throw NeuralWeightsError(fileName: fileName, problem: .unexpectedTensor(name: tensor.name))
            }
        }
    }

    /// How many frames of input one output depends on: 1 + (K − 1)(2^layers − 1), centred.
    public var receptiveFrames: Int { 1 + (kernelSize - 1) * ((1 << layerCount) - 1) }

    /// The chord-class probabilities of `spectrum` (`frameCount` frames × `bandCount` bands,
    /// row-major): `frameCount` × `classCount` values, row-major, each row summing to 1.
    /// Allocates about (3 + 2 × receptive field / frames) × frames × channels floats.
    public func posteriors(spectrum: [Float], frameCount: Int) -> [Float] {
        precondition(spectrum.count == frameCount * bandCount, "ChordCNN: the spectrum is not frameCount × bandCount values")
        guard frameCount > 0 else { return [] }
        let stride = front.paddedOutputCount
        var past = 0, future = 0
        for convolution in convolutions {
            past = max(past, convolution.pastFrames)
            future = max(future, convolution.futureFrames)
        }
        var input = spectrum
        for t in 0..<frameCount {
            for band in 0..<bandCount {
                input[t * bandCount + band] = (input[t * bandCount + band] - mean[band]) * scale[band]
            }
        }
        var hidden = [Float](repeating: 0, count: (past + frameCount + future) * stride)
        var block = [Float](repeating: 0, count: frameCount * stride)
        let width = head.paddedOutputCount
        var logits = [Float](repeating: 0, count: frameCount * width)
        input.withUnsafeBufferPointer { x in
            hidden.withUnsafeMutableBufferPointer { hiddenBuffer in
                block.withUnsafeMutableBufferPointer { blockBuffer in
                    let h = hiddenBuffer.baseAddress! + past * stride, y = blockBuffer.baseAddress!
                    let count = frameCount * stride
                    front.apply(input: x.baseAddress!, inputStride: bandCount, output: h, outputStride: stride, frameCount: frameCount)
                    ELU.apply(h, count: count)
                    for i in 0..<layerCount {
                        convolutions[i].apply(input: h, inputStride: stride, output: y, outputStride: stride, frameCount: frameCount)
                        ELU.apply(y, count: count)
                        mixes[i].apply(input: y, inputStride: stride, output: h, outputStride: stride, frameCount: frameCount, accumulate: true)
                    }
                    logits.withUnsafeMutableBufferPointer { out in
                        head.apply(input: h, inputStride: stride, output: out.baseAddress!, outputStride: width, frameCount: frameCount)
                    }
                }
            }
        }
        let q = Self.classCount
        var result = [Float](repeating: 0, count: frameCount * q)
        result.withUnsafeMutableBufferPointer { out in
            for t in 0..<frameCount {
                let row = out.baseAddress! + t * q
                for i in 0..<q { row[i] = logits[t * width + i] }
                Softmax.apply(row, count: q)
            }
        }
        return result
    }

    private static func isExpected(_ name: String, layerCount: Int) -> Bool {
        for fixed in ["norm.mean", "norm.scale", "front.weight", "front.bias", "head.weight", "head.bias"]
        where name.utf8.elementsEqual(fixed.utf8) { return true }
        for i in 0..<layerCount {
            for part in ["conv.weight", "conv.bias", "mix.weight", "mix.bias"]
            where name.utf8.elementsEqual("blocks.\(i).\(part)".utf8) { return true }
        }
        return false
    }
}
