import PerformiaCore

/// Tempo estimation from a beat activation by windowed autocorrelation with a comb over the
/// first four multiples of each period (the periodicity analysis of Scheirer, "Tempo and beat
/// analysis of acoustic musical signals", JASA 1998, and the comb of Böck, Krebs & Widmer,
/// "Accurate tempo estimation based on recurrent neural networks and resonating comb filters",
/// ISMIR 2015), weighted by a log-normal tempo prior (Ellis, "Beat tracking by dynamic
/// programming", JNMR 2007).
///
/// The global tempo maximises the prior-weighted salience summed over the song; the curve is the
/// Viterbi path through the windows' normalised saliences, within `curveRangeRatio` of the global
/// tempo, with a cost per octave of change between windows, then a median filter. Offline (uses the whole song); the per-window salience is the part a causal tracker
/// reuses.
public struct TempoEstimator: Sendable {
    public var minimumBPM = 40.0
    public var maximumBPM = 240.0
    /// Centre of the tempo prior, in BPM, and its width in octaves.
    public var priorBPM = 120.0
    public var priorOctaves = 1.0
    /// Analysis window and hop, in seconds.
    public var windowSeconds = 8.0
    public var hopSeconds = 1.0
    /// How far the local tempo may stray from the global one (0.5 = from ÷1.5 to ×1.5).
    public var curveRangeRatio = 0.5
    /// Cost of a tempo change between consecutive windows, per octave (log-salience units).
    public var curveChangeCostPerOctave = 12.0
    /// Multiples of each period summed by the comb.
    public var combTerms = 4
    /// Which quantile of the windows' pulse clarities is the song's (0.75: a pulse heard in at
    /// least a quarter of the song counts, so a long free intro does not hide it).
    public var pulseClarityQuantile = 0.75

    public init() {}

    /// Chooses the global level among the prior's favourite and its double and half.
    public var octaveModel = TempoOctaveModel.prior

    /// - Parameters:
    ///   - activation: beat activation, `fps` frames per second.
    ///   - lowBandActivation: the same from the low band only (kick, bass), evidence for the
    ///     octave decision; nil leaves that feature at 0.
    public func estimate(activation: [Float], lowBandActivation: [Float]? = nil,
                         framesPerSecond fps: Double) -> TempoEstimate {
        guard let analysis = periodicity(activation: activation, lowBandActivation: lowBandActivation,
                                         framesPerSecond: fps) else {
            return TempoEstimate(globalBPM: priorBPM, curve: [], confidence: 0, pulseClarity: 0)
        }
        let chosen = analysis.candidates[octaveModel.choose(analysis.candidates)]
        let globalLag = chosen.lag
        let local = followCurve(analysis.windowSaliences, globalLag: globalLag, minLag: analysis.minLag)
        let smoothed = medianFilter(local, radius: 3).map { 60 * fps / $0 }
        var curve: [TempoPoint] = []
        for (i, bpm) in smoothed.enumerated() { curve.append(TempoPoint(seconds: analysis.windowCentres[i], bpm: bpm)) }
        return TempoEstimate(globalBPM: 60 * fps / globalLag, curve: curve, confidence: analysis.confidence,
                             pulseClarity: analysis.pulseClarity)
    }

    /// The octave candidates of a song with their features (for `TempoOctaveModel` and its
    /// training); empty when the song is too short.
    public func octaveCandidates(activation: [Float], lowBandActivation: [Float]?,
                                 framesPerSecond fps: Double) -> [TempoCandidate] {
        periodicity(activation: activation, lowBandActivation: lowBandActivation, framesPerSecond: fps)?.candidates ?? []
    }

    private struct Periodicity {
        var minLag: Int
        var windowSaliences: [[Double]]
        var windowCentres: [Double]
        var candidates: [TempoCandidate]
        var confidence: Double
        var pulseClarity: Double
    }

