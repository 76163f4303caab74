import PerformiaCore
import PerformiaDSP

/// The per-frame half of `BandSpectrumDetector`: one STFT magnitude frame filtered into the
/// `BandSpectrumDetector.bandCount` semitone bands at fixed centres, `ln(1 + magnitude)`.
/// Stateless between frames; all storage is allocated in `init`, `frame` is real-time safe.
/// Shared by `BandSpectrumDetector` and `OnsetSpectrumDetector`, which own the STFT.
final class SemitoneBands {
    let hopFrames: Int
    let frameSize: Int
    private let filterbank: LogFilterbank
    private let bands: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - binCount: bins of the magnitude frames (`StreamingSTFT.binCount`).
    ///   - frameSize: the STFT window in samples; frames are stamped at `index·hopFrames + frameSize/2`.
    ///   - hopFrames: samples between frames.
    ///   - sampleRate: in Hz.
    init(binCount: Int, frameSize: Int, hopFrames: Int, sampleRate: Double) {
        self.frameSize = frameSize
        self.hopFrames = hopFrames
        filterbank = LogFilterbank(binCount: binCount, frameSize: frameSize, sampleRate: sampleRate,
                                   centreHz: BandSpectrumDetector.centreHz)
        bands = .allocate(capacity: BandSpectrumDetector.bandCount)
    }

    deinit { bands.deallocate() }

    /// The band frame of STFT frame `index` from its `magnitudes`.
    @inline(__always)
    func frame(index: Int, magnitudes: UnsafePointer<Float>) -> BandSpectrumFrame {
        filterbank.apply(magnitudes, into: bands)
        var frame = BandSpectrumFrame(time: SampleTime(index * hopFrames + frameSize / 2))
        for b in 0..<BandSpectrumDetector.bandCount { frame[b] = Math.log(1 + bands[b]) }
        return frame
    }
}
