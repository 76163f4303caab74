import PerformiaCore
import PerformiaMusic

/// Key and modulations from the recognised chords: an HMM over the 24 major and minor keys,
/// one step per beat, decoded by Viterbi. A beat's evidence for a key is how well its chord
/// functions there (`harmonicFunction`: tonic 3, dominant 2.5, subdominant 2, other diatonic
/// degrees 1–1.5, secondary and borrowed chords a little, chromatic chords −1) — the
/// functional-harmony view of key finding (after Temperley, "The Cognition of Basic Musical
/// Structures", 2001, ch. 7, with chord rather than note input). The key changes with
/// probability `changePerBeat`, so a modulation needs several bars of evidence. The first and
/// last chords of the song are weighted `cadenceWeight` times as tonic evidence: songs open and
/// close on their tonic. The global key is the one the path holds longest; its confidence is
/// how clearly its evidence beats the runner-up's, times the share of the song that has chords.
public struct KeyEstimator: Sendable {
    /// Probability of a modulation at any beat (about one per 100 bars of 4/4).
    public var changePerBeat = 0.0025
    /// Nats of log-likelihood per point of harmonic function.
    public var evidenceScale = 0.5
    public var cadenceWeight = 4.0

    public init() {}

    /// - Parameter chords: beat-aligned chord segments (`ChordRecognizer` output), in order.
    public func estimate(_ chords: [ChordSegment]) -> KeyAnalysis {
        let tonal = chords.filter { !$0.chord.isNoChord }
        guard let first = tonal.first, let last = tonal.last else {
            return KeyAnalysis(global: nil, confidence: 0, segments: [])
        }
        // Steps: chord segments weighted by their length in typical beats (HMM over segments with
        // a duration-scaled evidence and change probability).
        var lengths: [SampleTime] = tonal.map { $0.end - $0.start }
        lengths.sort()
        let unit = max(1, Double(lengths[lengths.count / 2]) / 2)
        let keys = 24
        var score = [Double](repeating: 0, count: keys)
        var back = [[Int]]()
        back.reserveCapacity(tonal.count)
        var totals = [Double](repeating: 0, count: keys)
        for (i, segment) in tonal.enumerated() {
            let beats = max(0.5, Double(segment.end - segment.start) / unit)
            var weight = beats
            if i == 0 || i == tonal.count - 1 { weight *= cadenceWeight }
            var evidence = [Double](repeating: 0, count: keys)
            for k in 0..<keys {
                evidence[k] = evidenceScale * weight * Self.harmonicFunction(segment.chord, in: MusicalKey(index: k))
                totals[k] += evidence[k]
            }
            if i == 0 {
                score = evidence
                back.append([Int](repeating: 0, count: keys))
                continue
            }
            let change = min(0.5, changePerBeat * beats)
            let stay = Math.log(1 - change)
            let jump = Math.log(change / Double(keys - 1))
            var best = 0
            for k in 1..<keys where score[k] > score[best] { best = k }
            var pointers = [Int](repeating: 0, count: keys)
            var next = [Double](repeating: 0, count: keys)
            for k in 0..<keys {
                if score[k] + stay >= score[best] + jump || k == best {
                    next[k] = score[k] + stay
                    pointers[k] = k
                } else {
                    next[k] = score[best] + jump
                    pointers[k] = best
                }
                next[k] += evidence[k]
            }
            score = next
            back.append(pointers)
        }
        var path = [Int](repeating: 0, count: tonal.count)
        var end = 0
        for k in 1..<keys where score[k] > score[end] { end = k }
        path[tonal.count - 1] = end
        var i = tonal.count - 1
        while i > 0 {
            path[i - 1] = back[i][path[i]]
            i -= 1
        }
        // Segments tile first…last tonal chord; the global key lasts longest.
        var segments: [KeySegment] = []
        var held = [SampleTime](repeating: 0, count: keys)
        var start = first.start
        for j in 0..<tonal.count {
            held[path[j]] += tonal[j].end - tonal[j].start
            if j == tonal.count - 1 || path[j + 1] != path[j] {
                let stop = j == tonal.count - 1 ? last.end : tonal[j + 1].start
                segments.append(KeySegment(start: start, end: stop, key: MusicalKey(index: path[j])))
                start = stop
            }
        }
        var global = 0
        for k in 1..<keys where held[k] > held[global] { global = k }
        // Confidence: how clearly the global key's evidence beats the runner-up's (excluding it).
        var runnerUp = -Double.infinity
        for k in 0..<keys where k != global { runnerUp = max(runnerUp, totals[k]) }
        let margin = totals[global] - runnerUp
        let clarity = totals[global] > 0 ? min(1, max(0, margin / max(totals[global], 1e-9))) : 0
        // Scaled by the share of the chords' span that holds a chord: a few chords found in
        // speech or noise name no key with confidence.
        var tonalFrames: SampleTime = 0
        for segment in tonal { tonalFrames += segment.end - segment.start }
        let span = max(1, (chords.last?.end ?? 0) - (chords.first?.start ?? 0))
        let confidence = clarity * min(1, Double(tonalFrames) / Double(span))
        return KeyAnalysis(global: MusicalKey(index: global), confidence: confidence, segments: segments)
    }

    /// How strongly `chord` implies `key`: 3 tonic, 2.5 dominant, 2 subdominant, 1–1.5 other
    /// diatonic chords, 0.3–0.5 common secondary or borrowed chords, −1 anything else.
    public static func harmonicFunction(_ chord: ChordLabel, in key: MusicalKey) -> Double {
        guard let root = chord.root else { return 0 }
        let degree = ((root - key.tonic) % 12 + 12) % 12
        let q = chord.quality
        let minorLike = q == .minor || q == .minorSeventh
        let majorLike = q == .major || q == .dominantSeventh || q == .majorSeventh
            || q == .suspendedSecond || q == .suspendedFourth
        let diminished = q == .diminished
        if !key.isMinor {
            switch degree {
            case 0: return majorLike ? 3 : -1
            case 7: return majorLike ? 2.5 : (minorLike ? 0.3 : -1)
            case 5: return majorLike ? 2 : (minorLike ? 0.5 : -1)
            case 2: return minorLike ? 1.5 : (majorLike ? 0.5 : -1)
            case 9: return minorLike ? 1.5 : (majorLike ? 0.3 : -1)
            case 4: return minorLike ? 1 : (majorLike ? 0.3 : -1)
            case 11: return diminished || q == .minorSeventh ? 1 : -1
            case 10: return majorLike ? 0.3 : -1
            default: return -1
            }
        }
        switch degree {
        case 0: return minorLike ? 3 : -1
        case 7: return majorLike ? 2.5 : (minorLike ? 1.5 : -1)
        case 5: return minorLike ? 2 : (majorLike ? 0.5 : -1)
        case 3: return majorLike ? 1.5 : -1
        case 8: return majorLike ? 1.5 : -1
        case 10: return majorLike ? 1.5 : -1
        case 2: return diminished || q == .minorSeventh ? 1 : -1
        case 11: return diminished ? 1 : -1
        default: return -1
        }
    }
}
