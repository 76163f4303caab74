import PerformiaNeural

/// Reads a learned four-stem separation model (Training/stem_model.py) from its weights file,
/// validating everything at load: a missing, truncated, wrong-version, wrong-shape or NaN-holding
/// file is an `AnalysisError.model` naming the file and the problem.
public enum StemModelFile {
    /// The live (causal) model shipped in `Resources/`.
    public static let liveResource = "models/stem-live.pfnn"
    /// The offline (centred) model.
    public static let offlineResource = "models/stem-offline.pfnn"
    /// The rate both models were trained at, in Hz: files are separated at this rate.
    public static let sampleRate = 44100.0

    public static func load(path: String, causal: Bool) throws(AnalysisError) -> StemTCN {
        let weights = try WeightsFile.read(path: path)
        let model: StemTCN
        do {
            model = try StemTCN(weights: weights)
        } catch {
            throw .model(path: path, reason: error.description)
        }
        guard model.causal == causal else {
            throw .model(path: path, reason: causal ? "a centred (offline) model where the live (causal) one is needed"
                                                    : "a causal (live) model where the offline (centred) one is needed")
        }
        return model
    }
}
