import PerformiaDSP

/// A `RealFFT` (in this build the pure-Swift `RadixTwoFFT`) with the buffers JavaScript reads and
/// writes: `size` input samples, `size/2 + 1` real and imaginary output bins.
final class FFTSession {
    let fft: RealFFT
    let input: UnsafeMutablePointer<Float>
    let real: UnsafeMutablePointer<Float>
    let imaginary: UnsafeMutablePointer<Float>

    /// - Parameter size: a power of two ≥ 4.
    init(size: Int) {
        fft = RealFFT(size: size)
        input = .allocate(capacity: size)
        input.initialize(repeating: 0, count: size)
        real = .allocate(capacity: fft.binCount)
        imaginary = .allocate(capacity: fft.binCount)
    }

    deinit {
        input.deallocate(); real.deallocate(); imaginary.deallocate()
    }

    /// Transforms `input` into `real` and `imaginary`.
    func forward() {
        fft.forward(input, real: real, imaginary: imaginary)
    }
}
