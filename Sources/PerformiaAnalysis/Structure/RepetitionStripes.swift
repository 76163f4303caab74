import PerformiaCore

/// Boundary evidence from repetition: a passage that is played again shows in a beat
/// self-similarity matrix as a stripe parallel to the main diagonal, and a stripe starts and
/// ends where a section does — also between two sections that sound alike but carry different
/// chords (a verse and a chorus over one groove), which the timbre cost of `SectionSegmenter`
/// cannot see. This is the path-based view of structure (Paulus, Müller & Klapuri, "Audio-based
/// music structure analysis", ISMIR 2010, §3.2; repetition stripes as in Goto's RefraiD, IEEE
/// TASLP 2006) reduced to what a boundary detector needs: the stripes' end points.
///
/// Each diagonal (lag) is scanned for runs above the `quantile` of the matrix; a run must cover
/// `minimumBars` bars, and so must its lag. Its weight is its mean excess over the threshold
/// (scaled to 0…1) times its length to the power `lengthExponent`, so that whole repeated
/// sections dominate the short coincidences that a handful of shared chords produce. The
/// `strongest` runs (after suppression of near-duplicates at neighbouring lags) vote for the
/// bars that start nearest their four end points (both copies, start and end); a run cut off by
/// the start or the end of the song says nothing there. A run at least as long as its lag but
/// by less than a quarter of it, and cut off by neither end of the song (a passage played twice
/// back to back, whose next section begins like it) votes at its start and one and two lags after it instead: the overhang is not where
/// a section ends.
struct RepetitionStripes {
    var quantile = 0.75
    var minimumBars = 4
    var lengthExponent = 2.0
    var strongest = 8

    struct Stripe: Equatable {
        /// First beat of the first copy; the run covers `start..<end`.
        var start: Int
        var end: Int
        /// Beats between the two copies.
        var lag: Int
        var weight: Double
    }

    /// The strongest stripes of `similarity` whose runs are at least `minimumLength` beats long.
    /// The diagonal is first averaged over two beats (path enhancement, which bridges a single
    /// odd beat), lags shorter than `minimumLength` are skipped (a held chord matches itself a
    /// beat later), and of stripes within `lagTolerance` beats of lag that overlap, only the
    /// strongest is kept (a sustained chord also matches a beat off the true lag).
    func stripes(in similarity: SelfSimilarity, minimumLength: Int, lagTolerance: Int) -> [Stripe] {
        let n = similarity.count
        let minimumLength = max(1, minimumLength)
        guard n >= 2 * minimumLength else { return [] }
        let threshold = Double(similarity.offDiagonalQuantile(quantile))
        let range = max(1e-6, 1 - threshold)
        let candidateLimit = 8 * strongest
        var candidates: [Stripe] = []
        func offer(_ stripe: Stripe) {
            if candidates.count == candidateLimit, let last = candidates.last, last.weight >= stripe.weight { return }
            var k = candidates.count
            while k > 0 && candidates[k - 1].weight < stripe.weight { k -= 1 }
            candidates.insert(stripe, at: k)
            if candidates.count > candidateLimit { candidates.removeLast() }
        }
        for lag in minimumLength...(n - minimumLength) {
            var runStart = -1
            var excess = 0.0
            var previous = Double(similarity[0, lag])
            for i in 0...(n - lag) {
                var value = -Double.infinity
                if i < n - lag {
                    let current = Double(similarity[i, i + lag])
                    value = (previous + current) / 2
                    previous = current
                }
                if value > threshold {
                    if runStart < 0 { runStart = i; excess = 0 }
                    excess += value - threshold
                } else if runStart >= 0 {
                    let length = i - runStart
                    if length >= minimumLength {
                        let weight = excess / Double(length) / range * Math.pow(Double(length), lengthExponent)
                        offer(Stripe(start: runStart, end: i, lag: lag, weight: weight))
                    }
                    runStart = -1
                }
            }
        }
        var kept: [Stripe] = []
        for c in candidates where kept.count < strongest {
            let shadowed = kept.contains { k in
                abs(k.lag - c.lag) <= lagTolerance && k.start < c.end && c.start < k.end
            }
            if !shadowed { kept.append(c) }
        }
        return kept
    }

    /// Evidence (0…1) for a section boundary at the start of each bar, `barStarts` the first
    /// beat of every bar followed by the beat count (one value per entry). Each end point votes
    /// for the nearest bar line within `snapBeats` (half a bar: a downbeat tracked a beat or
    /// two off still gets the vote).
    func boundaryEvidence(_ stripes: [Stripe], barStarts: [Int], beatCount: Int, snapBeats: Int) -> [Double] {
        var evidence = [Double](repeating: 0, count: barStarts.count)
        guard !barStarts.isEmpty else { return evidence }
        func vote(_ beat: Int, _ weight: Double) {
            // nearest bar start (barStarts is sorted)
            var lo = 0
            var hi = barStarts.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if barStarts[mid] < beat { lo = mid + 1 } else { hi = mid }
            }
            var k = lo
            if k > 0 && beat - barStarts[k - 1] < barStarts[k] - beat { k -= 1 }
            if abs(barStarts[k] - beat) <= snapBeats { evidence[k] += weight }
        }
        for s in stripes {
            let overhang = s.end - s.start - s.lag
            if overhang >= 0 && 4 * overhang < s.lag && s.start > 0 && s.end + s.lag < beatCount {
                // The copies meet: a passage played twice back to back, and the run's overhang
                // past the second start is the next section beginning like the first, not an end.
                for beat in [s.start, s.start + s.lag, s.start + 2 * s.lag] where beat < beatCount {
                    vote(beat, s.weight)
                }
                continue
            }
            if s.start > 0 {
                vote(s.start, s.weight)
                vote(s.start + s.lag, s.weight)
            }
            if s.end + s.lag < beatCount {
                vote(s.end, s.weight)
                vote(s.end + s.lag, s.weight)
            }
        }
        let peak = evidence.max() ?? 0
        if peak > 0 { for k in evidence.indices { evidence[k] /= peak } }
        return evidence
    }
}
