import PerformiaCore

/// Maps a linear-frequency magnitude spectrum onto a log-frequency axis of three bins per
/// semitone, bin j centred on MIDI pitch `lowestPitch + j/3` (A4 = 440 Hz), as in the front end of
/// NNLS Chroma (Mauch & Dixon, "Approximate note transcription for the improved identification of
/// difficult chords", ISMIR 2010). Each log bin is a triangular-weighted mean of the linear bins
/// within max(one FFT bin, one third of a semitone) of its centre, so low bins interpolate and
/// high bins average. Allocated in `init`; `apply` is real-time safe.
public final class LogFrequencySpectrum {
    public static let binsPerSemitone = 3
    /// MIDI pitch of bin 0.
    public let lowestPitch: Double
    public let binCount: Int
    private let starts: UnsafeMutablePointer<Int32>
    private let lengths: UnsafeMutablePointer<Int32>
    private let offsets: UnsafeMutablePointer<Int32>
    private let weights: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - linearBinCount: bins of the input spectrum (frameSize/2 + 1).
    ///   - frameSize: FFT length in samples.
    ///   - lowestPitch: MIDI pitch of the first log bin.
    ///   - binCount: log bins; those above Nyquist stay zero.
    public init(linearBinCount: Int, frameSize: Int, sampleRate: Double, lowestPitch: Double, binCount: Int) {
        self.lowestPitch = lowestPitch
        self.binCount = binCount
        let binHz = sampleRate / Double(frameSize)
        let thirdSemitone = Math.pow(2, 1.0 / 36) - 1
        var startList: [Int32] = []
        var lengthList: [Int32] = []
        var offsetList: [Int32] = []
        var weightList: [Float] = []
        for j in 0..<binCount {
            let pitch = lowestPitch + Double(j) / Double(Self.binsPerSemitone)
            let hz = 440 * Math.pow(2, (pitch - 69) / 12)
            let halfWidth = max(binHz, hz * thirdSemitone)
            let first = max(0, Int(((hz - halfWidth) / binHz).rounded(.up)))
            let last = min(linearBinCount - 1, Int(((hz + halfWidth) / binHz).rounded(.down)))
            offsetList.append(Int32(weightList.count))
            startList.append(Int32(first))
            var row: [Float] = []
            if first <= last {
                for k in first...last {
                    let distance = Double(k) * binHz - hz
                    row.append(Float(max(0, 1 - (distance < 0 ? -distance : distance) / halfWidth)))
                }
            }
            let total = row.reduce(0, +)
            if total > 0 { for i in 0..<row.count { row[i] /= total } }
            weightList.append(contentsOf: row)
            lengthList.append(Int32(row.count))
        }
        starts = .allocate(capacity: max(binCount, 1))
        lengths = .allocate(capacity: max(binCount, 1))
        offsets = .allocate(capacity: max(binCount, 1))
        weights = .allocate(capacity: max(weightList.count, 1))
        for j in 0..<binCount {
            starts[j] = startList[j]
            lengths[j] = lengthList[j]
            offsets[j] = offsetList[j]
        }
        for i in 0..<weightList.count { weights[i] = weightList[i] }
    }

    deinit {
        starts.deallocate(); lengths.deallocate(); offsets.deallocate(); weights.deallocate()
    }

    /// Writes `binCount` log-frequency magnitudes into `output`.
    @inline(__always)
    public func apply(_ magnitudes: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        for j in 0..<binCount {
            let start = Int(starts[j])
            let w = weights + Int(offsets[j])
            var sum: Float = 0
            for i in 0..<Int(lengths[j]) { sum += w[i] * magnitudes[start + i] }
            output[j] = sum
        }
    }
}
