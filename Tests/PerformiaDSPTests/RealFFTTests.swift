import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct RealFFTTests {
    func naiveDFT(_ x: [Float]) -> [(Double, Double)] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for t in 0..<n {
                let a = -2 * Math.pi * Double(k * t) / Double(n)
                re += Double(x[t]) * Math.cos(a); im += Double(x[t]) * Math.sin(a)
            }
            return (re, im)
        }
    }

    @Test(arguments: [8, 64, 1024])
    func kissAndSwiftMatchTheDefinition(size: Int) {
        var rng = XorshiftGenerator(seed: UInt64(size))
        let x = (0..<size).map { _ in Float.random(in: -1...1, using: &rng) }
        let expected = naiveDFT(x)
        let native = RealFFT(size: size), portable = RadixTwoFFT(size: size)
        var re1 = [Float](repeating: 0, count: size / 2 + 1), im1 = re1, re2 = re1, im2 = re1
        native.forward(x, real: &re1, imaginary: &im1)
        portable.forward(x, real: &re2, imaginary: &im2)
        let tolerance = 1e-4 * Double(size).squareRoot()
        for k in 0...(size / 2) {
            #expect(abs(Double(re1[k]) - expected[k].0) < tolerance && abs(Double(im1[k]) - expected[k].1) < tolerance, "kiss bin \(k)")
            #expect(abs(re2[k] - re1[k]) < 1e-4 * Float(size).squareRoot() && abs(im2[k] - im1[k]) < 1e-4 * Float(size).squareRoot(), "swift bin \(k)")
        }
    }

    @Test func forwardDoesNotAllocate() {
        let fft = RealFFT(size: 2048), swift = RadixTwoFFT(size: 2048)
        var x = [Float](repeating: 0.5, count: 2048), re = [Float](repeating: 0, count: 1025), im = re
        fft.forward(x, real: &re, imaginary: &im)  // warm-up: runtime metadata, uncounted
        let allocations = countAllocations {
            x.withUnsafeBufferPointer { input in
                re.withUnsafeMutableBufferPointer { r in
                    im.withUnsafeMutableBufferPointer { i in
                        for _ in 0..<100 {
                            fft.forward(input.baseAddress!, real: r.baseAddress!, imaginary: i.baseAddress!)
                            swift.forward(input.baseAddress!, real: r.baseAddress!, imaginary: i.baseAddress!)
                        }
                    }
                }
            }
        }
        #expect(allocations == 0)
        x[0] = 0
    }
}
