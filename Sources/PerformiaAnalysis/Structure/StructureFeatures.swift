import PerformiaCore

/// Beat-synchronous features for structure analysis: one chroma and one timbre vector per beat
/// (the mean over the detector frames from the beat to the next one), and the bars as ranges
/// of beats. Working at beat rate keeps every matrix of the structure stage small: a 10-minute
/// song at 120 BPM has 1 200 beats, against 60 000 detector frames.
///
/// - chroma: lanes 0…11 (C…B). Per beat the mean over the pitch classes is removed (the flat
///   part that drums and noise add), then the song's mean chroma (the key and the mix colour,
///   which every beat shares), then the vector is scaled to unit length, so that a dot product
///   is a cosine that contrasts chords instead of reporting that every beat is in the same key.
/// - timbre: the 16 log-frequency slices of the spectral envelope plus log full-band and
///   low-band onset strength (the groove), each standardised over the song (z-scores).
/// - loudness: the mean of the raw envelope slices, for the labeller.
struct StructureFeatures {
    var chroma: [SIMD16<Float>] = []
    var timbre: [SIMD16<Float>] = []
    var onset: [SIMD2<Float>] = []
    var loudness: [Float] = []
    /// Beat index ranges of the bars, in order, tiling 0..<beatCount. Beats before the first
    /// downbeat form their own (short) bar; a last bar of less than half a bar joins the bar
    /// before it.
    var bars: [Range<Int>] = []
    /// Start of every beat and the end of the last one, as SampleTimes (beatCount + 1 values).
    var edges: [SampleTime] = []
    var beatsPerBar = 4

    var beatCount: Int { chroma.count }
    var barCount: Int { bars.count }

    init(signal: OnsetSignal, beats: [Beat]) {
        let count = beats.count
        guard count > 0, signal.count > 0 else { return }
        let hop = Double(signal.hopFrames)
        func frame(_ time: SampleTime) -> Int {
            let k = Int(((Double(time) - Double(signal.firstTime)) / hop).rounded())
            return min(max(k, 0), signal.count - 1)
        }
        var beatLength = SampleTime(hop * 50)
        if count >= 2 {
            var intervals: [SampleTime] = []
            intervals.reserveCapacity(count - 1)
            for k in 1..<count { intervals.append(beats[k].time - beats[k - 1].time) }
            intervals.sort()
            beatLength = max(1, intervals[intervals.count / 2])
        }
        edges = beats.map { $0.time }
        let signalEnd = signal.time(ofFrame: Double(signal.count))
        edges.append(max(beats[count - 1].time + 1, min(beats[count - 1].time + beatLength, signalEnd)))

        let lanes12 = SIMD16<Float>(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0)
        chroma.reserveCapacity(count)
        timbre.reserveCapacity(count)
        onset.reserveCapacity(count)
        loudness.reserveCapacity(count)
        for k in 0..<count {
            let a = frame(edges[k])
            let b = max(a + 1, min(signal.count, frame(edges[k + 1])))
            var c = SIMD16<Float>()
            var t = SIMD16<Float>()
            var o = SIMD2<Float>()
            for f in a..<b {
                c += signal.chroma[f]
                t += signal.timbre[f]
                o += SIMD2(signal.flux[f], signal.lowFlux[f])
            }
            let scale = 1 / Float(b - a)
            c *= scale * lanes12
            t *= scale
            o *= scale
            chroma.append(c)
            timbre.append(t)
            onset.append(SIMD2(Math.log(o.x + 1e-3), Math.log(o.y + 1e-3)))
            loudness.append(t.sum() / 16)
        }
        Self.normaliseChroma(&chroma, mask: lanes12)
        Self.standardise(&timbre)
        Self.standardise(&onset)

        var start = 0
        for k in 1..<max(1, count) where beats[k].bar != beats[k - 1].bar {
            bars.append(start..<k)
            start = k
        }
        bars.append(start..<count)
        beatsPerBar = max(1, beats.reduce(1) { max($0, $1.beatInBar) })
        // A last bar of less than half a bar (the final chord's downbeat) ends the bar before
        // it: alone it would be a section of a beat.
        if bars.count >= 2, let last = bars.last, 2 * last.count < beatsPerBar {
            bars.removeLast()
            bars[bars.count - 1] = bars[bars.count - 1].lowerBound..<count
        }
    }

    /// Squared distance between the timbre (envelope and onset) features of two beats or means.
    @inline(__always)
    static func distance2(_ t1: SIMD16<Float>, _ o1: SIMD2<Float>, _ t2: SIMD16<Float>, _ o2: SIMD2<Float>) -> Float {
        let dt = t1 - t2
        let d0 = o1 - o2
        return (dt * dt).sum() + (d0 * d0).sum()
    }

    /// Mean timbre of a range of beats.
    func meanTimbre(_ range: Range<Int>) -> (SIMD16<Float>, SIMD2<Float>) {
        var t = SIMD16<Float>()
        var o = SIMD2<Float>()
        for k in range {
            t += timbre[k]
            o += onset[k]
        }
        let scale = 1 / Float(max(1, range.count))
        return (t * scale, o * scale)
    }

    private static func normaliseChroma(_ chroma: inout [SIMD16<Float>], mask: SIMD16<Float>) {
        guard !chroma.isEmpty else { return }
        var mean = SIMD16<Float>()
        for k in chroma.indices {
            chroma[k] = (chroma[k] - SIMD16(repeating: chroma[k].sum() / 12)) * mask
            mean += chroma[k]
        }
        mean /= Float(chroma.count)
        for k in chroma.indices {
            let c = chroma[k] - mean
            let norm = (c * c).sum().squareRoot()
            chroma[k] = norm > 1e-9 ? c / norm : SIMD16()
        }
    }

    private static func standardise<V: SIMD>(_ x: inout [V]) where V.Scalar == Float {
        guard !x.isEmpty else { return }
        var mean = V()
        for v in x { mean += v }
        mean /= Float(x.count)
        var variance = V()
        for v in x { variance += (v - mean) * (v - mean) }
        variance /= Float(x.count)
        var inverse = V()
        for i in 0..<V.scalarCount { inverse[i] = 1 / (variance[i].squareRoot() + 1e-6) }
        for k in x.indices { x[k] = (x[k] - mean) * inverse }
    }
}
