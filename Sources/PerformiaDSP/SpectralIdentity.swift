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
        for analysis in analyses { analysis.reset() }
        for synthesis in syntheses { synthesis.reset() }
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
        var written = fifoCount
        for c in 0..<outputChannelCount {
            let ring = fifo + c * capacity
            let synthesis = syntheses[c]
            var count = fifoCount
            let source = input.channel(c)
            analyses[c].pushSpectrum(UnsafePointer(source.baseAddress!), count: frames) { _, real, imaginary in
                let finished = synthesis.push(real: real, imaginary: imaginary)
                var index = (fifoRead + count) % capacity
                for i in 0..<hopFrames {
                    ring[index] = finished[i]
                    index += 1
                    if index == capacity { index = 0 }
                }
                count += hopFrames
            }
            let target = output.channel(c)
            var index = fifoRead
            for i in 0..<frames {
                target[i] = ring[index]
                index += 1
                if index == capacity { index = 0 }
            }
            written = count
        }
        fifoRead = (fifoRead + frames) % capacity
        fifoCount = written - frames
    }
}
