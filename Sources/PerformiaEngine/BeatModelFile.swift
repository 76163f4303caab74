import PerformiaNeural

/// Reads the learned beat and downbeat model from its weights file (format in
/// Training/beat_model.py), validating everything at load so that analysis never meets a bad
/// weight: a missing, truncated, wrong-version, wrong-shape or NaN-holding file is an
/// `AnalysisError.model` naming the file and the problem.
public enum BeatModelFile {
    /// The offline (centred) model shipped in `Resources/`.
    public static let offlineResource = "models/beat-tcn.pfnn"
    /// The causal model for live use.
    public static let causalResource = "models/beat-tcn-causal.pfnn"

    public static func load(path: String, causal: Bool = false) throws(AnalysisError) -> BeatTCN {
        let weights = try WeightsFile.read(path: path)
        let model: BeatTCN
        do {
            model = try BeatTCN(weights: weights)
        } catch {
            throw .model(path: path, reason: error.description)
        }
        guard model.causal == causal else {
            throw .model(path: path, reason: causal ? "a centred (offline) model where a causal one is needed"
                                                    : "a causal model where the offline (centred) one is needed")
        }
        return model
    }
}
