/// The one inner loop of `Dense` and `DilatedConv1D`: for frames t in 0..<frameCount,
/// y_t = b + Σ_tap W_tap · x_{t + tapOffsetsFrames[tap]} (added to y_t when `accumulate`).
///
/// Rows are frames: x_t starts at `input + t·inputStride`, y_t at `output + t·outputStride`.
/// Weights are packed `[tap][input][output chunk]` as `SIMD8<Float>` with the outputs padded to
/// `8·chunkCount` by zeros, so the padded outputs come out 0 (or unchanged when accumulating) and
/// `outputStride` must be at least `8·chunkCount`. Four frames are computed together so each
/// weight vector loaded serves four frames and eight independent sums hide the adds' latency.
/// No allocation.
enum LinearKernel {
    static func apply(input: UnsafePointer<Float>, inputStride: Int, inputCount: Int,
                      tapOffsetsFrames: UnsafeBufferPointer<Int>,
                      weights: UnsafePointer<SIMD8<Float>>, bias: UnsafePointer<SIMD8<Float>>, chunkCount: Int,
                      output: UnsafeMutablePointer<Float>, outputStride: Int, frameCount: Int, accumulate: Bool) {
        let tapStride = inputCount * chunkCount
        var t = 0
        while t + 4 <= frameCount {
            for chunk in 0..<chunkCount {
                let start = bias[chunk]
                var a0 = start, a1 = start, a2 = start, a3 = start
                for tap in 0..<tapOffsetsFrames.count {
                    let r0 = input + (t + tapOffsetsFrames[tap]) * inputStride
                    let r1 = r0 + inputStride, r2 = r1 + inputStride, r3 = r2 + inputStride
                    var w = weights + tap * tapStride + chunk
                    for i in 0..<inputCount {
                        let v = w.pointee
                        a0 += v * r0[i]
                        a1 += v * r1[i]
                        a2 += v * r2[i]
                        a3 += v * r3[i]
                        w += chunkCount
                    }
                }
                let y = output + t * outputStride + 8 * chunk
                store(a0, at: y, accumulate: accumulate)
                store(a1, at: y + outputStride, accumulate: accumulate)
                store(a2, at: y + 2 * outputStride, accumulate: accumulate)
                store(a3, at: y + 3 * outputStride, accumulate: accumulate)
            }
            t += 4
        }
        while t < frameCount {
            for chunk in 0..<chunkCount {
                var a = bias[chunk]
                for tap in 0..<tapOffsetsFrames.count {
                    let r = input + (t + tapOffsetsFrames[tap]) * inputStride
                    var w = weights + tap * tapStride + chunk
                    for i in 0..<inputCount {
                        a += w.pointee * r[i]
                        w += chunkCount
                    }
                }
                store(a, at: output + t * outputStride + 8 * chunk, accumulate: accumulate)
            }
            t += 1
        }
    }

    @inline(__always)
    private static func store(_ value: SIMD8<Float>, at pointer: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let raw = UnsafeMutableRawPointer(pointer)
        let sum = accumulate ? value + raw.loadUnaligned(as: SIMD8<Float>.self) : value
        raw.storeBytes(of: sum, as: SIMD8<Float>.self)
    }

    /// PyTorch's `[output][input][tap]` weights (`tapCount` 1 for a dense layer) packed as `apply`
    /// reads them; the bias padded likewise.
    static func pack(weights: [Float], bias: [Float], outputCount: Int, inputCount: Int, tapCount: Int)
        -> (weights: [SIMD8<Float>], bias: [SIMD8<Float>]) {
        let chunkCount = chunks(outputCount)
        var packed = [SIMD8<Float>](repeating: SIMD8(), count: tapCount * inputCount * chunkCount)
        var packedBias = [SIMD8<Float>](repeating: SIMD8(), count: chunkCount)
        for o in 0..<outputCount {
            packedBias[o / 8][o % 8] = bias[o]
            for i in 0..<inputCount {
                for tap in 0..<tapCount {
                    packed[(tap * inputCount + i) * chunkCount + o / 8][o % 8] = weights[(o * inputCount + i) * tapCount + tap]
                }
            }
        }
        return (packed, packedBias)
    }

    /// The number of 8-wide chunks that hold `count` outputs.
    static func chunks(_ count: Int) -> Int { (count + 7) / 8 }
}
