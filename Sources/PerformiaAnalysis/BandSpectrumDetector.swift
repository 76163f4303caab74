import PerformiaCore
import PerformiaDSP

/// Streaming semitone band spectrum — the input of the learned beat and downbeat model
/// (`Training/beat_model.py`): the log-filtered magnitude spectrogram of Böck & Davies'
/// temporal convolutional network ("Deconstruct, analyse, reconstruct: how to improve tempo,
/// beat, and downbeat estimation", ISMIR 2020), with one band per semitone at fixed centre
/// frequencies so that the network sees the same bands at every sample rate.
///
/// - Input: any channel count (mixed to mono), any sample rate ≥ 32 kHz (the top band ends at
///   13.3 kHz).
/// - Output: one `BandSpectrumFrame` every `hopFrames` (sampleRate/100), from a Hann window of
///   `frameSize` samples (the power of two nearest 46.4 ms: 2048 at 44.1 and 48 kHz), bands at MIDI
///   notes 24…127, values `ln(1 + magnitude)` of the unnormalised spectrum of ±1 audio.
/// - Time stamps: the window centre, `k·hop + frameSize/2`, as `OnsetDetector` stamps its frames.
/// - Latency: `frameSize/2 − 1` frames (the second half of the window).
/// - Causal; real-time safe after `prepare`.
public final class BandSpectrumDetector: Processor {
    /// Frames per second.
    public static let framesPerSecond = 100.0
    /// MIDI note of the lowest band.
    public static let lowestNote = 24
    /// Bands per frame.
    public static let bandCount = 104

    public private(set) var frameSize = 0
    public private(set) var hopFrames = 0
    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0

    private var stft: StreamingSTFT?
    private var semitoneBands: SemitoneBands?
    private var mono: UnsafeMutablePointer<Float>?

    public init() {}

    deinit { release() }

    /// Centre frequencies of the bands, in Hz.
    public static var centreHz: [Double] {
        (0..<bandCount).map { 440 * Math.pow(2, Double(lowestNote + $0 - 69) / 12) }
    }

    public func prepare(_ spec: ProcessSpec) {
        release()
        hopFrames = Int((spec.sampleRate / Self.framesPerSecond).rounded())
        frameSize = OnsetDetector.windowFrames(sampleRate: spec.sampleRate)
        latencyFrames = frameSize / 2 - 1
        let transform = StreamingSTFT(frameSize: frameSize, hopFrames: hopFrames)
        stft = transform
        semitoneBands = SemitoneBands(binCount: transform.binCount, frameSize: frameSize, hopFrames: hopFrames,
                                      sampleRate: spec.sampleRate)
        mono = .allocate(capacity: spec.maximumBlockFrames)
        maximumEventsPerBlock = spec.maximumBlockFrames / hopFrames + 2
        reset()
    }

    public func reset() {
        stft?.reset()
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<BandSpectrumFrame>) {
        guard let stft, let semitoneBands, let mono, block.frameCount > 0 else { return }
        block.mixDown(into: mono)
        stft.push(mono, count: block.frameCount) { index, magnitudes in
            events.append(semitoneBands.frame(index: index, magnitudes: magnitudes))
        }
    }

    public func finish(events: inout EventBuffer<BandSpectrumFrame>) {}

    private func release() {
        mono?.deallocate()
        mono = nil
        stft = nil; semitoneBands = nil
    }
}
