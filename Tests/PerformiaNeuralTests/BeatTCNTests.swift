import PerformiaNeural
import PerformiaTestSupport
import Testing

/// The Swift runtime against PyTorch (Training/parity_fixture.py computes the fixtures' expected
/// activations in float64): max |difference| ≤ 1e-4 for the whole-sequence form of a centred and
/// a causal model, and for the causal model streamed frame by frame.
@Suite struct BeatTCNTests {
    static let tolerance: Float = 1e-4

    static func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test(arguments: ["centred", "causal"])
    func sequenceMatchesPyTorch(name: String) throws {
        let model = try NeuralFixtures.model(name)
        let fixture = try NeuralFixtures.parityCase(name)
        #expect(model.bandCount == fixture.bandCount && model.causal == (name == "causal"))
        let (beat, downbeat) = model.activations(spectrum: fixture.spectrum, frameCount: fixture.frameCount)
        try #require(beat.count == fixture.frameCount && downbeat.count == fixture.frameCount)
        let difference = max(Self.largestDifference(beat, fixture.beat), Self.largestDifference(downbeat, fixture.downbeat))
        #expect(difference <= Self.tolerance, "\(name): largest difference \(difference) from PyTorch")
    }

    @Test func streamingMatchesPyTorch() throws {
        let stream = try NeuralFixtures.model("causal").prepareStreaming()
        let fixture = try NeuralFixtures.parityCase("causal")
        #expect(stream.latencyFrames == 0)
        for round in 0..<2 {  // the second after reset() must give the same
            var difference: Float = 0
            fixture.spectrum.withUnsafeBufferPointer { spectrum in
                for t in 0..<fixture.frameCount {
                    let (beat, downbeat) = stream.process(frame: spectrum.baseAddress! + t * fixture.bandCount)
                    difference = max(difference, abs(beat - fixture.beat[t]), abs(downbeat - fixture.downbeat[t]))
                }
            }
            #expect(difference <= Self.tolerance, "round \(round): largest difference \(difference) from PyTorch")
            stream.reset()
        }
    }

    /// Guards the parity tests: a change of 0.01 in one weight (the downbeat head's bias, the
    /// file's last four bytes) must break them.
    @Test func perturbedWeightIsCaught() throws {
        var bytes = try NeuralFixtures.bytes("causal.pfnn")
        let last = bytes.count - 4
        let value = Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[last + $1]) << (8 * $1) }) + 0.01
        for i in 0..<4 { bytes[last + i] = UInt8(truncatingIfNeeded: value.bitPattern >> (8 * i)) }
        let model = try BeatTCN(weights: NeuralWeights(bytes: bytes, fileName: "perturbed.pfnn"))
        let fixture = try NeuralFixtures.parityCase("causal")
        let (beat, downbeat) = model.activations(spectrum: fixture.spectrum, frameCount: fixture.frameCount)
        #expect(Self.largestDifference(beat, fixture.beat) <= Self.tolerance)
        #expect(Self.largestDifference(downbeat, fixture.downbeat) > 10 * Self.tolerance)
    }

    @Test func processDoesNotAllocate() throws {
        let stream = try NeuralFixtures.model("causal").prepareStreaming()
        let fixture = try NeuralFixtures.parityCase("causal")
        var sum: Float = 0
        try fixture.spectrum.withUnsafeBufferPointer { spectrum in
            _ = stream.process(frame: spectrum.baseAddress!)  // warm-up, uncounted (runtime metadata)
            stream.reset()
            let allocations = countAllocations {
                for t in 0..<fixture.frameCount {
                    sum += stream.process(frame: spectrum.baseAddress! + t * fixture.bandCount).beat
                }
                stream.reset()
            }
            try #require(allocations == 0, "process allocated \(allocations) times")
        }
        #expect(sum > 0)
    }

    @Test func centredModelRefusesToStream() throws {
        let model = try NeuralFixtures.model("centred")
        #expect(model.receptiveFrames == 1 + 4 * 15)
        #expect(throws: NeuralWeightsError.self) { _ = try model.prepareStreaming() }
        do {
            _ = try model.prepareStreaming()
        } catch {
            #expect(error.description.hasPrefix("centred.pfnn: a centred (non-causal) model looks ahead"))
        }
    }

    @Test func causalOutputIgnoresTheFuture() throws {
        let model = try NeuralFixtures.model("causal")
        let fixture = try NeuralFixtures.parityCase("causal")
        let cut = 150
        let whole = model.activations(spectrum: fixture.spectrum, frameCount: fixture.frameCount)
        let part = model.activations(spectrum: Array(fixture.spectrum[..<(cut * fixture.bandCount)]), frameCount: cut)
        #expect(Array(whole.beat[..<cut]) == part.beat && Array(whole.downbeat[..<cut]) == part.downbeat)
        let none = model.activations(spectrum: [], frameCount: 0)
        #expect(none.beat.isEmpty && none.downbeat.isEmpty)
    }
}
