import Foundation
import PerformiaNeural

/// Reads the learned chord model from its weights file (format in Training/beat_model.py, the
/// network in Training/chord_model.py), validating everything at load: a missing, truncated,
/// wrong-version, wrong-shape or NaN-holding file is an `AnalysisError.model` naming the file and
/// the problem.
public enum ChordModelFile {
    /// The model shipped in `Resources/`.
    public static let resource = "models/chord-cnn.pfnn"

    public static func load(path: String) throws(AnalysisError) -> ChordCNN {
        let weights = try WeightsFile.read(path: path)
        do {
            return try ChordCNN(weights: weights)
        } catch {
            throw .model(path: path, reason: error.description)
        }
    }
}
