import Foundation
import PerformiaNeural

/// Reads and validates a `performia-nn` weights file for the model loaders (`BeatModelFile`,
/// `ChordModelFile`): a file that is missing, unreadable or malformed is an `AnalysisError.model`
/// naming it.
enum WeightsFile {
    static func read(path: String) throws(AnalysisError) -> NeuralWeights {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .model(path: path, reason: reason)
        }
        do {
            return try NeuralWeights(bytes: [UInt8](data), fileName: path)
        } catch {
            throw .model(path: path, reason: error.description)
        }
    }
}
