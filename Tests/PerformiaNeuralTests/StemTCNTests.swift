import PerformiaNeural
import Testing

/// The separation network against PyTorch (Training/parity_fixture.py computes stem.f32's masks
/// in float64): max |difference| ≤ 1e-4 for the sequence and the streaming form, and the checks
/// of its metadata.
@Suite struct StemTCNTests {
    static let tolerance: Float = 1e-4

    static func fixture() throws -> (model: StemTCN, frameCount: Int, magnitudes: [Float], expected: [Float]) {
        let model = try StemTCN(weights: NeuralWeights(bytes: NeuralFixtures.bytes("stem.pfnn"), fileName: "stem.pfnn"))
        let floats = try NeuralFixtures.floats("stem.f32")
        let frames = Int(floats.header.0), bins = Int(floats.header.1)
        try #require(bins == model.binCount && floats.values.count == frames * bins * (1 + model.stemCount))
        return (model, frames, Array(floats.values[..<(frames * bins)]), Array(floats.values[(frames * bins)...]))
    }

    @Test func matchesPyTorch() throws {
        let (model, frames, magnitudes, expected) = try Self.fixture()
        #expect(model.stemNames == ["drums", "bass", "other", "vocals"])
        #expect(model.frameSize == 1024 && model.hopFrames == 512 && model.causal)
        let masks = model.masks(magnitudes: magnitudes, frameCount: frames)
        try #require(masks.count == expected.count)
        let difference = zip(masks, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= Self.tolerance, "largest difference \(difference) from PyTorch")
        let bins = model.binCount
        for t in 0..<frames {
            for f in stride(from: 0, to: bins, by: 37) {
                let total = (0..<4).map { masks[(t * 4 + $0) * bins + f] }.reduce(0, +)
                #expect(abs(total - 1) < 1e-5)
            }
        }
    }

    @Test func streamingMatchesTheSequence() throws {
        let (model, frames, magnitudes, expected) = try Self.fixture()
        let streaming = try model.prepareStreaming()
        let width = model.stemCount * model.binCount
        var masks = [Float](repeating: 0, count: frames * width)
        for round in 0..<2 {  // the second round after reset: the same masks
            streaming.reset()
            magnitudes.withUnsafeBufferPointer { x in
                masks.withUnsafeMutableBufferPointer { m in
                    for t in 0..<frames {
                        streaming.process(magnitudes: x.baseAddress! + t * model.binCount, masks: m.baseAddress! + t * width)
                    }
                }
            }
            let difference = zip(masks, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference <= Self.tolerance, "round \(round): largest difference \(difference) from PyTorch")
        }
    }

    /// Guards the parity test: a change of 0.05 in one block's norm must break it.
    @Test func perturbedWeightIsCaught() throws {
        var parts = try NeuralFixtures.parts("stem")
        let index = try #require(parts.tensors.firstIndex { $0.name == "blocks.2.norm.bias" })
        parts.tensors[index].values[3] += 0.05
        let model = try StemTCN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: parts.metadata, tensors: parts.tensors),
                                                       fileName: "perturbed.pfnn"))
        let (_, frames, magnitudes, expected) = try Self.fixture()
        let difference = zip(model.masks(magnitudes: magnitudes, frameCount: frames), expected).map { abs($0 - $1) }.max() ?? 0
        #expect(difference > 10 * Self.tolerance)
    }

    @Test func refusesOtherModelsAndBadMetadata() throws {
        #expect(throws: NeuralWeightsError.self) {
            try StemTCN(weights: NeuralWeights(bytes: NeuralFixtures.bytes("causal.pfnn"), fileName: "causal.pfnn"))
        }
        let parts = try NeuralFixtures.parts("stem")
        for (key, value, expected) in [("band_edges", "0,2,4", "metadata 'band_edges'"), ("stems", "vocals", "metadata 'stems'"),
                                       ("n_fft", "1000", "metadata 'n_fft'"), ("channels", "12", "metadata 'channels'")] {
            let metadata = parts.metadata.map { $0.0 == key ? (key, value) : $0 }
            do {
                _ = try StemTCN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: metadata, tensors: parts.tensors),
                                                       fileName: "bad.pfnn"))
                Issue.record("\(key)=\(value) was accepted")
            } catch {
                #expect(error.description.hasPrefix("bad.pfnn: \(expected)"), "\(error.description)")
            }
        }
        var tensors = parts.tensors
        tensors.removeAll { $0.name == "blocks.1.norm.weight" }
        #expect(throws: NeuralWeightsError.self) {
            try StemTCN(weights: NeuralWeights(bytes: NeuralFixtures.file(metadata: parts.metadata, tensors: tensors), fileName: "norm.pfnn"))
        }
    }
}
