import PerformiaCore

/// Triangular filters on a logarithmic frequency axis (bandsPerOctave bands between
/// minimumHz and maximumHz, centres aligned to A4 = 440 Hz, duplicate bins merged), each
/// normalised to unit area — the filterbank of SuperFlux (Böck & Widmer, "Maximum filter
/// vibrato suppression for onset detection", DAFx 2013) and madmom's LogarithmicFilterbank.
/// Allocated in `init`; `apply` is real-time safe.
public final class LogFilterbank {
    public let bandCount: Int
    /// Centre frequency of each band, in Hz.
    public let centreHz: [Double]
    private let starts: UnsafeMutablePointer<Int32>
    private let lengths: UnsafeMutablePointer<Int32>
    private let weights: UnsafeMutablePointer<Float>
    private let offsets: UnsafeMutablePointer<Int32>

    /// - Parameters:
    ///   - binCount: FFT bins of the input spectrum (frameSize/2 + 1).
    ///   - frameSize: FFT length in samples.
    public init(binCount: Int, frameSize: Int, sampleRate: Double, bandsPerOctave: Int = 24,
                minimumHz: Double = 30, maximumHz: Double = 17000) {
        let binHz = sampleRate / Double(frameSize)
        let top = min(maximumHz, sampleRate / 2)
        // Centre bins of log-spaced frequencies, de-duplicated.
        var bins: [Int] = []
        var frequencies: [Double] = []
        let lowest = Int((Double(bandsPerOctave) * Math.log2(minimumHz / 440)).rounded(.up))
        let highest = Int((Double(bandsPerOctave) * Math.log2(top / 440)).rounded(.down))
        if lowest <= highest {
            for i in lowest...highest {
                let hz = 440 * Math.pow(2, Double(i) / Double(bandsPerOctave))
                let bin = Int((hz / binHz).rounded())
                if bin >= binCount { break }
                if bins.last != bin {
                    bins.append(bin)
                    frequencies.append(Double(bin) * binHz)
                }
            }
        }
        // Triangles span neighbour centres; the first and last centres only bound others.
        let count = max(bins.count - 2, 0)
        bandCount = count
        var centres: [Double] = []
        starts = .allocate(capacity: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        offsets = .allocate(capacity: max(count, 1))
        var totalWeights = 0
        for b in 0..<count { totalWeights += bins[b + 2] - bins[b] + 1 }
        weights = .allocate(capacity: max(totalWeights, 1))
        var offset = 0
        for b in 0..<count {
            let lo = bins[b], mid = bins[b + 1], hi = bins[b + 2]
            centres.append(frequencies[b + 1])
            starts[b] = Int32(lo)
            lengths[b] = Int32(hi - lo + 1)
            offsets[b] = Int32(offset)
            var sum: Float = 0
            for k in lo...hi {
                let w: Float
                if k <= mid {
                    w = mid == lo ? 1 : Float(k - lo) / Float(mid - lo)
                } else {
                    w = Float(hi - k) / Float(hi - mid)
                }
                weights[offset + k - lo] = w
                sum += w
            }
            for k in lo...hi { weights[offset + k - lo] /= max(sum, 1e-9) }
            offset += hi - lo + 1
        }
        centreHz = centres
    }

    /// A filterbank with one band per given centre frequency — the same bands at every sample
    /// rate, as a learned model needs. Each band is the triangle from the previous centre to the
    /// next (the first and last mirror their inner neighbour), normalised to unit sum; a band
    /// narrower than two FFT bins (the low semitones: 1.9 Hz wide at 32.7 Hz against 21.5 Hz bins
    /// at 44.1 kHz / 2048) is the spectrum linearly interpolated at its centre instead.
    /// - Parameter centreHz: increasing centre frequencies below the Nyquist frequency.
    public init(binCount: Int, frameSize: Int, sampleRate: Double, centreHz: [Double]) {
        let binHz = sampleRate / Double(frameSize)
        let count = centreHz.count
        bandCount = count
        self.centreHz = centreHz
        var rows: [(start: Int, weights: [Float])] = []
        for b in 0..<count {
            let centre = centreHz[b]
            let below = b > 0 ? centreHz[b - 1] : centre * centre / centreHz[min(1, count - 1)]
            let above = b + 1 < count ? centreHz[b + 1] : centre * centre / centreHz[max(0, count - 2)]
            let first = Int((below / binHz).rounded(.up)), last = min(binCount - 1, Int((above / binHz).rounded(.down)))
            if above - below < 2 * binHz || last < first {
                let position = min(centre / binHz, Double(binCount - 1))
                let lower = min(Int(position), binCount - 2)
                let fraction = Float(position - Double(lower))
                rows.append((lower, [1 - fraction, fraction]))
                continue
            }
            var weights: [Float] = []
            for k in first...last {
                let hz = Double(k) * binHz
                let w = hz <= centre ? (hz - below) / (centre - below) : (above - hz) / (above - centre)
                weights.append(Float(max(0, w)))
            }
            let sum = weights.reduce(0, +)
            rows.append((first, weights.map { $0 / max(sum, 1e-9) }))
        }
        starts = .allocate(capacity: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        offsets = .allocate(capacity: max(count, 1))
        weights = .allocate(capacity: max(rows.reduce(0) { $0 + $1.weights.count }, 1))
        var offset = 0
        for (b, row) in rows.enumerated() {
            starts[b] = Int32(row.start)
            lengths[b] = Int32(row.weights.count)
            offsets[b] = Int32(offset)
            for (i, w) in row.weights.enumerated() { weights[offset + i] = w }
            offset += row.weights.count
        }
    }

    deinit {
        starts.deallocate(); lengths.deallocate(); weights.deallocate(); offsets.deallocate()
    }

    /// `output[b] = Σ_k weight_b(k) · spectrum[k]` for every band.
    @inline(__always)
    public func apply(_ spectrum: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        for b in 0..<bandCount {
            let start = Int(starts[b]), length = Int(lengths[b]), offset = Int(offsets[b])
            var sum: Float = 0
            for i in 0..<length { sum += weights[offset + i] * spectrum[start + i] }
            output[b] = sum
        }
    }
}