    private func periodicity(activation: [Float], lowBandActivation: [Float]?, framesPerSecond fps: Double) -> Periodicity? {
        let minLag = max(2, Int((60 * fps / maximumBPM).rounded(.down)))
        let maxLag = Int((60 * fps / minimumBPM).rounded(.up))
        let combLag = maxLag * combTerms
        let window = Int(windowSeconds * fps)
        let hop = max(1, Int(hopSeconds * fps))
        let n = activation.count
        guard n > maxLag * 2 else { return nil }
        let lagCount = maxLag - minLag + 1
        var windowSaliences: [[Double]] = []
        var windowCentres: [Double] = []
        var clarities: [Double] = []
        var plain = [Double](repeating: 0, count: lagCount)
        var low = [Double](repeating: 0, count: lagCount)
        let lowBand = lowBandActivation.flatMap { $0.count == n ? $0 : nil }
        var start = 0
        repeat {
            let end = min(n, start + window)
            let s = salience(activation, from: start, to: end, minLag: minLag, maxLag: maxLag, combLag: combLag)
            windowSaliences.append(s.comb)
            clarities.append(s.clarity)
            for i in 0..<lagCount { plain[i] += s.plain[i] }
            if let lowBand {
                let l = salience(lowBand, from: start, to: end, minLag: minLag, maxLag: maxLag, combLag: combLag)
                for i in 0..<lagCount { low[i] += l.comb[i] }
            }
            windowCentres.append(Double(start + end) / 2 / fps)
            start += hop
        } while start + window / 2 < n
        var total = [Double](repeating: 0, count: lagCount)
        for s in windowSaliences { for i in 0..<lagCount { total[i] += s[i] } }
        var best = 0
        var bestScore = -Double.infinity
        var scores = [Double](repeating: 0, count: lagCount)
        for i in 0..<lagCount {
            let bpm = 60 * fps / Double(minLag + i)
            let d = Math.log2(bpm / priorBPM) / priorOctaves
            scores[i] = total[i] * Math.exp(-0.5 * d * d)
            if scores[i] > bestScore { bestScore = scores[i]; best = i }
        }
        let sorted = scores.sorted()
        let median = sorted[sorted.count / 2]
        let confidence = bestScore > 0 ? max(0, min(1, 1 - median / bestScore)) : 0

        // The favourite and its double and half, each moved to the nearest comb peak (±4 %).
        let favourite = refine(scores, best) + Double(minLag)
        var lags: [Double] = []
        for factor in [1.0, 0.5, 2.0] {
            let target = favourite * factor
            guard target >= Double(minLag), target <= Double(maxLag) else { continue }
            lags.append(peakLag(total, near: target, minLag: minLag))
        }
        func value(_ x: [Double], at lag: Double) -> Double {
            let i = min(max(Int(lag.rounded()) - minLag, 0), lagCount - 1)
            return max(x[i], 1e-9)
        }
        let combTop = lags.map { value(total, at: $0) }.max()!
        let plainTop = lags.map { value(plain, at: $0) }.max()!
        let lowTop = lags.map { value(low, at: $0) }.max()!
        let candidates = lags.map { lag -> TempoCandidate in
            let bpm = 60 * fps / lag
            let t = Math.log2(bpm / 120)
            return TempoCandidate(lag: lag, bpm: bpm, features: [
                t, t * t, Math.log(value(total, at: lag) / combTop), Math.log(value(plain, at: lag) / plainTop),
                lowBand == nil ? 0 : Math.log(value(low, at: lag) / lowTop),
            ])
        }
        clarities.sort()
        return Periodicity(minLag: minLag, windowSaliences: windowSaliences, windowCentres: windowCentres,
                           candidates: candidates, confidence: confidence,
                           pulseClarity: clarities[Int(Double(clarities.count - 1) * pulseClarityQuantile)])
    }

    /// The lag of the largest value of `x` within ±4 % of `target`, refined by interpolation.
    private func peakLag(_ x: [Double], near target: Double, minLag: Int) -> Double {
        let lo = max(0, Int((target * 0.96).rounded(.down)) - minLag)
        let hi = min(x.count - 1, Int((target * 1.04).rounded(.up)) - minLag)
        guard lo <= hi else { return target }
        var best = lo
        for i in lo...hi where x[i] > x[best] { best = i }
        return refine(x, best) + Double(minLag)
    }

