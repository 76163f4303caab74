import PerformiaCore
import PerformiaMusic

/// Song sections from the beat grid and the detection function's chroma and spectral envelope:
/// where sections begin, which ones repeat one another (groups "A", "B", …) and, where the
/// form supports it, what they are (intro, verse, chorus, bridge, outro).
///
/// 1. `StructureFeatures`: per-beat chroma and timbre; bars from the downbeats.
/// 2. Boundaries on bar lines (`SectionSegmenter`): a dynamic programme over segmentations
///    whose cost is the timbre inhomogeneity of each segment (a change of groove or
///    arrangement), with a bonus where long harmonic repetitions start or end
///    (`RepetitionStripes`, on the beat self-similarity of chroma less a little timbre
///    distance) and a preference for sections of 8n, 4n and 2 bars.
/// 3. Groups (`SectionGrouper`): agglomerative clustering of the segments by aligned chord
///    similarity, a little timbre; a recurring segment of two different 8-bar phrases (a verse
///    and its chorus over one groove) is then split in two and the groups formed again.
/// 4. Labels (`SectionLabeler`): rules of the common song forms.
///
/// Everything runs at beat or bar rate: the largest matrices are beats × beats (1 200² for ten
/// minutes at 120 BPM). Recordings longer than `maximumBeats` (a DJ set, a concert) are cut on
/// downbeats into equal parts analysed one by one, so memory stays bounded (two 2 000² matrices,
/// 32 MB); repeats are then found within a part only, and each part has its own group letters.
/// Sections tile the music from the first beat to the end of the last beat (the last beat plus
/// the median beat period).
public struct StructureAnalyzer: Sendable {
    /// Weight of the (bar-smoothed) timbre distance subtracted from the chroma similarity in
    /// which repetition stripes are sought: repeats that also sound alike count more.
    var stripeTimbreWeight: Float = 0.25
    var stripes = RepetitionStripes()
    var segmenter = SectionSegmenter()
    var grouper = SectionGrouper()
    var labeler = SectionLabeler()
    /// Longest stretch analysed as one piece, in beats (16 minutes at 125 BPM).
    public var maximumBeats = 2000

    public init() {}

    public func analyze(_ signal: OnsetSignal, rhythm: RhythmAnalysis) -> [SongSection] {
        guard !rhythm.beats.isEmpty, signal.count > 0 else { return [] }
        if rhythm.beats.count > maximumBeats { return analyzeInParts(signal, rhythm: rhythm) }
        let features = StructureFeatures(signal: signal, beats: rhythm.beats)
        let beatCount = features.beatCount
        let barStarts = features.bars.map { $0.lowerBound } + [beatCount]
        var segments: [Range<Int>]
        if features.barCount < 4 {
            segments = [0..<beatCount]
        } else {
            let boundaries = segmentBars(features, barStarts: barStarts)
            segments = (1..<boundaries.count).map { barStarts[boundaries[$0 - 1]]..<barStarts[boundaries[$0]] }
        }
        let chroma = SelfSimilarity.cosine(features.chroma)
        var groups = segments.count > 1
            ? grouper.group(segments, chromaSimilarity: chroma, features: features, beatsPerBar: features.beatsPerBar)
            : [0]
        (segments, groups) = grouper.splitRecurringPairs(segments, groups: groups, chromaSimilarity: chroma,
                                                         features: features, beatsPerBar: features.beatsPerBar)
        let loudness = segments.map { range in range.reduce(Float(0)) { $0 + features.loudness[$1] } / Float(max(1, range.count)) }
        let labels = labeler.label(groups: groups, lengths: segments.map { $0.count }, loudness: loudness)
        return segments.indices.map { k in
            SongSection(start: features.edges[segments[k].lowerBound], end: features.edges[segments[k].upperBound],
                        group: Self.letter(groups[k]), label: labels[k])
        }
    }

    /// Boundaries as bar indices (0 … barCount).
    func segmentBars(_ features: StructureFeatures, barStarts: [Int]) -> [Int] {
        var barTimbre: [SIMD16<Float>] = []
        var barOnset: [SIMD2<Float>] = []
        for bar in features.bars {
            let (t, o) = features.meanTimbre(bar)
            barTimbre.append(t)
            barOnset.append(o)
        }
        let barDistance = SelfSimilarity.timbreDistance(timbre: barTimbre, onset: barOnset)

        // Beat timbre smoothed over a bar (the groove, not the drum hit), then the stripe matrix.
        let n = features.beatCount
        let width = max(1, features.beatsPerBar)
        var smoothTimbre: [SIMD16<Float>] = []
        var smoothOnset: [SIMD2<Float>] = []
        smoothTimbre.reserveCapacity(n)
        smoothOnset.reserveCapacity(n)
        for k in 0..<n {
            let a = max(0, k - width / 2)
            let b = min(n, a + width)
            let (t, o) = features.meanTimbre(a..<b)
            smoothTimbre.append(t)
            smoothOnset.append(o)
        }
        var similarity = SelfSimilarity.timbreDistance(timbre: smoothTimbre, onset: smoothOnset)
        for i in 0..<n {
            for j in 0..<n {
                similarity[i, j] = (features.chroma[i] * features.chroma[j]).sum() - stripeTimbreWeight * similarity[i, j]
            }
        }
        let found = stripes.stripes(in: similarity, minimumLength: stripes.minimumBars * width, lagTolerance: width)
        let evidence = stripes.boundaryEvidence(found, barStarts: barStarts, beatCount: n, snapBeats: max(1, width / 2))
        return segmenter.segment(distance: barDistance, evidence: evidence)
    }

    /// "A" … "Z", then "AA", "AB", …
    /// Equal parts of at most `maximumBeats`, each starting on a downbeat; letters renumbered so
    /// that no two parts share one, and each part ends where the next begins.
    func analyzeInParts(_ signal: OnsetSignal, rhythm: RhythmAnalysis) -> [SongSection] {
        let beats = rhythm.beats
        let parts = (beats.count + maximumBeats - 1) / maximumBeats
        var cuts = [0]
        for p in 1..<parts {
            var cut = p * beats.count / parts
            while cut > cuts[cuts.count - 1] + 1 && beats[cut].beatInBar != 1 { cut -= 1 }
            cuts.append(cut)
        }
        cuts.append(beats.count)
        var result: [SongSection] = []
        var letters = 0
        for p in 0..<(cuts.count - 1) where cuts[p + 1] > cuts[p] {
            var part = rhythm
            part.beats = Array(beats[cuts[p]..<cuts[p + 1]])
            var renumbered: [String: String] = [:]
            for var section in analyze(signal, rhythm: part) {
                if renumbered[section.group] == nil {
                    renumbered[section.group] = Self.letter(letters)
                    letters += 1
                }
                section.group = renumbered[section.group] ?? section.group
                if let last = result.last, last.end > section.start { result[result.count - 1].end = section.start }
                result.append(section)
            }
        }
        return result
    }

    static func letter(_ index: Int) -> String {
        var digits: [UInt8] = []
        var k = index
        repeat {
            digits.append(UInt8(65 + k % 26))
            k = k / 26 - 1
        } while k >= 0
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
