import PerformiaCore
import PerformiaDSP

/// The per-frame half of `OnsetDetector`: turns one STFT magnitude frame into an `OnsetFrame`
/// (SuperFlux, Böck & Widmer, DAFx 2013: positive log-filtered spectral flux against the
/// 3-band maximum of the previous frame, plus the frame's coarse chroma and timbre). Holds the
/// previous frame; all storage is allocated in `init`, `frame` and `reset` are real-time safe.
/// Shared by `OnsetDetector` and `OnsetSpectrumDetector`, which own the STFT.
final class OnsetFlux {
    let hopFrames: Int
    let frameSize: Int
    private let filterbank: LogFilterbank
    private let bandCount: Int
    private let lowBandCount: Int
    private let bands: UnsafeMutablePointer<Float>
    private let previous: UnsafeMutablePointer<Float>
    private let previousMax: UnsafeMutablePointer<Float>
    private let pitchClass: UnsafeMutablePointer<Int8>
    private let timbreSlice: UnsafeMutablePointer<Int8>
    private var timbreWeight = SIMD16<Float>()
    private var hasPrevious = false

    /// - Parameters:
    ///   - binCount: bins of the magnitude frames (`StreamingSTFT.binCount`).
    ///   - frameSize: the STFT window in samples; frames are stamped at `index·hopFrames + frameSize/2`.
    ///   - hopFrames: samples between frames.
    ///   - sampleRate: in Hz.
    init(binCount: Int, frameSize: Int, hopFrames: Int, sampleRate: Double) {
        self.frameSize = frameSize
        self.hopFrames = hopFrames
        let bank = LogFilterbank(binCount: binCount, frameSize: frameSize, sampleRate: sampleRate)
        filterbank = bank
        bandCount = bank.bandCount
        lowBandCount = bank.centreHz.filter { $0 < OnsetDetector.lowBandHz }.count
        let capacity = max(bandCount, 1)
        pitchClass = .allocate(capacity: capacity)
        timbreSlice = .allocate(capacity: capacity)
        bands = .allocate(capacity: capacity)
        previous = .allocate(capacity: capacity)
        previousMax = .allocate(capacity: capacity)
        var sliceCounts = SIMD16<Float>()
        for b in 0..<bandCount {
            let hz = bank.centreHz[b]
            if OnsetDetector.chromaRangeHz.contains(hz) {
                let semitone = Int((12 * Math.log2(hz / 440)).rounded()) + 9  // C = 0
                pitchClass[b] = Int8(((semitone % 12) + 12) % 12)
            } else {
                pitchClass[b] = -1
            }
            let slice = min(15, b * 16 / capacity)
            timbreSlice[b] = Int8(slice)
            sliceCounts[slice] += 1
        }
        for s in 0..<16 { timbreWeight[s] = sliceCounts[s] > 0 ? 1 / sliceCounts[s] : 0 }
    }

    deinit {
        pitchClass.deallocate(); timbreSlice.deallocate()
        bands.deallocate(); previous.deallocate(); previousMax.deallocate()
    }

    /// Forgets the previous frame: the next frame has no flux.
    func reset() { hasPrevious = false }

    /// The onset frame of STFT frame `index` from its `magnitudes`.
    @inline(__always)
    func frame(index: Int, magnitudes: UnsafePointer<Float>) -> OnsetFrame {
        filterbank.apply(magnitudes, into: bands)
        var chroma = SIMD16<Float>()
        var timbre = SIMD16<Float>()
        for b in 0..<bandCount {
            bands[b] = Math.log(1 + bands[b])
            let pc = Int(pitchClass[b])
            if pc >= 0 { chroma[pc] += bands[b] }
            timbre[Int(timbreSlice[b])] += bands[b]
        }
        timbre *= timbreWeight
        var flux: Float = 0
        var lowFlux: Float = 0
        if hasPrevious {
            for b in 0..<bandCount {
                let rise = bands[b] - previousMax[b]
                if rise > 0 {
                    flux += rise
                    if b < lowBandCount { lowFlux += rise }
                }
            }
        }
        // Keep this frame and its 3-band maximum for the next difference.
        for b in 0..<bandCount {
            previous[b] = bands[b]
        }
        for b in 0..<bandCount {
            var m = previous[b]
            if b > 0 { m = max(m, previous[b - 1]) }
            if b + 1 < bandCount { m = max(m, previous[b + 1]) }
            previousMax[b] = m
        }
        hasPrevious = true
        return OnsetFrame(time: SampleTime(index * hopFrames + frameSize / 2), flux: flux, lowFlux: lowFlux,
                          chroma: chroma, timbre: timbre)
    }
}
