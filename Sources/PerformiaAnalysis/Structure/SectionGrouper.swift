/// Groups segments that repeat one another, by average-linkage agglomerative clustering of a
/// segment-to-segment similarity (as in the segment clustering stage of Paulus & Klapuri,
/// "Music structure analysis using a probabilistic fitness measure and a greedy search
/// algorithm", IEEE TASLP 2009, reduced to a threshold on the linkage).
///
/// Two segments are alike when their chords are: the shorter is slid bar by bar along the
/// longer and the best mean chroma similarity of aligned beats is kept, expressed in standard
/// deviations of the song's beat similarity (a z-score, so that the threshold means the same
/// in a song of four chords and one of twelve). Their groove counts a little
/// (`timbreWeight` × squared distance of the mean timbre, over the median of all pairs): a
/// verse keeps its letter when the drummer changes pattern, a chorus over the verse's chords
/// with a new arrangement may not. Segments whose lengths differ by more than
/// `minimumLengthRatio` never share a group.
struct SectionGrouper {
    var mergeThreshold: Float = 1.2
    var timbreWeight: Float = 0.2
    var minimumLengthRatio = 0.5
    /// Bars of a phrase, for `splitRecurringPairs`.
    var phraseBars = 8

    /// Group index of each segment, numbered in order of first appearance from 0.
    /// - Parameters:
    ///   - segments: beat ranges, in order.
    ///   - chromaSimilarity: beat × beat chroma cosine.
    func group(_ segments: [Range<Int>], chromaSimilarity s: SelfSimilarity, features: StructureFeatures,
               beatsPerBar: Int) -> [Int] {
        let k = segments.count
        guard k > 1 else { return [Int](repeating: 0, count: k) }
        let moments = s.offDiagonalMoments()
        var similarity = [Float](repeating: 0, count: k * k)
        var timbreDistance = [Float](repeating: 0, count: k * k)
        let means = segments.map { features.meanTimbre($0) }
        var pairDistances: [Float] = []
        for i in 0..<k {
            for j in (i + 1)..<k {
                let h = (aligned(segments[i], segments[j], s, step: max(1, beatsPerBar)) - moments.mean) / moments.deviation
                let d = StructureFeatures.distance2(means[i].0, means[i].1, means[j].0, means[j].1)
                similarity[i * k + j] = h
                timbreDistance[i * k + j] = d
                pairDistances.append(d)
            }
        }
        pairDistances.sort()
        let median = pairDistances[pairDistances.count / 2]
        let inverse = median > 0 ? timbreWeight / median : 0
        for i in 0..<k {
            for j in (i + 1)..<k {
                let li = Double(segments[i].count)
                let lj = Double(segments[j].count)
                var v = similarity[i * k + j] - inverse * timbreDistance[i * k + j]
                if min(li, lj) < minimumLengthRatio * max(li, lj) { v = -.infinity }
                similarity[i * k + j] = v
                similarity[j * k + i] = v
            }
        }

        var clusters: [[Int]] = (0..<k).map { [$0] }
        while clusters.count > 1 {
            var bestValue = -Float.infinity
            var bestPair = (0, 0)
            for x in 0..<clusters.count {
                for y in (x + 1)..<clusters.count {
                    var sum: Float = 0
                    for i in clusters[x] { for j in clusters[y] { sum += similarity[i * k + j] } }
                    let mean = sum / Float(clusters[x].count * clusters[y].count)
                    if mean > bestValue {
                        bestValue = mean
                        bestPair = (x, y)
                    }
                }
            }
            guard bestValue >= mergeThreshold else { break }
            clusters[bestPair.0] += clusters[bestPair.1]
            clusters.remove(at: bestPair.1)
        }
        var cluster = [Int](repeating: 0, count: k)
        for (c, members) in clusters.enumerated() { for i in members { cluster[i] = c } }
        // renumber in order of first appearance
        var number = [Int](repeating: -1, count: clusters.count)
        var next = 0
        return cluster.map { c in
            if number[c] < 0 { number[c] = next; next += 1 }
            return number[c]
        }
    }

    /// Splits in two halves every section of at least `2 × phraseBars` bars, a multiple of
    /// `phraseBars`, whose group comes back and whose halves are not alike (their aligned chord
    /// similarity under `mergeThreshold`): a passage of two different phrases that recurs as a
    /// whole is two sections that follow one another (a verse and its chorus, a verse and a
    /// pre-chorus), not one long section. Groups are then formed again.
    /// - Returns: the segments, split where that holds, and their groups.
    func splitRecurringPairs(_ segments: [Range<Int>], groups: [Int], chromaSimilarity s: SelfSimilarity,
                             features: StructureFeatures, beatsPerBar: Int) -> ([Range<Int>], [Int]) {
        let bar = max(1, beatsPerBar)
        let moments = s.offDiagonalMoments()
        var split: [Range<Int>] = []
        for (k, segment) in segments.enumerated() {
            let bars = segment.count / bar
            let recurs = groups.indices.contains { $0 != k && groups[$0] == groups[k] }
            if recurs && segment.count % (phraseBars * bar) == 0 && bars >= 2 * phraseBars {
                let middle = segment.lowerBound + (bars / 2) * bar
                let first = segment.lowerBound..<middle, second = middle..<segment.upperBound
                if (aligned(first, second, s, step: bar) - moments.mean) / moments.deviation < mergeThreshold {
                    split += [first, second]
                    continue
                }
            }
            split.append(segment)
        }
        guard split.count > segments.count else { return (segments, groups) }
        return (split, group(split, chromaSimilarity: s, features: features, beatsPerBar: beatsPerBar))
    }

    /// Best mean similarity of aligned beats, the shorter segment slid along the longer in
    /// steps of `step` beats.
    private func aligned(_ first: Range<Int>, _ second: Range<Int>, _ s: SelfSimilarity, step: Int) -> Float {
        let (short, long) = first.count <= second.count ? (first, second) : (second, first)
        guard !short.isEmpty else { return 0 }
        var best = -Float.infinity
        var offset = 0
        while offset + short.count <= long.count {
            var sum: Float = 0
            for t in 0..<short.count { sum += s[short.lowerBound + t, long.lowerBound + offset + t] }
            best = max(best, sum / Float(short.count))
            offset += step
        }
        return best
    }
}
