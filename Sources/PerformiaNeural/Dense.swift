/// A fully connected layer, y = W x + b, with W row-major `[outputCount, inputCount]` (PyTorch's
/// `nn.Linear` layout), applied to every frame of a sequence (a 1×1 convolution over time).
///
/// Outputs are written `paddedOutputCount` wide (a multiple of 8, the padding 0), so an output
/// row's stride must be at least that. `apply` allocates nothing and is real-time safe.
public struct Dense: Sendable {
    public let inputCount: Int
    public let outputCount: Int
    let weights: [SIMD8<Float>]
    let bias: [SIMD8<Float>]

    /// `weights`: `outputCount × inputCount` values, row-major; `bias`: `outputCount` values.
    public init(weights: [Float], bias: [Float], outputCount: Int, inputCount: Int) {
        precondition(weights.count == outputCount * inputCount && bias.count == outputCount, "Dense: weights do not match the shape")
        self.inputCount = inputCount
        self.outputCount = outputCount
        (self.weights, self.bias) = LinearKernel.pack(weights: weights, bias: bias, outputCount: outputCount,
                                                      inputCount: inputCount, tapCount: 1)
    }

    /// `outputCount` rounded up to a multiple of 8: the width `apply` writes.
    public var paddedOutputCount: Int { 8 * LinearKernel.chunks(outputCount) }

    /// y_t = W x_t + b for `frameCount` frames; x_t at `input + t·inputStride`, y_t at
    /// `output + t·outputStride`. With `accumulate`, y_t += W x_t + b instead (a residual).
    public func apply(input: UnsafePointer<Float>, inputStride: Int, output: UnsafeMutablePointer<Float>,
                      outputStride: Int, frameCount: Int, accumulate: Bool = false) {
        precondition(outputStride >= paddedOutputCount && inputStride >= inputCount)
        withUnsafePointer(to: 0) { zero in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    LinearKernel.apply(input: input, inputStride: inputStride, inputCount: inputCount,
                                       tapOffsetsFrames: UnsafeBufferPointer(start: zero, count: 1),
                                       weights: w.baseAddress!, bias: b.baseAddress!, chunkCount: b.count,
                                       output: output, outputStride: outputStride, frameCount: frameCount, accumulate: accumulate)
                }
            }
        }
    }
}
