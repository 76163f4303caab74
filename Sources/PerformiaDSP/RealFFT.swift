#if canImport(CKissFFT)
import CKissFFT
#endif
import PerformiaCore

/// The project's one FFT type: forward and inverse real transforms of a power-of-two size.
///
/// Natively it runs KissFFT (BSD-3-Clause; docs/decisions.md records why KissFFT rather than
/// FFTW); in the wasm32 build it runs `RadixTwoFFT`, held to the same numbers by tests.
/// Storage is allocated in `init`; `forward` and `inverse` are real-time safe.
public final class RealFFT {
    public let size: Int
    /// Number of output bins, `size / 2 + 1`.
    public var binCount: Int { size / 2 + 1 }

    #if canImport(CKissFFT)
    private let config: kiss_fftr_cfg
    private let inverseConfig: kiss_fftr_cfg
    private let output: UnsafeMutablePointer<kiss_fft_cpx>
    #else
    private let engine: RadixTwoFFT
    #endif

    /// - Parameter size: transform length in samples, a power of two ≥ 4.
    public init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RealFFT needs a power-of-two size")
        self.size = size
        #if canImport(CKissFFT)
        config = kiss_fftr_alloc(Int32(size), 0, nil, nil)!
        inverseConfig = kiss_fftr_alloc(Int32(size), 1, nil, nil)!
        output = .allocate(capacity: size / 2 + 1)
        #else
        engine = RadixTwoFFT(size: size)
        #endif
    }

    deinit {
        #if canImport(CKissFFT)
        performia_kiss_fftr_free(config)
        performia_kiss_fftr_free(inverseConfig)
        output.deallocate()
        #endif
    }

    /// Transforms `size` real samples into `binCount` complex bins, unnormalised.
    @inline(__always)
    public func forward(_ input: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>,
                        imaginary: UnsafeMutablePointer<Float>) {
        #if canImport(CKissFFT)
        kiss_fftr(config, input, output)
        for k in 0..<binCount {
            real[k] = output[k].r
            imaginary[k] = output[k].i
        }
        #else
        engine.forward(input, real: real, imaginary: imaginary)
        #endif
    }

    /// Transforms `binCount` complex bins (a real signal's half spectrum, as `forward` writes it)
    /// back into `size` real samples, normalised by 1/`size`, so `inverse(forward(x)) == x`
    /// within float rounding. The imaginary parts of bins 0 and `size/2` are ignored.
    @inline(__always)
    public func inverse(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>,
                        output samples: UnsafeMutablePointer<Float>) {
        #if canImport(CKissFFT)
        for k in 0..<binCount {
            output[k].r = real[k]
            output[k].i = imaginary[k]
        }
        output[0].i = 0
        output[size / 2].i = 0
        kiss_fftri(inverseConfig, output, samples)
        let scale = 1 / Float(size)
        for n in 0..<size { samples[n] *= scale }
        #else
        engine.inverse(real: real, imaginary: imaginary, output: samples)
        #endif
    }
}