    /// Comb-summed and plain mean-removed autocorrelation of `x[from..<to]` for lags minLag…maxLag,
    /// and the window's pulse clarity: the largest of those autocorrelations over the variance.
    private func salience(_ x: [Float], from: Int, to: Int, minLag: Int, maxLag: Int,
                          combLag: Int) -> (comb: [Double], plain: [Double], clarity: Double) {
        let length = to - from
        let topLag = min(combLag, length - 1)
        var mean = 0.0
        for i in from..<to { mean += Double(x[i]) }
        mean /= Double(max(length, 1))
        var acf = [Double](repeating: 0, count: max(topLag, 0) + 1)
        // Mean-removed copy, then each lag's products summed eight at a time.
        let m = Float(mean)
        let centred = (from..<to).map { x[$0] - m }
        centred.withUnsafeBufferPointer { c in
            guard let base = c.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let stride = MemoryLayout<Float>.stride
            for lag in 0...max(0, topLag) {
                let count = length - lag
                var lanes = SIMD8<Float>()
                var i = 0
                while i + 8 <= count {
                    lanes += raw.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
                        * raw.loadUnaligned(fromByteOffset: (i + lag) * stride, as: SIMD8<Float>.self)
                    i += 8
                }
                var sum = lanes.sum()
                while i < count { sum += c[i] * c[i + lag]; i += 1 }
                acf[lag] = Double(sum) / Double(count)
            }
        }
        var comb = [Double](repeating: 0, count: maxLag - minLag + 1)
        var plain = comb
        var clarity = 0.0
        for lag in minLag...maxLag {
            if lag <= topLag {
                plain[lag - minLag] = max(0, acf[lag])
                if acf[0] > 0 { clarity = max(clarity, acf[lag] / acf[0]) }
            }
            var s = 0.0
            var k = 1
            while k <= combTerms && lag * k <= topLag {
                s += max(0, acf[lag * k]) / Double(k).squareRoot()
                k += 1
            }
            comb[lag - minLag] = s
        }
        return (comb, plain, clarity)
    }

    /// The smoothest high-salience path of periods (in frames) through the windows (dynamic programming).
    private func followCurve(_ saliences: [[Double]], globalLag: Double, minLag: Int) -> [Double] {
        let lagCount = saliences.first?.count ?? 0
        var candidates: [Int] = []
        for i in 0..<lagCount {
            let ratio = globalLag / Double(minLag + i)
            if ratio >= 1 / (1 + curveRangeRatio) && ratio <= 1 + curveRangeRatio { candidates.append(i) }
        }
        guard !candidates.isEmpty, !saliences.isEmpty else { return saliences.map { _ in 60 / globalLag } }
        let logLag = candidates.map { Math.log2(Double(minLag + $0)) }
        func observation(_ s: [Double]) -> [Double] {
            let top = max(candidates.map { s[$0] }.max() ?? 0, 1e-12)
            return candidates.map { Math.log(max(s[$0] / top, 1e-3)) }
        }
        var score = observation(saliences[0])
        var back: [[Int]] = [Array(0..<candidates.count)]
        for w in 1..<saliences.count {
            let obs = observation(saliences[w])
            var next = [Double](repeating: -.infinity, count: candidates.count)
            var from = [Int](repeating: 0, count: candidates.count)
            for j in 0..<candidates.count {
                for i in 0..<candidates.count {
                    let v = score[i] - curveChangeCostPerOctave * abs(logLag[j] - logLag[i])
                    if v > next[j] { next[j] = v; from[j] = i }
                }
                next[j] += obs[j]
            }
            score = next
            back.append(from)
        }
        var j = score.indices.max { score[$0] < score[$1] }!
        var path = [Int](repeating: 0, count: saliences.count)
        for w in stride(from: saliences.count - 1, through: 0, by: -1) {
            path[w] = j
            j = back[w][j]
        }
        return path.enumerated().map { w, c in refine(saliences[w], candidates[c]) + Double(minLag) }
    }

    /// Parabolic interpolation of a peak at index i.
    private func refine(_ y: [Double], _ i: Int) -> Double {
        guard i > 0 && i + 1 < y.count else { return Double(i) }
        let a = y[i - 1], b = y[i], c = y[i + 1]
        let denom = a - 2 * b + c
        guard denom < 0 else { return Double(i) }
        return Double(i) + max(-0.5, min(0.5, 0.5 * (a - c) / denom))
    }

    private func medianFilter(_ x: [Double], radius: Int) -> [Double] {
        var out = x
        for i in 0..<x.count {
            var w = Array(x[max(0, i - radius)...min(x.count - 1, i + radius)])
            w.sort()
            out[i] = w[w.count / 2]
        }
        return out
    }
}
