/// Pure-Swift elementary functions for targets without libm (Embedded Swift on wasm32).
/// Double precision, relative error below 1e-14 on the ranges the analysis uses; tests compare
/// them with the C library. Classic argument reduction plus polynomial/series evaluation
/// (Cody & Waite, "Software Manual for the Elementary Functions", 1980).
public enum PortableMath {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let invLn2 = 1.44269504088896338700

    /// e^x.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.13 { return 0 }
        let k = (x * invLn2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Taylor series of e^r for |r| <= ln2/2, 14 terms: error < 1e-17.
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while n < 15 {
            term *= r / n
            sum += term
            n += 1
        }
        return scale(sum, by: Int(k))
    }

    /// Natural logarithm; NaN below 0, -inf at 0.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let s = (m - 1) / (m + 1)  // |s| < 0.172
        let s2 = s * s
        var term = s
        var sum = 0.0
        var d = 1.0
        while d < 40 {
            sum += term / d
            term *= s2
            d += 2
        }
        return 2 * sum + Double(e) * ln2Hi + Double(e) * ln2Lo
    }

    /// The angle of (x, y) in radians, in [-π, π] (atan2(0, 0) = 0).
    public static func atan2(_ y: Double, _ x: Double) -> Double {
        if y.isNaN || x.isNaN { return .nan }
        if x == 0 && y == 0 { return 0 }
        let pi = 3.14159265358979323846
        // atan of the smaller-over-larger ratio keeps the argument in [0, 1].
        let ax = x < 0 ? -x : x
        let ay = y < 0 ? -y : y
        var angle = ax >= ay ? atanUnit(ay / ax) : pi / 2 - atanUnit(ax / ay)
        if x < 0 { angle = pi - angle }
        return y < 0 ? -angle : angle
    }

    /// atan(t) for t in [0, 1]: two half-angle reductions, t' = t / (1 + √(1 + t²)), bring t
    /// below tan(π/16) ≈ 0.2, where the odd Taylor series converges in 12 terms to < 1e-16.
    private static func atanUnit(_ t: Double) -> Double {
        var r = t
        r = r / (1 + (1 + r * r).squareRoot())
        r = r / (1 + (1 + r * r).squareRoot())
        let r2 = r * r
        var term = r
        var sum = 0.0
        var d = 1.0
        var sign = 1.0
        while d < 27 {
            sum += sign * term / d
            term *= r2
            sign = -sign
            d += 2
        }
        return 4 * sum
    }

    public static func sin(_ x: Double) -> Double { sinCos(x, cosine: false) }
    public static func cos(_ x: Double) -> Double { sinCos(x, cosine: true) }

    /// x^y for x > 0 (and the integer-free cases the analysis needs: x == 0, y == 0).
    public static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if x == 0 { return y > 0 ? 0 : .infinity }
        if x < 0 {
            let yi = y.rounded()
            guard yi == y else { return .nan }
            let magnitude = exp(y * log(-x))
            return Int64(yi) % 2 == 0 ? magnitude : -magnitude
        }
        return exp(y * log(x))
    }

    private static func sinCos(_ x: Double, cosine: Bool) -> Double {
        if !x.isFinite { return .nan }
        // Reduce by multiples of pi/2 with a three-part constant (Cody-Waite).
        let k = (x * 0.63661977236758134308).rounded()
        let r = ((x - k * 1.57079632673412561417) - k * 6.07710050650619224932e-11)
            - k * 2.02226624879595063154e-21
        var quadrant = Int(Int64(k) & 3)
        if cosine { quadrant = (quadrant + 1) & 3 }
        switch quadrant {
        case 0: return sinSeries(r)
        case 1: return cosSeries(r)
        case 2: return -sinSeries(r)
        default: return -cosSeries(r)
        }
    }

    private static func sinSeries(_ r: Double) -> Double {
        let r2 = r * r
        var term = r
        var sum = r
        var n = 1.0
        while n < 22 {
            term *= -r2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    private static func cosSeries(_ r: Double) -> Double {
        let r2 = r * r
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while n < 22 {
            term *= -r2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    /// value × 2^exponent without libm's ldexp.
    private static func scale(_ value: Double, by exponent: Int) -> Double {
        var result = value
        var e = exponent
        while e > 1000 { result *= Double(sign: .plus, exponent: 1000, significand: 1); e -= 1000 }
        while e < -1000 { result *= Double(sign: .plus, exponent: -1000, significand: 1); e += 1000 }
        return result * Double(sign: .plus, exponent: e, significand: 1)
    }
}
