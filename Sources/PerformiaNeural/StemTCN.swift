import PerformiaCore

/// The four-stem separation network of Training/stem_model.py (`StemTCN`): a band-split front end
/// (Luo & Yu, "Music source separation with band-split RNN", 2023) feeding a temporal
/// convolutional network (Davies & Böck 2019) with frame-wise layer norms (Conv-TasNet, Luo &
/// Mesgarani 2019) and Open-Unmix's bottleneck skip into the decoder (Stöter et al. 2019). It maps
/// the magnitudes of an STFT frame to one soft mask per stem, the masks summing to 1 in every bin.
///
/// Per frame t with magnitudes |X_t| (F bins): u = (log(|X_t| + 1e-4) − mean) · scale; per band b
/// (bins [e_b, e_b+1)) z_b = elu(W_b u[e_b..<e_b+1] + c_b); bottleneck h = LN(elu(W z + c));
/// `layerCount` residual blocks h += W_mix elu(conv_i(LN_i(h))) (kernel K, dilation 2^i, causal or
/// centred); g = elu(W_1 [h; bottleneck] + c_1); logits W_2 g + c_2 (stem-major, 4·F); masks: a
/// softmax over the stems in each bin.
///
/// `masks(magnitudes:frameCount:)` runs a whole sequence (offline; allocates per call). A causal
/// file also streams: `prepareStreaming()` gives a `StreamingStemTCN` that allocates nothing per
/// frame. Loading checks the metadata (`model=stem-tcn`, `n_fft`, `hop`, `band_edges`,
/// `band_channels`, `channels`, `kernel`, `layers`, `causal`, `stems`) and every tensor's shape;
/// any mismatch is a `NeuralWeightsError` naming the file.
public struct StemTCN: Sendable {
    /// The stems in the order the masks come, as the file names them (e.g. drums, bass, other, vocals).
    public let stemNames: [String]
    public let fileName: String
    /// The STFT the model was trained on: window length and hop, in samples.
    public let frameSize: Int
    public let hopFrames: Int
    /// First bin of each band and, last, the bin count: `bandEdges.count − 1` bands.
    public let bandEdges: [Int]
    public let bandChannelCount: Int
    public let channelCount: Int
    public let kernelSize: Int
    public let layerCount: Int
    /// Whether the convolutions look only at the past (the model streams) or are centred.
    public let causal: Bool
    let inputMean: [Float]
    let inputScale: [Float]
    let bands: [Dense]
    let bottleneck: Dense
    let norm: LayerNorm
    let blockNorms: [LayerNorm]
    let convolutions: [DilatedConv1D]
    let mixes: [Dense]
    let decoder: (Dense, Dense)

    /// Bins per frame: frameSize / 2 + 1.
    public var binCount: Int { frameSize / 2 + 1 }
    public var stemCount: Int { stemNames.count }
    /// How many frames of input one output depends on: 1 + (K − 1)(2^layers − 1).
    public var receptiveFrames: Int { 1 + (kernelSize - 1) * ((1 << layerCount) - 1) }

