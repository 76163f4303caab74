/// Beat F-measure with a ±`toleranceSeconds` window (the MIREX definition used by mir_eval),
/// for tests that check tracked beats against generated references.
public enum BeatScoring {
    public static func fMeasure(estimated: [Double], reference: [Double], toleranceSeconds: Double = 0.07) -> Double {
        guard !estimated.isEmpty, !reference.isEmpty else { return 0 }
        var used = [Bool](repeating: false, count: estimated.count)
        var hits = 0
        for r in reference {
            var best = -1
            var bestError = toleranceSeconds
            for (i, e) in estimated.enumerated() where !used[i] && abs(e - r) <= bestError {
                best = i
                bestError = abs(e - r)
            }
            if best >= 0 { used[best] = true; hits += 1 }
        }
        let precision = Double(hits) / Double(estimated.count)
        let recall = Double(hits) / Double(reference.count)
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}
