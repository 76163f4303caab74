/// Places section boundaries on bar lines by dynamic programming over all segmentations
/// (optimal partitioning; Jackson et al., "An algorithm for optimal partitioning of data on an
/// interval", IEEE SPL 2005), with the block cost of Jensen ("Multiple scale music segmentation
/// using rhythm, timbre, and harmony", EURASIP JASP 2007): a segment costs the sum of the
/// dissimilarities of all pairs of its bars divided by its length — low where the bars share one
/// groove and sound. Every boundary costs `boundaryPenalty` and earns `repetitionWeight ×
/// boundaryPenalty ×` its repetition evidence (`RepetitionStripes`). Lengths follow the phrase
/// structure of popular music, built from 4- and 8-bar phrases: a multiple of 8 bars is free, a
/// multiple of 4 costs `fourBarPenalty`, 2 bars (a tag, a short intro) and any first or last
/// section of up to 4 bars cost nothing more, anything else costs `irregularLengthPenalty`.
/// Segments are `minimumBars` to `maximumBars` bars long, except that the first and the last may
/// be shorter (a pickup, a final chord).
struct SectionSegmenter {
    var boundaryPenalty = 1.0
    var repetitionWeight = 1.0
    var irregularLengthPenalty = 0.5
    var fourBarPenalty = 0.1
    var minimumBars = 2
    var maximumBars = 40

    /// Boundaries as bar indices, from 0 to `distance.count` inclusive.
    /// - Parameters:
    ///   - distance: bar × bar dissimilarity in [0, 1].
    ///   - evidence: repetition evidence per bar start (at least `distance.count` values).
    func segment(distance: SelfSimilarity, evidence: [Double]) -> [Int] {
        let n = distance.count
        guard n > 1 else { return [0, n] }
        // 2-D prefix sums: block(a, b) = sum of distance[i, j] for i, j in a..<b.
        let stride = n + 1
        var prefix = [Double](repeating: 0, count: stride * stride)
        for i in 0..<n {
            var row = 0.0
            for j in 0..<n {
                row += Double(distance[i, j])
                prefix[(i + 1) * stride + j + 1] = prefix[i * stride + j + 1] + row
            }
        }
        func block(_ a: Int, _ b: Int) -> Double {
            prefix[b * stride + b] - prefix[a * stride + b] - prefix[b * stride + a] + prefix[a * stride + a]
        }
        var best = [Double](repeating: .infinity, count: n + 1)
        var previous = [Int](repeating: 0, count: n + 1)
        best[0] = 0
        for b in 1...n {
            for a in max(0, b - maximumBars)..<b {
                let length = b - a
                if length < minimumBars && a != 0 && b != n { continue }
                guard best[a].isFinite else { continue }
                var cost = best[a] + block(a, b) / Double(length) + boundaryPenalty
                cost += lengthPenalty(length, atEdge: a == 0 || b == n)
                if a > 0 && a < evidence.count { cost -= repetitionWeight * boundaryPenalty * evidence[a] }
                if cost < best[b] {
                    best[b] = cost
                    previous[b] = a
                }
            }
        }
        var boundaries: [Int] = [n]
        while let last = boundaries.last, last > 0 { boundaries.append(previous[last]) }
        return boundaries.reversed()
    }

    func lengthPenalty(_ bars: Int, atEdge: Bool) -> Double {
        if bars % 8 == 0 { return 0 }
        if atEdge && bars <= 4 { return 0 }
        if bars % 4 == 0 { return fourBarPenalty }
        if bars == 2 { return 0 }
        return irregularLengthPenalty
    }
}
