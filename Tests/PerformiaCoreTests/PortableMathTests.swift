import Glibc
import PerformiaCore
import Testing

/// The wasm build's pure-Swift math against the C library.
@Suite struct PortableMathTests {
    let samples: [Double] = stride(from: -50.0, through: 50.0, by: 0.37).map { $0 } + [1e-9, 0.5, 1, 2, 1000, -700]

    func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(b), 1e-300)
    }

    @Test func expMatchesLibm() {
        for x in samples where x < 709 { #expect(relativeError(PortableMath.exp(x), exp(x)) < 1e-14, "exp(\(x))") }
        #expect(PortableMath.exp(1000) == .infinity && PortableMath.exp(-1000) == 0)
    }

    @Test func logMatchesLibm() {
        for x in samples where x > 0 { #expect(abs(PortableMath.log(x) - log(x)) < 1e-14 * max(1, abs(log(x))), "log(\(x))") }
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
    }

    @Test func sinCosMatchLibm() {
        for x in samples {
            #expect(abs(PortableMath.sin(x) - sin(x)) < 1e-14, "sin(\(x))")
            #expect(abs(PortableMath.cos(x) - cos(x)) < 1e-14, "cos(\(x))")
        }
    }

    @Test func powMatchesLibm() {
        for (x, y) in [(2.0, 0.5), (440.0, 1.0 / 12), (10.0, -3.0), (0.3, 7.5), (-2.0, 3.0)] {
            #expect(relativeError(PortableMath.pow(x, y), pow(x, y)) < 1e-13, "pow(\(x), \(y))")
        }
    }

    @Test func atan2MatchesLibm() {
        for y in samples {
            for x in [-3.0, -1, -0.25, 0, 1e-9, 0.5, 1, 7, 1000] {
                #expect(abs(PortableMath.atan2(y, x) - atan2(y, x)) < 1e-14, "atan2(\(y), \(x))")
            }
        }
        #expect(PortableMath.atan2(0, 0) == 0)
        #expect(PortableMath.atan2(.nan, 1).isNaN)
    }
}
