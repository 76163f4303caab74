import PerformiaCore
import PerformiaDSP

/// `OnsetDetector` and `BandSpectrumDetector` over one shared STFT: both use the same Hann
/// window and hop, so the offline analysis, which needs both, transforms each frame once.
/// Each output frame holds exactly what the two detectors would emit for that STFT frame
/// (tested).
///
/// - Input: any channel count (mixed to mono), any sample rate ≥ 32 kHz.
/// - Output: one `OnsetSpectrumFrame` every `hopFrames` (sampleRate/100), window `frameSize`
///   (2048 at 44.1 and 48 kHz), stamped at the window centre `k·hop + frameSize/2`.
/// - Latency: `frameSize/2 − 1` frames.
/// - Causal; real-time safe after `prepare` (verified by `ProcessorVerifier`).
public final class OnsetSpectrumDetector: Processor {
    public private(set) var frameSize = 0
    public private(set) var hopFrames = 0
    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0

    private var stft: StreamingSTFT?
    private var flux: OnsetFlux?
    private var semitoneBands: SemitoneBands?
    private var mono: UnsafeMutablePointer<Float>?

    public init() {}

    deinit { release() }

    public func prepare(_ spec: ProcessSpec) {
        release()
        hopFrames = Int((spec.sampleRate / OnsetDetector.framesPerSecond).rounded())
        frameSize = OnsetDetector.windowFrames(sampleRate: spec.sampleRate)
        latencyFrames = frameSize / 2 - 1
        let transform = StreamingSTFT(frameSize: frameSize, hopFrames: hopFrames)
        stft = transform
        flux = OnsetFlux(binCount: transform.binCount, frameSize: frameSize, hopFrames: hopFrames,
                         sampleRate: spec.sampleRate)
        semitoneBands = SemitoneBands(binCount: transform.binCount, frameSize: frameSize, hopFrames: hopFrames,
                                      sampleRate: spec.sampleRate)
        mono = .allocate(capacity: spec.maximumBlockFrames)
        maximumEventsPerBlock = spec.maximumBlockFrames / hopFrames + 2
        reset()
    }

    public func reset() {
        stft?.reset()
        flux?.reset()
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<OnsetSpectrumFrame>) {
        guard let stft, let flux, let semitoneBands, let mono, block.frameCount > 0 else { return }
        block.mixDown(into: mono)
        stft.push(mono, count: block.frameCount) { index, magnitudes in
            events.append(OnsetSpectrumFrame(onset: flux.frame(index: index, magnitudes: magnitudes),
                                             bands: semitoneBands.frame(index: index, magnitudes: magnitudes)))
        }
    }

    public func finish(events: inout EventBuffer<OnsetSpectrumFrame>) {}

    private func release() {
        mono?.deallocate()
        mono = nil
        stft = nil; flux = nil; semitoneBands = nil
    }
}
