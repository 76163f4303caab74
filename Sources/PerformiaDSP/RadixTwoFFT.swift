import PerformiaCore

/// A pure-Swift real FFT for power-of-two sizes: an iterative radix-2 complex FFT of size N/2
/// with the standard real-input packing (Cooley & Tukey 1965; the split of a real N-point
/// transform into an N/2-point complex one as in Sorensen et al. 1987). It is the FFT of the
/// wasm32 build, where no C library can be linked; tests hold it to KissFFT's numbers.
/// All storage is allocated in `init`; `forward` and `inverse` do not allocate.
public final class RadixTwoFFT {
    public let size: Int
    private let half: Int
    private let re: UnsafeMutablePointer<Float>
    private let im: UnsafeMutablePointer<Float>
    private let twiddleRe: UnsafeMutablePointer<Float>   // e^{-2πik/N}, k < N/2
    private let twiddleIm: UnsafeMutablePointer<Float>
    private let bitReverse: UnsafeMutablePointer<Int32>

    /// - Parameter size: transform length, a power of two ≥ 4.
    public init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RadixTwoFFT needs a power-of-two size")
        self.size = size
        half = size / 2
        re = .allocate(capacity: half)
        im = .allocate(capacity: half)
        twiddleRe = .allocate(capacity: half)
        twiddleIm = .allocate(capacity: half)
        bitReverse = .allocate(capacity: half)
        for k in 0..<half {
            let angle = -2.0 * Math.pi * Double(k) / Double(size)
            twiddleRe[k] = Float(Math.cos(angle))
            twiddleIm[k] = Float(Math.sin(angle))
        }
        var bits = 0
        while (1 << bits) < half { bits += 1 }
        for i in 0..<half {
            var r = 0
            var v = i
            for _ in 0..<bits {
                r = (r << 1) | (v & 1)
                v >>= 1
            }
            bitReverse[i] = Int32(r)
        }
    }

    deinit {
        re.deallocate(); im.deallocate(); twiddleRe.deallocate(); twiddleIm.deallocate()
        bitReverse.deallocate()
    }

    /// Forward transform of `size` real samples into `size/2 + 1` complex bins (unnormalised,
    /// the same convention as KissFFT's kiss_fftr).
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>) {
        // Pack even samples as real, odd as imaginary, in bit-reversed order.
        for i in 0..<half {
            let j = Int(bitReverse[i])
            re[j] = input[2 * i]
            im[j] = input[2 * i + 1]
        }
        butterflies(sign: 1)
        // Split the N/2 complex spectrum Z into the N-point real spectrum X.
        real[0] = re[0] + im[0]
        imaginary[0] = 0
        real[half] = re[0] - im[0]
        imaginary[half] = 0
        for k in 1..<half {
            let zr = re[k], zi = im[k]
            let cr = re[half - k], ci = -im[half - k]  // conj(Z[N/2-k])
            let er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci)      // even part
            let orr = 0.5 * (zi - ci), oi = -0.5 * (zr - cr)    // odd part (÷ i)
            let wr = twiddleRe[k], wi = twiddleIm[k]
            real[k] = er + (orr * wr - oi * wi)
            imaginary[k] = ei + (orr * wi + oi * wr)
        }
    }

    /// Inverse of `forward`: `size/2 + 1` complex bins back into `size` real samples, normalised
    /// by 1/`size` (so `inverse(forward(x)) == x`; KissFFT's `kiss_fftri` is the same times
    /// `size`). The imaginary parts of bins 0 and `size/2` are ignored.
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>) {
        // Rebuild Z[k] = E[k] + i·O[k] from X: E[k] = (X[k] + conj X[N/2−k]) / 2,
        // O[k] = (X[k] − conj X[N/2−k]) / 2 · e^{+2πik/N}; stored in bit-reversed order.
        for k in 0..<half {
            let xr = real[k], xi = k == 0 ? 0 : imaginary[k]
            let yr = real[half - k], yi = k == 0 ? 0 : -imaginary[half - k]  // conj X[N/2−k]
            let er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi)
            let dr = 0.5 * (xr - yr), di = 0.5 * (xi - yi)
            let wr = twiddleRe[k], wi = -twiddleIm[k]  // e^{+2πik/N}
            let orr = dr * wr - di * wi, oi = dr * wi + di * wr
            let j = Int(bitReverse[k])
            re[j] = er - oi   // E + i·O
            im[j] = ei + orr
        }
        butterflies(sign: -1)
        let scale = 1 / Float(half)
        for n in 0..<half {
            output[2 * n] = re[n] * scale
            output[2 * n + 1] = im[n] * scale
        }
    }

    /// The in-place radix-2 butterflies of the N/2-point complex transform over `re`/`im` (which
    /// hold the input in bit-reversed order): `sign` 1 is forward (e^{−2πi…}), −1 inverse,
    /// unnormalised.
    @inline(__always)
    private func butterflies(sign: Float) {
        var length = 2
        while length <= half {
            let step = size / length  // twiddle stride for a length-`length` butterfly of the N/2 FFT
            let halfLength = length / 2
            var start = 0
            while start < half {
                for k in 0..<halfLength {
                    let wr = twiddleRe[k * step]
                    let wi = sign * twiddleIm[k * step]
                    let a = start + k
                    let b = a + halfLength
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
                start += length
            }
            length <<= 1
        }
    }
}
