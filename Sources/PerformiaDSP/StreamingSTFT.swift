import PerformiaCore

/// A streaming short-time Fourier transform that emits magnitude spectra (`push`) or complex
/// spectra (`pushSpectrum`, for resynthesis with `StreamingISTFT`).
///
/// Frame `k` covers input samples `[k·hopFrames − leadingSilenceFrames, … + frameSize)` — no
/// centre padding, so the stream needs no look-ahead: a frame is complete `frameSize` samples
/// after it starts. Its centre, `k·hopFrames − leadingSilenceFrames + frameSize/2`, is the time a
/// caller should stamp on it. `leadingSilenceFrames` (0 by default) acts as if that much silence
/// preceded the stream: `frameSize − hopFrames` gives every input sample its full set of
/// overlapping frames, as perfect reconstruction needs.
/// Windowed with a periodic Hann window unless told otherwise (`window`). All storage is allocated in `init`; `push` and
/// `reset` are real-time safe.
public final class StreamingSTFT {
    public let frameSize: Int
    public let hopFrames: Int
    /// Frames of silence assumed before the first input sample, 0…frameSize − 1.
    public let leadingSilenceFrames: Int
    public var binCount: Int { fft.binCount }
    /// Frames emitted since the last reset.
    public private(set) var frameIndex: Int = 0

    private let fft: RealFFT
    private let window: UnsafeMutablePointer<Float>
    private let history: UnsafeMutablePointer<Float>
    private let windowed: UnsafeMutablePointer<Float>
    private let real: UnsafeMutablePointer<Float>
    private let imaginary: UnsafeMutablePointer<Float>
    private let magnitude: UnsafeMutablePointer<Float>
    private var filled = 0

    /// - Parameters:
    ///   - frameSize: window length in samples, a power of two.
    ///   - hopFrames: samples between frame starts, 1…frameSize.
    ///   - leadingSilenceFrames: silence assumed before the stream, 0…frameSize − 1.
    ///   - window: the analysis window (Hann by default).
    public init(frameSize: Int, hopFrames: Int, leadingSilenceFrames: Int = 0, window shape: Window.Shape = .hann) {
        precondition(hopFrames > 0 && hopFrames <= frameSize)
        precondition(leadingSilenceFrames >= 0 && leadingSilenceFrames < frameSize)
        self.frameSize = frameSize
        self.hopFrames = hopFrames
        self.leadingSilenceFrames = leadingSilenceFrames
        filled = leadingSilenceFrames
        fft = RealFFT(size: frameSize)
        window = .allocate(capacity: frameSize)
        shape.fill(window, count: frameSize)
        history = .allocate(capacity: frameSize)
        history.initialize(repeating: 0, count: frameSize)
        windowed = .allocate(capacity: frameSize)
        real = .allocate(capacity: frameSize / 2 + 1)
        imaginary = .allocate(capacity: frameSize / 2 + 1)
        magnitude = .allocate(capacity: frameSize / 2 + 1)
    }

    deinit {
        window.deallocate(); history.deallocate(); windowed.deallocate()
        real.deallocate(); imaginary.deallocate(); magnitude.deallocate()
    }

    /// Forgets all input; the next frame is frame 0 again.
    public func reset() {
        history.update(repeating: 0, count: leadingSilenceFrames)
        filled = leadingSilenceFrames
        frameIndex = 0
    }

    /// Appends `count` samples and calls `onFrame(frameIndex, magnitudes)` for every frame they
    /// complete; `magnitudes` holds `binCount` values and is valid only during the call.
    @inline(__always)
    public func push(_ samples: UnsafePointer<Float>, count: Int,
                     onFrame: (Int, UnsafePointer<Float>) -> Void) {
        var consumed = 0
        while consumed < count {
            let take = min(frameSize - filled, count - consumed)
            (history + filled).update(from: samples + consumed, count: take)
            filled += take
            consumed += take
            if filled == frameSize {
                computeFrame()
                onFrame(frameIndex, magnitude)
                frameIndex += 1
                let keep = frameSize - hopFrames
                history.update(from: history + hopFrames, count: keep)
                filled = keep
            }
        }
    }

    /// Appends `count` samples and calls `onFrame(frameIndex, real, imaginary)` with the complex
    /// spectrum (unnormalised, `binCount` bins) of every Hann-windowed frame they complete; the
    /// pointers are valid only during the call. Real-time safe.
    @inline(__always)
    public func pushSpectrum(_ samples: UnsafePointer<Float>, count: Int,
                             onFrame: (Int, UnsafePointer<Float>, UnsafePointer<Float>) -> Void) {
        var consumed = 0
        while consumed < count {
            let take = min(frameSize - filled, count - consumed)
            (history + filled).update(from: samples + consumed, count: take)
            filled += take
            consumed += take
            if filled == frameSize {
                computeSpectrum()
                onFrame(frameIndex, real, imaginary)
                frameIndex += 1
                let keep = frameSize - hopFrames
                history.update(from: history + hopFrames, count: keep)
                filled = keep
            }
        }
    }

    private func computeSpectrum() {
        for n in 0..<frameSize { windowed[n] = history[n] * window[n] }
        fft.forward(windowed, real: real, imaginary: imaginary)
    }

    private func computeFrame() {
        computeSpectrum()
        for k in 0..<binCount {
            magnitude[k] = (real[k] * real[k] + imaginary[k] * imaginary[k]).squareRoot()
        }
    }
}
