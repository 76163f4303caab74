import PerformiaNeural
import PerformiaTestSupport
import Testing

/// The dilated convolution against its definition summed in Double, centred and causal, with
/// channel counts that are not multiples of 8 and sequence lengths that are not multiples of 4;
/// the streaming form against the causal sequence form.
@Suite struct DilatedConv1DTests {
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
    }

    /// y[t][o] = b[o] + Σ_i Σ_j W[o][i][j] x[t + offset_j][i], zeros outside 0..<frames.
    static func reference(_ x: [Float], frames: Int, inputs: Int, outputs: Int, weights: [Float], bias: [Float],
                          offsets: [Int]) -> [Double] {
        var y = [Double](repeating: 0, count: frames * outputs)
        for t in 0..<frames {
            for o in 0..<outputs {
                var sum = Double(bias[o])
                for (j, offset) in offsets.enumerated() where (0..<frames).contains(t + offset) {
                    for i in 0..<inputs { sum += Double(weights[(o * inputs + i) * offsets.count + j]) * Double(x[(t + offset) * inputs + i]) }
                }
                y[t * outputs + o] = sum
            }
        }
        return y
    }

    @Test(arguments: [(false, 5, 2), (true, 3, 3), (true, 4, 1), (false, 1, 7)])
    func sequenceMatchesDefinition(causal: Bool, kernelSize: Int, dilation: Int) {
        let (inputs, outputs, frames) = (5, 11, 23)
        let weights = Self.random(outputs * inputs * kernelSize, seed: 1), bias = Self.random(outputs, seed: 2)
        let x = Self.random(frames * inputs, seed: 3)
        let conv = DilatedConv1D(weights: weights, bias: bias, outputCount: outputs, inputCount: inputs,
                                 kernelSize: kernelSize, dilation: dilation, causal: causal)
        let half = (kernelSize - 1) / 2 * dilation
        #expect(conv.tapOffsetsFrames == (0..<kernelSize).map { causal ? ($0 - kernelSize + 1) * dilation : $0 * dilation - half })
        #expect(conv.pastFrames == (causal ? (kernelSize - 1) * dilation : half) && conv.futureFrames == (causal ? 0 : half))
        // Input rows of stride 6 with zero rows around them; output rows of stride 16.
        let stride = 6, outputStride = conv.paddedOutputCount
        var padded = [Float](repeating: 0, count: (conv.pastFrames + frames + conv.futureFrames) * stride)
        for t in 0..<frames { for i in 0..<inputs { padded[(conv.pastFrames + t) * stride + i] = x[t * inputs + i] } }
        var y = [Float](repeating: 7, count: frames * outputStride)
        padded.withUnsafeBufferPointer { input in
            y.withUnsafeMutableBufferPointer { output in
                conv.apply(input: input.baseAddress! + conv.pastFrames * stride, inputStride: stride,
                           output: output.baseAddress!, outputStride: outputStride, frameCount: frames)
            }
        }
        let expected = Self.reference(x, frames: frames, inputs: inputs, outputs: outputs, weights: weights, bias: bias,
                                      offsets: conv.tapOffsetsFrames)
        var worst = 0.0
        for t in 0..<frames {
            for o in 0..<outputStride {
                worst = max(worst, abs(Double(y[t * outputStride + o]) - (o < outputs ? expected[t * outputs + o] : 0)))
            }
        }
        #expect(worst < 1e-5, "largest difference \(worst)")
    }

    @Test func streamingEqualsTheCausalSequence() {
        let (channels, frames, kernelSize, dilation) = (9, 40, 3, 4)
        let conv = DilatedConv1D(weights: Self.random(channels * channels * kernelSize, seed: 4), bias: Self.random(channels, seed: 5),
                                 outputCount: channels, inputCount: channels, kernelSize: kernelSize, dilation: dilation, causal: true)
        let x = Self.random(frames * channels, seed: 6)
        let stride = conv.paddedOutputCount
        var sequence = [Float](repeating: 0, count: frames * stride)
        let padded = [Float](repeating: 0, count: conv.pastFrames * channels) + x
        padded.withUnsafeBufferPointer { input in
            sequence.withUnsafeMutableBufferPointer { output in
                conv.apply(input: input.baseAddress! + conv.pastFrames * channels, inputStride: channels,
                           output: output.baseAddress!, outputStride: stride, frameCount: frames)
            }
        }
        let stream = StreamingDilatedConv(conv)
        #expect(stream.lengthFrames == 9)
        var frame = [Float](repeating: 0, count: stride)
        for round in 0..<2 {
            var worst: Float = 0
            var allocations = 0
            x.withUnsafeBufferPointer { input in
                frame.withUnsafeMutableBufferPointer { output in
                    allocations = countAllocations {
                        for t in 0..<frames {
                            stream.process(frame: input.baseAddress! + t * channels, output: output.baseAddress!)
                            for o in 0..<stride { worst = max(worst, abs(output[o] - sequence[t * stride + o])) }
                        }
                    }
                }
            }
            #expect(worst == 0, "round \(round): streaming differs from the sequence by \(worst)")
            #expect(round == 0 || allocations == 0, "process allocated \(allocations) times")
            stream.reset()
        }
    }
}
