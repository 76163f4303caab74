import PerformiaAnalysis
import PerformiaMusic

/// The corpus `HarmonyModel` as the conductor's `NextChordPredicting`: a reference type so the
/// conductor (a class on the audio thread) holds it without copying its counts.
public final class HarmonyPredictor: NextChordPredicting {
    public let model: HarmonyModel

    public init(model: HarmonyModel) {
        self.model = model
    }

    public func mostLikelyNext(after chord: ChordLabel, previous: ChordLabel?, key: MusicalKey?) -> (chord: ChordLabel, probability: Double)? {
        model.mostLikelyNext(after: chord, previous: previous, key: key)
    }

    /// The corpus's unigram frequency of `chord` in `key` (key-relative, smoothed).
    public func probability(of chord: ChordLabel, in key: MusicalKey) -> Double? {
        model.probability(of: chord, after: ChordHistory(), key: key)
    }
}
