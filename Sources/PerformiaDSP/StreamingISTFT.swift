import PerformiaCore

/// A streaming inverse short-time Fourier transform: weighted overlap-add of inverse-FFT frames,
/// the resynthesis half of `StreamingSTFT`.
///
/// Frame `k` (pushed `k`-th since the last reset) is placed at output samples
/// `[k·hopFrames, k·hopFrames + frameSize)` of its own timeline, multiplied by the synthesis
/// window; after it is pushed, samples `[k·hopFrames, (k+1)·hopFrames)` are final (no later frame
/// reaches them) and `push` returns them.
///
/// The synthesis window is the dual of `StreamingSTFT`'s analysis window w (Hann unless told
/// otherwise): g[n] = w[n] / Σₘ w²[n + m·hopFrames] (Griffin & Lim 1984, the least-squares
/// ISTFT, as `torch.istft` computes it), so
/// analysis followed by synthesis of unmodified spectra is a perfect reconstruction for any hop
/// whose frames cover every sample with w > 0 (Hann at 50 %, 75 %, 87.5 % overlap…). A sample is
/// exact once all frames that overlap it were pushed: the first `frameSize − hopFrames` output
/// samples are exact only if the analysis assumed that much leading silence
/// (`StreamingSTFT(leadingSilenceFrames:)`, as `SpectralIdentity` does).
///
/// All storage is allocated in `init`; `push` and `reset` are real-time safe.
public final class StreamingISTFT {
    /// Window length in samples, a power of two ≥ 4.
    public let frameSize: Int
    /// Output samples completed per frame, 1…frameSize.
    public let hopFrames: Int
    public var binCount: Int { fft.binCount }

    private let fft: RealFFT
    private let synthesisWindow: UnsafeMutablePointer<Float>
    private let frame: UnsafeMutablePointer<Float>
    /// Overlap-add accumulator: `frameSize` samples starting at the next unfinished one.
    private let accumulator: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - frameSize: window length in samples, a power of two ≥ 4.
    ///   - hopFrames: samples between frame starts, 1…frameSize.
    ///   - window: the analysis window the spectra were made with (Hann by default).
    public init(frameSize: Int, hopFrames: Int, window shape: Window.Shape = .hann) {
        precondition(hopFrames > 0 && hopFrames <= frameSize)
        self.frameSize = frameSize
        self.hopFrames = hopFrames
        fft = RealFFT(size: frameSize)
        synthesisWindow = .allocate(capacity: frameSize)
        frame = .allocate(capacity: frameSize)
        accumulator = .allocate(capacity: frameSize)
        accumulator.initialize(repeating: 0, count: frameSize)
        shape.fill(synthesisWindow, count: frameSize)
        // Dual window: divide by the overlap-added squared analysis window, periodic in hopFrames.
        frame.initialize(repeating: 0, count: frameSize)
        for n in 0..<hopFrames {
            var sum = 0.0
            var m = n
            while m < frameSize {
                sum += Double(synthesisWindow[m]) * Double(synthesisWindow[m])
                m += hopFrames
            }
            frame[n] = Float(sum)
        }
        for n in 0..<frameSize {
            let sum = Double(frame[n % hopFrames])
            synthesisWindow[n] = sum > 1e-12 ? Float(Double(synthesisWindow[n]) / sum) : 0
        }
    }

    deinit {
        synthesisWindow.deallocate(); frame.deallocate(); accumulator.deallocate()
    }

    /// Forgets all frames; the next one is frame 0 again.
    public func reset() {
        accumulator.update(repeating: 0, count: frameSize)
    }

    /// Overlap-adds the frame whose half spectrum is `real`/`imaginary` (`binCount` bins, as
    /// `StreamingSTFT.pushSpectrum` hands them) and returns the `hopFrames` samples it finished;
    /// valid until the next `push` or `reset`. Real-time safe.
    @inline(__always)
    public func push(real: UnsafePointer<Float>, imaginary: UnsafePointer<Float>) -> UnsafePointer<Float> {
        fft.inverse(real: real, imaginary: imaginary, output: frame)
        for n in 0..<frameSize { accumulator[n] += frame[n] * synthesisWindow[n] }
        // The first hopFrames samples are final: hand them out through `frame`, shift the rest.
        frame.update(from: accumulator, count: hopFrames)
        let keep = frameSize - hopFrames
        accumulator.update(from: accumulator + hopFrames, count: keep)
        (accumulator + keep).update(repeating: 0, count: hopFrames)
        return UnsafePointer(frame)
    }
}
