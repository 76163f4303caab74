/// Moves beats that sit on the swung off-beat back onto the beat. Swung eighths are long-short:
/// the off-beat falls about two thirds of the way through the beat. When that off-beat is the
/// loudest onset (a rim click, a hi-hat, a comping chord on the "and"), a tracker can lock to it
/// at the right tempo; its beats then hear the next onset only a third of a beat later, and
/// nothing two thirds later — short-long, a pattern swing never has (swing ratio 3:2 to 2:1;
/// Friberg & Sundström, "Swing ratios and ensemble timing in jazz performance", Music
/// Perception 2002). Where the onsets around the beats read short-long, each beat is moved to
/// the onset after its short gap. The evidence is pooled over a few bars around each beat, so
/// a song that slips onto the off-beat for a while is corrected only there. Straight eighths
/// (an onset half-way), sixteenths and triplets (onsets both early and late in the beat) give
/// no short-long contrast and are left alone.
public struct SwingPhaseCorrector: Sendable {
    /// How much stronger the onsets early in the beat must be than those late in it and those
    /// half-way.
    public var shortLongRatio = 3.0
    /// Beats on each side of a beat whose evidence is pooled with its own.
    public var windowBeats = 8
    /// Where in the beat (as a share of the beat) the onset after a short gap is looked for…
    public var shortRange = 0.22...0.45
    /// …and the onset after a long gap…
    public var longRange = 0.55...0.78
    /// …and the straight off-beat.
    public var halfRange = 0.46...0.54
    /// The onsets after the short gap must reach this share of those on the beats: the beat
    /// they are, not a passing note.
    public var shortShare = 0.15

    public init() {}

    /// Returns the beats, those on a swung off-beat moved to the beat that follows them.
    /// - Parameter novelty: the unclipped onset novelty (`BeatActivation.novelty`), one value per
    ///   frame; `beats` are frames into it, in order.
    public func correct(beats: [Int], novelty: [Float]) -> [Int] {
        let count = beats.count
        guard count >= 2 * windowBeats else { return beats }
        var onBeat = [Double](repeating: 0, count: count)
        var short = onBeat, half = onBeat, long = onBeat
        var shortFrame = beats
        for i in 0..<count {
            let period = i + 1 < count ? beats[i + 1] - beats[i] : beats[i] - beats[i - 1]
            let early = strongest(novelty, from: beats[i], period: period, in: shortRange)
            onBeat[i] = Double(novelty[beats[i]])
            short[i] = early.value
            shortFrame[i] = early.frame
            half[i] = strongest(novelty, from: beats[i], period: period, in: halfRange).value
            long[i] = strongest(novelty, from: beats[i], period: period, in: longRange).value
        }
        var corrected = beats
        for i in 0..<count {
            let window = max(0, i - windowBeats)...min(count - 1, i + windowBeats)
            func pooled(_ x: [Double]) -> Double { window.reduce(0.0) { $0 + x[$1] } }
            let early = pooled(short)
            if early > shortLongRatio * max(pooled(long), pooled(half)) && early > shortShare * pooled(onBeat) {
                corrected[i] = shortFrame[i]
            }
        }
        return corrected
    }

    /// The largest novelty between `range` shares of a beat of `period` frames after `from`.
    private func strongest(_ novelty: [Float], from: Int, period: Int,
                           in range: ClosedRange<Double>) -> (value: Double, frame: Int) {
        let lo = from + Int((range.lowerBound * Double(period)).rounded(.up))
        let hi = min(novelty.count - 1, from + Int((range.upperBound * Double(period)).rounded(.down)))
        guard lo <= hi else { return (0, from) }
        var best = lo
        for f in lo...hi where novelty[f] > novelty[best] { best = f }
        return (Double(novelty[best]), best)
    }
}
