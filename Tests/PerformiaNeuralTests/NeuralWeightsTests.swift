import PerformiaNeural
import Testing

/// Bad weights files: each is refused with one line naming the file and the problem, never a crash.
@Suite struct NeuralWeightsTests {
    /// The error `bytes` give, loaded as weights and then as a `BeatTCN`; nil when both load.
    static func error(_ bytes: [UInt8], fileName: String = "beat.pfnn") -> NeuralWeightsError? {
        do {
            _ = try BeatTCN(weights: NeuralWeights(bytes: bytes, fileName: fileName))
            return nil
        } catch {
            return error
        }
    }

    static func message(_ bytes: [UInt8]) -> String { error(bytes)?.description ?? "(loaded)" }

    static func rewritten(_ change: (inout [(String, String)], inout [(name: String, shape: [Int], values: [Float])]) -> Void) throws -> [UInt8] {
        var (metadata, tensors) = try NeuralFixtures.parts("causal")
        change(&metadata, &tensors)
        return NeuralFixtures.file(metadata: metadata, tensors: tensors)
    }

    @Test func readsTheFixture() throws {
        let weights = try NeuralWeights(bytes: NeuralFixtures.bytes("causal.pfnn"), fileName: "causal.pfnn")
        #expect(weights.metadata["model"] == "beat-tcn" && weights.metadata["causal"] == "1" && weights.metadata["bands"] == "12")
        #expect(weights.metadata["purpose"] == "parity fixture" && weights.metadata["nothing"] == nil)
        #expect(weights.tensors.count == 6 + 4 * 4 && weights.tensors[0].name == "front.0.weight")
        #expect(try weights.tensor("blocks.3.conv.weight", shape: [8, 8, 3]).count == 8 * 8 * 3)
        #expect(throws: NeuralWeightsError.self) { try weights.tensor("head.weight", shape: [3, 8]) }
        #expect(throws: NeuralWeightsError.self) { try weights.tensor("tail.weight", shape: [2, 8]) }
        // The writer here and beat_model.save agree byte for byte.
        let parts = try NeuralFixtures.parts("causal")
        #expect(NeuralFixtures.file(metadata: parts.metadata, tensors: parts.tensors) == (try NeuralFixtures.bytes("causal.pfnn")))
    }

    @Test func emptyFileAndWrongMagic() {
        #expect(Self.message([]) == "beat.pfnn: empty file, expected a performia-nn weights file")
        #expect(Self.message(Array("RIFF....WAVE".utf8)) == "beat.pfnn: not a performia-nn weights file (no 'PFNN' magic)")
        #expect(Self.message(Array("PF".utf8)) == "beat.pfnn: not a performia-nn weights file (no 'PFNN' magic)")
    }

