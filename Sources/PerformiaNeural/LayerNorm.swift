/// Layer normalisation over the channels of one frame (Ba, Kiros & Hinton 2016), as PyTorch's
/// `nn.LayerNorm(channels)` applied to `[…, channels]`: y = γ (x − mean x) / √(var x + ε) + β,
/// the variance biased (divided by the channel count), ε = 1e-5. Frame-wise, so causal: the
/// channel-wise norm of Conv-TasNet (Luo & Mesgarani 2019). `apply` allocates nothing.
public struct LayerNorm: Sendable {
    public let channelCount: Int
    public let epsilon: Float
    let gamma: [Float]
    let beta: [Float]

    /// `gamma` and `beta`: `channelCount` values each (PyTorch's `weight` and `bias`).
    public init(gamma: [Float], beta: [Float], epsilon: Float = 1e-5) {
        precondition(gamma.count == beta.count && !gamma.isEmpty, "LayerNorm: gamma and beta differ in length")
        channelCount = gamma.count
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
    }

    /// Normalises `frameCount` frames of `channelCount` values, frame t read at
    /// `input + t·inputStride` and written at `output + t·outputStride` (the same memory is fine).
    public func apply(input: UnsafePointer<Float>, inputStride: Int, output: UnsafeMutablePointer<Float>, outputStride: Int,
                      frameCount: Int) {
        precondition(inputStride >= channelCount && outputStride >= channelCount)
        let count = Float(channelCount)
        gamma.withUnsafeBufferPointer { g in
            beta.withUnsafeBufferPointer { b in
                for t in 0..<frameCount {
                    let x = input + t * inputStride, y = output + t * outputStride
                    var sum: Float = 0
                    for c in 0..<channelCount { sum += x[c] }
                    let mean = sum / count
                    var squares: Float = 0
                    for c in 0..<channelCount {
                        let d = x[c] - mean
                        squares += d * d
                    }
                    let scale = 1 / (squares / count + epsilon).squareRoot()
                    for c in 0..<channelCount { y[c] = g[c] * (x[c] - mean) * scale + b[c] }
                }
            }
        }
    }
}
