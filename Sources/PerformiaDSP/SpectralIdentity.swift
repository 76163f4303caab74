import PerformiaCore

/// A streaming STFT → ISTFT round trip that leaves the spectra unchanged: the audio-out
/// skeleton of every spectral effect and separator (a mask would go between the two), and the
/// proof that `StreamingSTFT` + `StreamingISTFT` reconstruct perfectly.
///
/// Per channel: a Hann-windowed STFT of `frameSize` samples every `hopFrames` (with
/// `frameSize − hopFrames` of leading silence, so every sample gets all its frames), then
/// weighted overlap-add with the dual synthesis window. Output frame `t` is input frame
/// `t − latencyFrames` within float rounding (≤ 1e-5 of full scale in the tests).
///
/// Latency: `frameSize − 1` frames — a frame's first finished sample needs its last input
/// sample, whatever the block size. Causal. Storage is allocated in `prepare`; `process` and
/// `reset` are real-time safe.
public final class SpectralIdentity: AudioProcessor {
    /// Window length in samples, a power of two ≥ 4.
    public let frameSize: Int
    /// Samples between frames, 1…frameSize; a divisor of `frameSize` (50 %, 75 % overlap…) for
    /// perfect reconstruction.
    public let hopFrames: Int
    public var latencyFrames: Int { frameSize - 1 }
    public private(set) var outputChannelCount = 1

    private var analyses: [StreamingSTFT] = []
    private var syntheses: [StreamingISTFT] = []
    /// Per channel, a FIFO of finished samples (`fifoCapacity` each, a ring).
    private var fifo: UnsafeMutablePointer<Float>?
    private var fifoCapacity = 0
    private var fifoRead = 0
    private var fifoCount = 0

    /// - Parameters:
    ///   - frameSize: window length in samples, a power of two ≥ 4 (e.g. 2048 at 44.1 kHz).
    ///   - hopFrames: samples between frames, 1…frameSize (e.g. frameSize / 4).
    public init(frameSize: Int, hopFrames: Int) {
        precondition(frameSize >= 4 && frameSize & (frameSize - 1) == 0 && hopFrames > 0 && hopFrames <= frameSize)
        self.frameSize = frameSize
        self.hopFrames = hopFrames
    }

    deinit { fifo?.deallocate() }

    public func prepare(_ spec: ProcessSpec) {
        outputChannelCount = spec.channelCount
        analyses = []
        syntheses = []
        for _ in 0..<spec.channelCount {
            analyses.append(StreamingSTFT(frameSize: frameSize, hopFrames: hopFrames,
                                          leadingSilenceFrames: frameSize - hopFrames))
            syntheses.append(StreamingISTFT(frameSize: frameSize, hopFrames: hopFrames))
        }
        fifo?.deallocate()
        fifoCapacity = spec.maximumBlockFrames + 2 * hopFrames
        fifo = .allocate(capacity: fifoCapacity * spec.channelCount)
        fifo!.initialize(repeating: 0, count: fifoCapacity * spec.channelCount)
        reset()
    }

    public func reset() {
        for c in 0..<analyses.count {  // index loops: `for … in` an array allocates an iterator in debug builds
            analyses[c].reset()
            syntheses[c].reset()
        }
        guard let fifo else { return }
        fifo.update(repeating: 0, count: fifoCapacity * outputChannelCount)
        // The ISTFT's timeline starts frameSize − hopFrames before the stream (the leading
        // silence); hopFrames − 1 zeros in front make the total delay frameSize − 1.
        fifoRead = 0
        fifoCount = hopFrames - 1
    }

    @inline(__always)
    public func process(input: AudioBlock, output: MutableAudioBlock) {
        guard let fifo else { return }
        let frames = input.frameCount
        let capacity = fifoCapacity
        let available = fifoCount
        for c in 0..<outputChannelCount {
            writeChannel = c
            writeIndex = (fifoRead + available) % capacity
            analyses[c].pushSpectrum(UnsafePointer(input.channel(c).baseAddress!), count: frames, onFrame: synthesize)
            let ring = fifo + c * capacity
            let target = output.channel(c)
            var index = fifoRead
            for i in 0..<frames {
                target[i] = ring[index]
                index += 1
                if index == capacity { index = 0 }
            }
        }
        // Every channel completes the same number of frames.
        let produced = (writeIndex - fifoRead - available + 2 * capacity) % capacity
        fifoRead = (fifoRead + frames) % capacity
        fifoCount = available + produced - frames
    }

    private var writeChannel = 0
    private var writeIndex = 0

    /// Resynthesises one analysis frame of channel `writeChannel` into its FIFO at `writeIndex`.
    @inline(__always)
    private func synthesize(_ frameIndex: Int, _ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>) {
        guard let fifo else { return }
        let finished = syntheses[writeChannel].push(real: real, imaginary: imaginary)
        let ring = fifo + writeChannel * fifoCapacity
        var index = writeIndex
        for i in 0..<hopFrames {
            ring[index] = finished[i]
            index += 1
            if index == fifoCapacity { index = 0 }
        }
        writeIndex = index
    }
}
