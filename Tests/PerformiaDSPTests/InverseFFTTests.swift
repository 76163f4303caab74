import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct InverseFFTTests {
    func randomSignal(_ size: Int, seed: UInt64) -> [Float] {
        var rng = XorshiftGenerator(seed: seed)
        return (0..<size).map { _ in Float.random(in: -1...1, using: &rng) }
    }

    @Test(arguments: [4, 8, 64, 512, 2048])
    func inverseOfForwardIsTheSignal(size: Int) {
        let x = randomSignal(size, seed: UInt64(size) + 3)
        let native = RealFFT(size: size), portable = RadixTwoFFT(size: size)
        var re = [Float](repeating: 0, count: size / 2 + 1), im = re
        var back1 = [Float](repeating: 0, count: size), back2 = back1
        native.forward(x, real: &re, imaginary: &im)
        native.inverse(real: re, imaginary: im, output: &back1)
        portable.forward(x, real: &re, imaginary: &im)
        portable.inverse(real: re, imaginary: im, output: &back2)
        let error1 = zip(back1, x).map { abs($0 - $1) }.max()!, error2 = zip(back2, x).map { abs($0 - $1) }.max()!
        #expect(error1 <= 1e-5, "KissFFT: max error \(error1)")
        #expect(error2 <= 1e-5, "RadixTwoFFT: max error \(error2)")
    }

    /// The inverse against the definition x[n] = (1/N) Σₖ X[k] e^{2πikn/N} over the full
    /// Hermitian spectrum, from an arbitrary half spectrum (bins 0 and N/2 real).
    @Test(arguments: [8, 64, 1024])
    func inverseMatchesTheDefinitionAndTheTwoEnginesAgree(size: Int) {
        var rng = XorshiftGenerator(seed: UInt64(size) * 11)
        var re = (0...(size / 2)).map { _ in Float.random(in: -1...1, using: &rng) }
        var im = (0...(size / 2)).map { _ in Float.random(in: -1...1, using: &rng) }
        im[0] = 0; im[size / 2] = 0
        var expected = [Double](repeating: 0, count: size)
        for n in 0..<size {
            var sum = Double(re[0]) + Double(re[size / 2]) * (n % 2 == 0 ? 1 : -1)
            for k in 1..<(size / 2) {
                let a = 2 * Math.pi * Double(k * n) / Double(size)
                sum += 2 * (Double(re[k]) * Math.cos(a) - Double(im[k]) * Math.sin(a))
            }
            expected[n] = sum / Double(size)
        }
        var native = [Float](repeating: 0, count: size), portable = native
        RealFFT(size: size).inverse(real: re, imaginary: im, output: &native)
        RadixTwoFFT(size: size).inverse(real: re, imaginary: im, output: &portable)
        for n in 0..<size {
            #expect(abs(Double(native[n]) - expected[n]) < 1e-6, "kiss sample \(n)")
            #expect(abs(portable[n] - native[n]) < 1e-6, "swift sample \(n)")
        }
        // Imaginary parts of bins 0 and N/2 are ignored by both.
        im[0] = 5; im[size / 2] = -3
        var again = native
        RadixTwoFFT(size: size).inverse(real: re, imaginary: im, output: &again)
        #expect(zip(again, portable).allSatisfy { abs($0 - $1) < 1e-7 })
        RealFFT(size: size).inverse(real: re, imaginary: im, output: &again)
        #expect(zip(again, native).allSatisfy { abs($0 - $1) < 1e-7 })
        re[0] += 0  // silence "never mutated" for the var used inout above
    }

    @Test func inverseDoesNotAllocate() {
        let fft = RealFFT(size: 1024), swift = RadixTwoFFT(size: 1024)
        let re = [Float](repeating: 0.25, count: 513), im = [Float](repeating: 0.1, count: 513)
        var out = [Float](repeating: 0, count: 1024)
        fft.inverse(real: re, imaginary: im, output: &out)
        swift.inverse(real: re, imaginary: im, output: &out)
        let allocations = countAllocations {
            re.withUnsafeBufferPointer { r in
                im.withUnsafeBufferPointer { i in
                    out.withUnsafeMutableBufferPointer { o in
                        for _ in 0..<1000 {
                            fft.inverse(real: r.baseAddress!, imaginary: i.baseAddress!, output: o.baseAddress!)
                            swift.inverse(real: r.baseAddress!, imaginary: i.baseAddress!, output: o.baseAddress!)
                        }
                    }
                }
            }
        }
        #expect(allocations == 0)
    }
}
