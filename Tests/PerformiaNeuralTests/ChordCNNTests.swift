import PerformiaNeural
import Testing

/// The chord network against PyTorch (Training/parity_fixture.py computes chord.f32's class
/// probabilities in float64): max |difference| ≤ 1e-4, and the checks of its metadata.
@Suite struct ChordCNNTests {
    static let tolerance: Float = 1e-4

    static func fixture() throws -> (model: ChordCNN, frameCount: Int, spectrum: [Float], expected: [Float]) {
        let model = try ChordCNN(weights: NeuralWeights(bytes: NeuralFixtures.bytes("chord.pfnn"), fileName: "chord.pfnn"))
        let floats = try NeuralFixtures.floats("chord.f32")
        let frames = Int(floats.header.0), bands = Int(floats.header.1)
        try #require(bands == model.bandCount && floats.values.count == frames * (bands + ChordCNN.classCount))
        return (model, frames, Array(floats.values[..<(frames * bands)]), Array(floats.values[(frames * bands)...]))
    }

    @Test func matchesPyTorch() throws {
        let (model, frames, spectrum, expected) = try Self.fixture()
        let posteriors = model.posteriors(spectrum: spectrum, frameCount: frames)
        try #require(posteriors.count == expected.count)
        let difference = zip(posteriors, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= Self.tolerance, "largest difference \(difference) from PyTorch")
        for t in 0..<frames {
            let total = posteriors[(t * ChordCNN.classCount)..<((t + 1) * ChordCNN.classCount)].reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
        }
    }

    /// Guards the parity test: a change of 0.05 in one class's bias must break it.
    @Test func perturbedWeightIsCaught() throws {
        var parts = try NeuralFixtures.parts("chord")
        let index = try #require(parts.tensors.firstIndex { $0.name == "head.bias" })
        parts.tensors[index].values[0] += 0.05
        let model = try ChordCNN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: parts.metadata, tensors: parts.tensors),
                                                        fileName: "perturbed.pfnn"))
        let (_, frames, spectrum, expected) = try Self.fixture()
        let difference = zip(model.posteriors(spectrum: spectrum, frameCount: frames), expected).map { abs($0 - $1) }.max() ?? 0
        #expect(difference > 10 * Self.tolerance)
    }

    @Test func refusesOtherModelsAndClassCounts() throws {
        #expect(throws: NeuralWeightsError.self) {
            try ChordCNN(weights: NeuralWeights(bytes: NeuralFixtures.bytes("centred.pfnn"), fileName: "centred.pfnn"))
        }
        let parts = try NeuralFixtures.parts("chord")
        let metadata = parts.metadata.map { $0.0 == "classes" ? ("classes", "24") : $0 }
        do {
            _ = try ChordCNN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: metadata, tensors: parts.tensors),
                                                    fileName: "classes.pfnn"))
            Issue.record("a file with 24 classes was accepted")
        } catch {
            #expect(error.description.hasPrefix("classes.pfnn: metadata 'classes'"), "\(error.description)")
        }
        var tensors = parts.tensors
        tensors.removeAll { $0.name == "norm.scale" }
        #expect(throws: NeuralWeightsError.self) {
            try ChordCNN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: parts.metadata, tensors: tensors),
                                                fileName: "scale.pfnn"))
        }
    }
}
