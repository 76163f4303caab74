import PerformiaNeural
import Testing

/// ELU (α = 1, as PyTorch's F.elu), the sigmoid and the softmax at known points and at the extremes.
@Suite struct ActivationTests {
    @Test func knownValues() {
        #expect(ELU.value(2) == 2 && ELU.value(0) == 0)
        #expect(abs(ELU.value(-1) - (Float(0.36787944) - 1)) < 1e-7 && ELU.value(-100) == -1)
        #expect(Sigmoid.value(0) == 0.5 && abs(Sigmoid.value(2) - 0.880797) < 1e-6)
        #expect(Sigmoid.value(-200) == 0 && Sigmoid.value(200) == 1)
    }

    @Test func softmax() {
        var values: [Float] = [0, Float(2).squareRoot(), -1, 1000]
        values.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, count: 4) }
        #expect(values[3] == 1 && values[0] == 0)  // no overflow: the largest is subtracted first
        var even: [Float] = [3, 3, 3, 3]
        even.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, count: 4) }
        #expect(even.allSatisfy { abs($0 - 0.25) < 1e-7 })
        var pair: [Float] = [0, 1]
        pair.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, count: 2) }
        #expect(abs(pair[1] - 0.7310586) < 1e-6 && abs(pair[0] + pair[1] - 1) < 1e-6)
    }
}
