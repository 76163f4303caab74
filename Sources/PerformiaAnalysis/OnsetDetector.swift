import PerformiaCore
import PerformiaDSP

/// Streaming onset detection function: SuperFlux (Böck & Widmer, "Maximum filter vibrato
/// suppression for onset detection", DAFx 2013) — positive log-filtered spectral flux against a
/// frequency-max-filtered previous frame.
///
/// - Input: any channel count (mixed to mono), any sample rate ≥ 8 kHz.
/// - Output: one `OnsetFrame` every `hopFrames` (sampleRate/100, i.e. 100 frames per second),
///   with a Hann window of `frameSize` ≈ 46 ms (the nearest power of two: 2048 at 44.1 and
///   48 kHz), 24 bands per octave from
///   30 Hz to 17 kHz, log(1 + magnitude), max filter over 3 bands, difference lag 1 frame.
///   Each frame also carries a coarse chroma and a 16-slice spectral envelope (`timbre`).
/// - Time stamps: the STFT has no centre padding, so frame k covers `[k·hop, k·hop + frameSize)`;
///   it is stamped at its centre, `k·hop + frameSize/2`. An ideal click peaks a quarter window
///   later, but real instruments rise over milliseconds and reach their largest flux later too:
///   stamped at the centre, beats placed between frames at the novelty peak (`RhythmAnalyzer`)
///   fall 1.6 ms after the note-on times of the eval's dev set (median over songs) and 0.9 ms
///   after them on the held-out set (on whole frames they fell 3 and 4 ms before; stamped a
///   quarter window later, 9 and 8 ms after). A click track stays within 12 ms (tests).
/// - Latency: `frameSize/2 − 1` frames (the second half of the window), 1023 at 44.1 kHz (23 ms).
/// - Causal; real-time safe after `prepare` (verified by `ProcessorVerifier`).
public final class OnsetDetector: Processor {
    /// Frames per second of the detection function.
    public static let framesPerSecond = 100.0
    /// Upper edge of the low band, in Hz.
    public static let lowBandHz = 250.0
    /// Bands whose centres lie in this range feed `OnsetFrame.chroma`, in Hz.
    public static let chromaRangeHz = 65.0...2100.0

    public private(set) var frameSize = 0
    public private(set) var hopFrames = 0
    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0

    private var stft: StreamingSTFT?
    private var flux: OnsetFlux?
    private var mono: UnsafeMutablePointer<Float>?

    public init() {}

    deinit { release() }

    /// The STFT window at `sampleRate`, in samples: the power of two nearest (in octaves) to
    /// 46.4 ms, 2048 at 44.1 and 48 kHz alike. `BandSpectrumDetector` uses the same window.
    static func windowFrames(sampleRate: Double) -> Int {
        var size = 256
        while Double(size) * 2.0.squareRoot() < sampleRate * 0.0464 { size *= 2 }
        return size
    }

    public func prepare(_ spec: ProcessSpec) {
        release()
        hopFrames = Int((spec.sampleRate / Self.framesPerSecond).rounded())
        frameSize = Self.windowFrames(sampleRate: spec.sampleRate)
        latencyFrames = frameSize / 2 - 1
        let transform = StreamingSTFT(frameSize: frameSize, hopFrames: hopFrames)
        stft = transform
        flux = OnsetFlux(binCount: transform.binCount, frameSize: frameSize, hopFrames: hopFrames,
                         sampleRate: spec.sampleRate)
        mono = .allocate(capacity: spec.maximumBlockFrames)
        maximumEventsPerBlock = spec.maximumBlockFrames / hopFrames + 2
        reset()
    }

    public func reset() {
        stft?.reset()
        flux?.reset()
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<OnsetFrame>) {
        guard let stft, let flux, let mono, block.frameCount > 0 else { return }
        block.mixDown(into: mono)
        stft.push(mono, count: block.frameCount) { index, magnitudes in
            events.append(flux.frame(index: index, magnitudes: magnitudes))
        }
    }

    /// The STFT needs no look-ahead beyond its window, which `process` already waited for.
    public func finish(events: inout EventBuffer<OnsetFrame>) {}

    private func release() {
        mono?.deallocate()
        mono = nil
        stft = nil; flux = nil
    }
}