    /// Builds the network from `weights`, checking its metadata and every tensor's shape.
    public init(weights: NeuralWeights) throws(NeuralWeightsError) {
        fileName = weights.fileName
        try weights.requireModel("stem-tcn")
        frameSize = try weights.integer("n_fft", in: 16...16384)
        guard frameSize & (frameSize - 1) == 0 else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(key: "n_fft", value: "\(frameSize)", expected: "a power of two"))
        }
        hopFrames = try weights.integer("hop", in: 1...frameSize)
        bandChannelCount = try weights.integer("band_channels", in: 8...1024)
        channelCount = try weights.integer("channels", in: 8...2048)
        kernelSize = try weights.integer("kernel", in: 1...33)
        layerCount = try weights.integer("layers", in: 0...16)
        causal = try weights.integer("causal", in: 0...1) == 1
        for (key, value) in [("band_channels", bandChannelCount), ("channels", channelCount)] where value % 8 != 0 {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(key: key, value: "\(value)", expected: "a multiple of 8"))
        }
        guard causal || kernelSize % 2 == 1 else {
            throw NeuralWeightsError(fileName: fileName, problem: .badMetadataValue(
                key: "kernel", value: "\(kernelSize)", expected: "an odd size for a centred (causal=0) model"))
        }
        let bins = frameSize / 2 + 1
        bandEdges = try Self.edges(weights, binCount: bins)
        stemNames = try Self.stems(weights)
        let (d, c, k) = (bandChannelCount, channelCount, kernelSize)
        inputMean = try weights.tensor("input_mean", shape: [bins])
        inputScale = try weights.tensor("input_scale", shape: [bins])
        var bands: [Dense] = []
        for b in 0..<(bandEdges.count - 1) {
            let width = bandEdges[b + 1] - bandEdges[b]
            bands.append(Dense(weights: try weights.tensor("bands.\(b).weight", shape: [d, width]),
                               bias: try weights.tensor("bands.\(b).bias", shape: [d]), outputCount: d, inputCount: width))
        }
        self.bands = bands
        bottleneck = Dense(weights: try weights.tensor("bottleneck.weight", shape: [c, bands.count * d]),
                           bias: try weights.tensor("bottleneck.bias", shape: [c]), outputCount: c, inputCount: bands.count * d)
        norm = LayerNorm(gamma: try weights.tensor("norm.weight", shape: [c]), beta: try weights.tensor("norm.bias", shape: [c]))
        var blockNorms: [LayerNorm] = [], convolutions: [DilatedConv1D] = [], mixes: [Dense] = []
        for i in 0..<layerCount {
            blockNorms.append(LayerNorm(gamma: try weights.tensor("blocks.\(i).norm.weight", shape: [c]),
                                        beta: try weights.tensor("blocks.\(i).norm.bias", shape: [c])))
            convolutions.append(DilatedConv1D(
                weights: try weights.tensor("blocks.\(i).conv.weight", shape: [c, c, k]),
                bias: try weights.tensor("blocks.\(i).conv.bias", shape: [c]),
                outputCount: c, inputCount: c, kernelSize: k, dilation: 1 << i, causal: causal))
            mixes.append(Dense(weights: try weights.tensor("blocks.\(i).mix.weight", shape: [c, c]),
                               bias: try weights.tensor("blocks.\(i).mix.bias", shape: [c]), outputCount: c, inputCount: c))
        }
        self.blockNorms = blockNorms
        self.convolutions = convolutions
        self.mixes = mixes
        let logits = stemNames.count * bins
        decoder = (Dense(weights: try weights.tensor("dec1.weight", shape: [c, 2 * c]),
                         bias: try weights.tensor("dec1.bias", shape: [c]), outputCount: c, inputCount: 2 * c),
                   Dense(weights: try weights.tensor("dec2.weight", shape: [logits, c]),
                         bias: try weights.tensor("dec2.bias", shape: [logits]), outputCount: logits, inputCount: c))
        let expectedCount = 2 + 2 * bands.count + 4 + 6 * layerCount + 4
        if weights.tensors.count != expectedCount {
            for tensor in weights.tensors where !isExpected(tensor.name) {
                throw NeuralWeightsError(fileName: fileName, problem: .unexpectedTensor(name: tensor.name))
            }
        }
    }

    /// The masks of a whole sequence: `magnitudes` holds `frameCount` frames of `binCount` STFT
    /// magnitudes (frame by frame); the result `frameCount × stemCount × binCount` masks in [0, 1]
    /// (frame, then stem, then bin), summing to 1 over the stems. Causal or centred as the file
    /// says. Allocates its buffers per call (`SequenceStemTCN` keeps them).
    public func masks(magnitudes: [Float], frameCount: Int) -> [Float] {
        precondition(magnitudes.count == frameCount * binCount, "StemTCN: magnitudes are not frameCount × binCount values")
        guard frameCount > 0 else { return [] }
        let sequence = SequenceStemTCN(model: self, capacityFrames: frameCount)
        var masks = [Float](repeating: 0, count: frameCount * stemCount * binCount)
        magnitudes.withUnsafeBufferPointer { x in
            masks.withUnsafeMutableBufferPointer { m in
                sequence.process(magnitudes: x.baseAddress!, frameCount: frameCount, masks: m.baseAddress!)
            }
        }
        return masks
    }

    /// The streaming form of a causal model (the prepare step: allocates everything it needs).
    /// A centred model needs look-ahead and is refused.
    public func prepareStreaming() throws(NeuralWeightsError) -> StreamingStemTCN {
        guard causal else { throw NeuralWeightsError(fileName: fileName, problem: .notCausal) }
        return StreamingStemTCN(model: self)
    }

    /// Buffers for `frameCount` frames of the frame-local layers.
    final class Workspace {
        let features: UnsafeMutablePointer<Float>
        let split: UnsafeMutablePointer<Float>
        /// Rows of 2C: the residual stream h in [0, C), the bottleneck in [C, 2C) (the decoder's
        /// input [h; bottleneck] is one row).
        let rows: UnsafeMutablePointer<Float>
        let block: UnsafeMutablePointer<Float>
        let logits: UnsafeMutablePointer<Float>
        let sizes: [Int]

        init(model: StemTCN, frameCount: Int) {
            sizes = [model.binCount, (model.bands.count) * model.bandChannelCount, 2 * model.channelCount,
                     model.channelCount, model.decoder.1.paddedOutputCount].map { $0 * frameCount }
            features = .allocate(capacity: sizes[0])
            split = .allocate(capacity: sizes[1])
            rows = .allocate(capacity: sizes[2])
            block = .allocate(capacity: sizes[3])
            logits = .allocate(capacity: sizes[4])
            for (buffer, size) in zip([features, split, rows, block, logits], sizes) { buffer.initialize(repeating: 0, count: size) }
        }

        deinit {
            for buffer in [features, split, rows, block, logits] { buffer.deallocate() }
        }
    }

    /// Features, band split and bottleneck of `frameCount` frames into `workspace.rows` (h and the
    /// bottleneck copy). No allocation.
    func encode(magnitudes: UnsafePointer<Float>, frameCount: Int, _ workspace: Workspace) {
        let bins = binCount, c = channelCount, split = bands.count * bandChannelCount
        inputMean.withUnsafeBufferPointer { mean in
            inputScale.withUnsafeBufferPointer { scale in
                for t in 0..<frameCount {
                    let x = magnitudes + t * bins, u = workspace.features + t * bins
                    for f in 0..<bins { u[f] = (Math.log(x[f] + 1e-4) - mean[f]) * scale[f] }
                }
            }
        }
        for b in 0..<bands.count {
            bands[b].apply(input: workspace.features + bandEdges[b], inputStride: bins, output: workspace.split + b * bandChannelCount,
                           outputStride: split, frameCount: frameCount)
        }
        ELU.apply(workspace.split, count: frameCount * split)
        let rows = workspace.rows
        bottleneck.apply(input: workspace.split, inputStride: split, output: rows + c, outputStride: 2 * c, frameCount: frameCount)
        for t in 0..<frameCount { ELU.apply(rows + t * 2 * c + c, count: c) }
        norm.apply(input: rows + c, inputStride: 2 * c, output: rows + c, outputStride: 2 * c, frameCount: frameCount)
        for t in 0..<frameCount { (rows + t * 2 * c).update(from: rows + t * 2 * c + c, count: c) }
    }

    /// Decoder and the softmax over the stems, `workspace.rows` → `masks` (frame, stem, bin). No
    /// allocation.
    func decode(frameCount: Int, _ workspace: Workspace, masks: UnsafeMutablePointer<Float>) {
        let c = channelCount, bins = binCount, stems = stemCount, width = decoder.1.paddedOutputCount
        decoder.0.apply(input: workspace.rows, inputStride: 2 * c, output: workspace.block, outputStride: c, frameCount: frameCount)
        ELU.apply(workspace.block, count: frameCount * c)
        decoder.1.apply(input: workspace.block, inputStride: c, output: workspace.logits, outputStride: width, frameCount: frameCount)
        for t in 0..<frameCount {
            let logits = workspace.logits + t * width, out = masks + t * stems * bins
            for f in 0..<bins {
                var largest = logits[f]
                for s in 1..<stems { largest = max(largest, logits[s * bins + f]) }
                var total: Float = 0
                for s in 0..<stems {
                    let e = Math.exp(logits[s * bins + f] - largest)
                    out[s * bins + f] = e
                    total += e
                }
                let scale = 1 / total
                for s in 0..<stems { out[s * bins + f] *= scale }
            }
        }
    }

    private func isExpected(_ name: String) -> Bool {
        var names = ["input_mean", "input_scale", "bottleneck.weight", "bottleneck.bias", "norm.weight", "norm.bias",
                     "dec1.weight", "dec1.bias", "dec2.weight", "dec2.bias"]
        for b in 0..<bands.count { names += ["bands.\(b).weight", "bands.\(b).bias"] }
        for i in 0..<layerCount {
            for part in ["norm.weight", "norm.bias", "conv.weight", "conv.bias", "mix.weight", "mix.bias"] { names.append("blocks.\(i).\(part)") }
        }
        return names.contains { $0.utf8.elementsEqual(name.utf8) }
    }

    /// `band_edges`: increasing bin indices from 0 to the bin count.
    private static func edges(_ weights: NeuralWeights, binCount: Int) throws(NeuralWeightsError) -> [Int] {
        guard let text = weights.metadata["band_edges"] else {
            throw NeuralWeightsError(fileName: weights.fileName, problem: .missingMetadata(key: "band_edges"))
        }
        var edges: [Int] = [], value = -1
        for byte in text.utf8 + [0x2C] {
            if byte == 0x2C {
                guard value >= 0, edges.last.map({ value > $0 }) ?? (value == 0) else { edges = []; break }
                edges.append(value)
                value = -1
            } else if byte >= 0x30 && byte <= 0x39 && value < binCount {
                value = max(value, 0) * 10 + Int(byte - 0x30)
            } else {
                edges = []
                break
            }
        }
        guard edges.count >= 2, edges.last == binCount else {
            throw NeuralWeightsError(fileName: weights.fileName, problem: .badMetadataValue(
                key: "band_edges", value: text, expected: "increasing bins from 0 to \(binCount), comma-separated"))
        }
        return edges
    }

    /// `stems`: two or more comma-separated names.
    private static func stems(_ weights: NeuralWeights) throws(NeuralWeightsError) -> [String] {
        guard let text = weights.metadata["stems"] else {
            throw NeuralWeightsError(fileName: weights.fileName, problem: .missingMetadata(key: "stems"))
        }
        let names = text.split(separator: ",").map(String.init)
        guard names.count >= 2, names.count == text.split(separator: ",", omittingEmptySubsequences: false).count else {
            throw NeuralWeightsError(fileName: weights.fileName, problem: .badMetadataValue(
                key: "stems", value: text, expected: "two or more comma-separated stem names"))
        }
        return names
    }
}
