import PerformiaCore

/// One candidate metrical level for the global tempo, with the evidence for it.
public struct TempoCandidate: Sendable, Equatable {
    /// Beat period in frames (fractional).
    public var lag: Double
    public var bpm: Double
    /// `TempoOctaveModel.featureNames`, in order.
    public var features: [Double]
}

/// Chooses the global tempo among the most salient period and its double and half — the
/// metrical-level (octave) decision, as a linear score over evidence learned from data
/// (a conditional-logit classifier in the spirit of Gkiokas, Katsouros & Carayannis,
/// "Reducing tempo octave errors by periodicity vector coding and SVM learning", ISMIR 2012).
///
/// Features per candidate: the tempo itself (log2 of BPM/120 and its square — a log-normal
/// prior), and the log of the candidate's comb salience, plain autocorrelation and low-band
/// comb salience, each relative to the largest among the candidates. The engine uses `prior`;
/// `Training/train_octave.py` fits weights on songs rendered for training only — see
/// Training/README.md for why no fitted model is used yet.
public struct TempoOctaveModel: Sendable {
    public static let featureNames = ["log2(bpm/120)", "log2(bpm/120)^2", "log comb salience",
                                      "log autocorrelation", "log low-band comb salience"]
    public var weights: [Double]

    public init(weights: [Double]) {
        precondition(weights.count == Self.featureNames.count)
        self.weights = weights
    }

    /// The hand-set model the engine used before training: a log-normal prior (120 BPM, one
    /// octave) times the comb salience.
    public static let prior = TempoOctaveModel(weights: [0, -0.5, 1, 0, 0])

    public func score(_ candidate: TempoCandidate) -> Double {
        var s = 0.0
        for (w, f) in zip(weights, candidate.features) { s += w * f }
        return s
    }

    /// Index of the best-scoring candidate.
    public func choose(_ candidates: [TempoCandidate]) -> Int {
        var best = 0
        for i in candidates.indices where score(candidates[i]) > score(candidates[best]) { best = i }
        return best
    }
}
