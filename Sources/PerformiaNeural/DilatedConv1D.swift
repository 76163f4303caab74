/// A dilated 1-D convolution over time (as in WaveNet and the TCNs of Davies & Böck 2019):
/// y_t = b + Σ_j W_j x_{t + o_j·dilation}, with W_j = W[:, :, j] of PyTorch's `nn.Conv1d` weights
/// `[outputCount, inputCount, kernelSize]` and offsets o_j either centred, −(K−1)/2 … (K−1)/2
/// (K odd), or causal, −(K−1) … 0. Frames outside the sequence count as zeros.
///
/// This is the whole-sequence form; `StreamingDilatedConv` is the causal frame-by-frame one.
/// Outputs are written `paddedOutputCount` wide (a multiple of 8, the padding 0). `apply`
/// allocates nothing.
public struct DilatedConv1D: Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let kernelSize: Int
    public let dilation: Int
    public let causal: Bool
    /// o_j·dilation for each tap j, in frames (negative: the past).
    public let tapOffsetsFrames: [Int]
    let weights: [SIMD8<Float>]
    let bias: [SIMD8<Float>]

    /// `weights`: `outputCount × inputCount × kernelSize` values, row-major; `bias`: `outputCount`.
    public init(weights: [Float], bias: [Float], outputCount: Int, inputCount: Int, kernelSize: Int,
                dilation: Int, causal: Bool) {
        precondition(weights.count == outputCount * inputCount * kernelSize && bias.count == outputCount,
                     "DilatedConv1D: weights do not match the shape")
        precondition(kernelSize >= 1 && dilation >= 1 && (causal || kernelSize % 2 == 1), "DilatedConv1D: a centred kernel has an odd size")
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.kernelSize = kernelSize
        self.dilation = dilation
        self.causal = causal
        let first = causal ? -(kernelSize - 1) : -(kernelSize - 1) / 2
        tapOffsetsFrames = (0..<kernelSize).map { (first + $0) * dilation }
        (self.weights, self.bias) = LinearKernel.pack(weights: weights, bias: bias, outputCount: outputCount,
                                                      inputCount: inputCount, tapCount: kernelSize)
    }

    /// How many frames before frame t the output at t reads.
    public var pastFrames: Int { -tapOffsetsFrames[0] }
    /// How many frames after frame t the output at t reads (0 when causal).
    public var futureFrames: Int { tapOffsetsFrames[kernelSize - 1] }
    /// `outputCount` rounded up to a multiple of 8: the width `apply` writes.
    public var paddedOutputCount: Int { 8 * LinearKernel.chunks(outputCount) }

    /// The convolution of a sequence of `frameCount` frames. x_t is at `input + t·inputStride`,
    /// and the rows −pastFrames…−1 and frameCount…frameCount+futureFrames−1 around it must be
    /// readable and hold zeros (the sequence's zero padding); y_t goes to `output + t·outputStride`.
    public func apply(input: UnsafePointer<Float>, inputStride: Int, output: UnsafeMutablePointer<Float>,
                      outputStride: Int, frameCount: Int) {
        precondition(outputStride >= paddedOutputCount && inputStride >= inputCount)
        tapOffsetsFrames.withUnsafeBufferPointer { taps in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    LinearKernel.apply(input: input, inputStride: inputStride, inputCount: inputCount,
                                       tapOffsetsFrames: taps, weights: w.baseAddress!, bias: b.baseAddress!,
                                       chunkCount: b.count, output: output, outputStride: outputStride,
                                       frameCount: frameCount, accumulate: false)
                }
            }
        }
    }
}
