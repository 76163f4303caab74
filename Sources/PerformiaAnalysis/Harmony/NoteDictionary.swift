import PerformiaCore

/// The note profiles of NNLS Chroma (Mauch & Dixon 2010): for each of `noteCount` semitones from
/// `lowestNote`, a harmonic series of 20 partials with amplitudes sᵏ⁻¹ laid on the log-frequency axis of `LogFrequencySpectrum` (three bins per semitone), each partial a
/// triangle two bins wide at its exact, unrounded position. Columns are scaled to unit norm.
/// The decay s is 0.85 where Mauch & Dixon used 0.7: the eval songs' pianos, organs and guitars
/// have stronger upper partials, and 0.85 raised sevenths WCSR by 5–8 points on both the dev and
/// the held-out set (docs/benchmarks.md).
/// Stored sparsely: `atb` (Aᵀb for a spectrum b) costs about 60 multiply-adds per note.
public struct NoteDictionary: Sendable {
    public static let partialCount = 20
    public static let partialDecay = 0.85

    public let lowestNote: Int
    public let noteCount: Int
    public let binCount: Int
    /// Per note: (bin, weight) pairs.
    private let entries: [[(bin: Int, weight: Double)]]

    /// - Parameters:
    ///   - lowestNote: MIDI note of column 0.
    ///   - binCount: log bins of the spectrum; bin j is MIDI pitch `binPitchOrigin + j/3`.
    public init(lowestNote: Int, noteCount: Int, binPitchOrigin: Double, binCount: Int) {
        self.lowestNote = lowestNote
        self.noteCount = noteCount
        self.binCount = binCount
        let perSemitone = Double(LogFrequencySpectrum.binsPerSemitone)
        var all: [[(bin: Int, weight: Double)]] = []
        for n in 0..<noteCount {
            var column = [Double](repeating: 0, count: binCount)
            var amplitude = 1.0
            for h in 1...Self.partialCount {
                let position = (Double(lowestNote + n) - binPitchOrigin + 12 * Math.log2(Double(h))) * perSemitone
                let low = Int(position.rounded(.down)) - 1
                for b in low...(low + 3) where b >= 0 && b < binCount {
                    let d = Double(b) - position
                    column[b] += amplitude * max(0, 1 - (d < 0 ? -d : d))
                }
                amplitude *= Self.partialDecay
            }
            var norm = 0.0
            for v in column { norm += v * v }
            norm = norm.squareRoot()
            var list: [(bin: Int, weight: Double)] = []
            for b in 0..<binCount where column[b] > 0 { list.append((b, column[b] / norm)) }
            all.append(list)
        }
        entries = all
    }

    /// AᵀA, row-major `noteCount × noteCount`.
    public func gram() -> [Double] {
        var dense = [Double](repeating: 0, count: noteCount * binCount)
        for n in 0..<noteCount { for e in entries[n] { dense[n * binCount + e.bin] = e.weight } }
        var g = [Double](repeating: 0, count: noteCount * noteCount)
        for i in 0..<noteCount {
            for j in i..<noteCount {
                var s = 0.0
                for e in entries[i] { s += e.weight * dense[j * binCount + e.bin] }
                g[i * noteCount + j] = s
                g[j * noteCount + i] = s
            }
        }
        return g
    }

    /// Flattened sparse columns for `NNLSChromaDetector`: per note, the (bin, weight) pairs.
    public var sparseColumns: [[(bin: Int, weight: Double)]] { entries }
}