    @Test func wrongVersion() throws {
        let parts = try NeuralFixtures.parts("causal")
        #expect(Self.message(NeuralFixtures.file(metadata: parts.metadata, tensors: parts.tensors, version: 2))
                == "beat.pfnn: version 2, this build reads version 1")
    }

    /// Every cut of the file is an error (a message naming the file and saying truncated), never a crash.
    @Test func truncatedAnywhere() throws {
        let bytes = try NeuralFixtures.bytes("causal.pfnn")
        var cuts = Array(1..<400) + Array(stride(from: 400, to: bytes.count, by: 13)) + [bytes.count - 1]
        cuts.removeAll { $0 < 4 }  // shorter than the magic: "not a weights file"
        for cut in cuts {
            let message = Self.message(Array(bytes[..<cut]))
            #expect(message.hasPrefix("beat.pfnn: truncated in "), "cut at \(cut): \(message)")
        }
        #expect(Self.message(Array(bytes[..<300])) == "beat.pfnn: truncated in tensor 'front.0.weight' (needs 768 bytes, 166 left)")
        #expect(Self.message(Array(bytes[..<10])) == "beat.pfnn: truncated in the header (needs 4 bytes, 2 left)")
    }

    @Test func trailingBytes() throws {
        #expect(Self.message(try NeuralFixtures.bytes("causal.pfnn") + [0, 0]) == "beat.pfnn: 2 bytes after the last tensor")
    }

    @Test func missingAndUnexpectedTensors() throws {
        #expect(Self.message(try Self.rewritten { _, tensors in tensors.removeAll { $0.name == "blocks.2.mix.bias" } })
                == "beat.pfnn: no tensor 'blocks.2.mix.bias'")
        #expect(Self.message(try Self.rewritten { _, tensors in tensors.append(("blocks.4.mix.bias", [8], [Float](repeating: 0, count: 8))) })
                == "beat.pfnn: unexpected tensor 'blocks.4.mix.bias'")
        #expect(Self.message(try Self.rewritten { _, tensors in tensors.append(tensors[3]) })
                == "beat.pfnn: tensor 'front.1.bias' appears twice")
    }

    @Test func wrongShape() throws {
        #expect(Self.message(try Self.rewritten { _, tensors in
            let i = tensors.firstIndex { $0.name == "head.weight" }!
            tensors[i] = ("head.weight", [3, 8], [Float](repeating: 0.1, count: 24))
        }) == "beat.pfnn: tensor 'head.weight' has shape [3, 8], expected [2, 8]")
        #expect(Self.message(try Self.rewritten { metadata, _ in
            let i = metadata.firstIndex { $0.0 == "kernel" }!
            metadata[i].1 = "5"
        }) == "beat.pfnn: tensor 'blocks.0.conv.weight' has shape [8, 8, 3], expected [8, 8, 5]")
    }

    @Test(arguments: [(Float.nan, "NaN"), (Float.infinity, "infinity"), (-Float.infinity, "infinity")])
    func nonFiniteWeight(value: Float, word: String) throws {
        #expect(Self.message(try Self.rewritten { _, tensors in tensors[4].values[17] = value })
                == "beat.pfnn: tensor 'blocks.0.conv.weight' holds \(word)")
    }

    @Test func badMetadata() throws {
        func with(_ key: String, _ value: String?) throws -> String {
            Self.message(try Self.rewritten { metadata, _ in
                let i = metadata.firstIndex { $0.0 == key }!
                if let value { metadata[i].1 = value } else { metadata.remove(at: i) }
            })
        }
        #expect(try with("model", "chord-cnn") == "beat.pfnn: metadata 'model' is 'chord-cnn', expected 'beat-tcn'")
        #expect(try with("layers", nil) == "beat.pfnn: metadata has no 'layers'")
        #expect(try with("bands", "twelve") == "beat.pfnn: metadata 'bands' is 'twelve', expected an integer in 1…4096")
        #expect(try with("bands", "99999999999999999999999") == "beat.pfnn: metadata 'bands' is '99999999999999999999999', expected an integer in 1…4096")
        #expect(Self.message(try Self.rewritten { metadata, _ in
            metadata[metadata.firstIndex { $0.0 == "causal" }!].1 = "0"
            metadata[metadata.firstIndex { $0.0 == "kernel" }!].1 = "4"
        }) == "beat.pfnn: metadata 'kernel' is '4', expected an odd size for a centred (causal=0) model")
        let parts = try NeuralFixtures.parts("causal")
        let twice = NeuralFixtures.file(metadata: [("model", "beat-tcn"), ("model", "x")], tensors: parts.tensors)
        #expect(Self.message(twice) == "beat.pfnn: metadata key 'model' appears twice")
        let noEquals = Array("PFNN".utf8) + [1, 0, 0, 0, 10, 0, 0, 0] + Array("a=b\n\nnope\n".utf8) + [0, 0, 0, 0]
        #expect(Self.message(noEquals) == "beat.pfnn: metadata line 3 is not 'key=value'")
        let notUTF8 = Array("PFNN".utf8) + [1, 0, 0, 0, 4, 0, 0, 0] + [0x61, 0x3D, 0xFF, 0x0A] + [0, 0, 0, 0]
        #expect(Self.message(notUTF8) == "beat.pfnn: metadata is not UTF-8 text")
    }

    @Test func badTensorHeaders() {
        let start = Array("PFNN".utf8) + [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0] + [1, 0] + Array("w".utf8)
        #expect(Self.message(start + [2, 1, 1, 0, 0, 0, 0, 0, 0, 0]) == "beat.pfnn: tensor 'w' has dtype 2, this build reads 1 (float32)")
        #expect(Self.message(start + [1, 9]) == "beat.pfnn: tensor 'w' has rank 9, this build reads 0…8")
        #expect(Self.message(start + [1, 1, 0, 0, 0, 0]) == "beat.pfnn: tensor 'w' has a zero dimension")
        // 2^31 × 2^31 floats: more than 2^31 values, which no file here holds (nor wasm32 memory).
        #expect(Self.message(start + [1, 2, 0, 0, 0, 0x80, 0, 0, 0, 0x80]) == "beat.pfnn: tensor 'w' is larger than the file could hold")
        #expect(Self.message(start + [1, 1, 0xFF, 0xFF, 0xFF, 0x0F]) == "beat.pfnn: truncated in tensor 'w' (needs 1073741820 bytes, 0 left)")
        let lineBreak = Array("PFNN".utf8) + [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0] + [3, 0] + Array("a\nb".utf8)
        #expect(Self.message(lineBreak + [2, 0]) == "beat.pfnn: tensor 'a?b' has dtype 2, this build reads 1 (float32)")
        #expect(Self.message(lineBreak + [1, 1, 1, 0]) == "beat.pfnn: truncated in tensor 'a?b' (needs 4 bytes, 2 left)")
        let badName = Array("PFNN".utf8) + [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0] + [1, 0, 0xC3]
        #expect(Self.message(badName) == "beat.pfnn: the name of tensor 0 is not UTF-8 text")
        // A file with no metadata parses as weights but is not a beat-tcn.
        #expect(Self.message(Array("PFNN".utf8) + [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) == "beat.pfnn: metadata has no 'model'")
    }
}
