import PerformiaNeural
import Testing

/// The dense layer against y = W x + b summed in Double, and its residual (accumulating) form.
@Suite struct DenseTests {
    @Test(arguments: [(3, 2, 1), (20, 8, 4), (7, 17, 9)])
    func matchesDefinition(inputs: Int, outputs: Int, frames: Int) {
        let weights = DilatedConv1DTests.random(outputs * inputs, seed: 11), bias = DilatedConv1DTests.random(outputs, seed: 12)
        let x = DilatedConv1DTests.random(frames * inputs, seed: 13)
        let dense = Dense(weights: weights, bias: bias, outputCount: outputs, inputCount: inputs)
        let stride = dense.paddedOutputCount
        #expect(stride % 8 == 0 && stride >= outputs && stride < outputs + 8)
        let start = DilatedConv1DTests.random(frames * stride, seed: 14)
        var y = start, sum = start
        x.withUnsafeBufferPointer { input in
            y.withUnsafeMutableBufferPointer { output in
                dense.apply(input: input.baseAddress!, inputStride: inputs, output: output.baseAddress!, outputStride: stride, frameCount: frames)
            }
            sum.withUnsafeMutableBufferPointer { output in
                dense.apply(input: input.baseAddress!, inputStride: inputs, output: output.baseAddress!, outputStride: stride,
                            frameCount: frames, accumulate: true)
            }
        }
        var worst = 0.0
        for t in 0..<frames {
            for o in 0..<stride {
                var expected = 0.0
                if o < outputs {
                    expected = Double(bias[o])
                    for i in 0..<inputs { expected += Double(weights[o * inputs + i]) * Double(x[t * inputs + i]) }
                }
                worst = max(worst, abs(Double(y[t * stride + o]) - expected),
                            abs(Double(sum[t * stride + o]) - expected - Double(start[t * stride + o])))
            }
        }
        #expect(worst < 1e-5, "largest difference \(worst)")
    }
}
