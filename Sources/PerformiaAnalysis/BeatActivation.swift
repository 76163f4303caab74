import PerformiaCore

/// Turns an onset detection function into a beat activation in [0, 1] for the bar-pointer
/// model: the novelty (full-band plus low-band flux, the low band weighted for kick and bass)
/// with its moving average removed, then scaled by a running high percentile so that quiet and
/// loud passages weigh alike. A peak-picking-free front end in the spirit of Davies & Plumbley
/// ("Context-dependent beat tracking of musical audio", IEEE TASLP 2007, adaptive threshold).
public enum BeatActivation {
    /// Scales novelty into [0, 1] by a running 95th percentile.
    /// - Parameter normaliseSeconds: width of the window whose 95th percentile maps to 1, in
    ///   seconds; the level is computed per block of half that width and held over the block.
    public static func normalise(_ novelty: [Float], framesPerSecond: Double, normaliseSeconds: Double = 6) -> [Float] {
        let n = novelty.count
        guard n > 0 else { return [] }
        let block = max(1, Int(normaliseSeconds * framesPerSecond / 2))
        var levels: [Float] = []
        var start = 0
        while start < n {
            let lo = max(0, start - block / 2), hi = min(n, start + block + block / 2)
            var slice = Array(novelty[lo..<hi])
            slice.sort()
            levels.append(slice[min(slice.count - 1, Int(Double(slice.count) * 0.95))])
            start += block
        }
        let globalLevel = max(levels.max() ?? 0, 1e-6)
        var activation = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let level = max(levels[i / block], globalLevel * 0.05)
            activation[i] = min(1, novelty[i] / level)
        }
        return activation
    }

    /// Full-band plus low-band flux with its moving average (`meanSeconds` wide, in seconds)
    /// removed and negative values set to 0: the unnormalised novelty under the activation.
    /// `fluxWeight` and `lowFluxWeight` weigh the two bands (the low band alone: 0 and 1).
    public static func novelty(_ signal: OnsetSignal, meanSeconds: Double = 0.5,
                               fluxWeight: Float = 1, lowFluxWeight: Float = 1) -> [Float] {
        let n = signal.count
        var novelty = [Float](repeating: 0, count: n)
        for i in 0..<n { novelty[i] = fluxWeight * signal.flux[i] + lowFluxWeight * signal.lowFlux[i] }
        let smooth = movingAverage(novelty, radius: Int(meanSeconds * signal.framesPerSecond / 2))
        for i in 0..<n { novelty[i] = max(0, novelty[i] - smooth[i]) }
        return novelty
    }

    /// Centred moving average with the given radius in frames.
    static func movingAverage(_ x: [Float], radius: Int) -> [Float] {
        let n = x.count
        guard radius > 0, n > 0 else { return x }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + Double(x[i]) }
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let lo = max(0, i - radius), hi = min(n, i + radius + 1)
            out[i] = Float((prefix[hi] - prefix[lo]) / Double(hi - lo))
        }
        return out
    }
}
