import Foundation
import PerformiaNeural

/// The parity fixtures of Training/parity_fixture.py (Tests/Fixtures/neural) and a writer of
/// `performia-nn` files for the bad-input tests.
enum NeuralFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/neural")

    /// The bytes of fixture `name` (`causal.pfnn`).
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func model(_ name: String) throws -> BeatTCN {
        try BeatTCN(weights: NeuralWeights(bytes: bytes(name + ".pfnn"), fileName: name + ".pfnn"))
    }

    /// A fixture's input spectrum and PyTorch's activations for it.
    struct Case {
        let frameCount: Int
        let bandCount: Int
        let spectrum: [Float]
        let beat: [Float]
        let downbeat: [Float]
    }

    static func parityCase(_ name: String) throws -> Case {
        let data = try bytes(name + ".f32")
        func u32(_ i: Int) -> Int { Int(data[i]) | Int(data[i + 1]) << 8 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 24 }
        let frames = u32(0), bands = u32(4)
        let floats = (0..<(data.count - 8) / 4).map { Float(bitPattern: UInt32(u32(8 + 4 * $0))) }
        precondition(floats.count == frames * (bands + 2), "\(name).f32 does not hold T × (B + 2) floats")
        return Case(frameCount: frames, bandCount: bands, spectrum: Array(floats[..<(frames * bands)]),
                    beat: Array(floats[(frames * bands)..<(frames * (bands + 1))]),
                    downbeat: Array(floats[(frames * (bands + 1))...]))
    }

    /// A `.f32` fixture: its two u32 header values and the float32 values after them.
    static func floats(_ name: String) throws -> (header: (UInt32, UInt32), values: [Float]) {
        let data = try bytes(name)
        func u32(_ i: Int) -> UInt32 { UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24 }
        return ((u32(0), u32(4)), (0..<(data.count - 8) / 4).map { Float(bitPattern: u32(8 + 4 * $0)) })
    }

    /// A `performia-nn` file: magic, `version`, the metadata lines, the tensors (dtype 1).
    static func file(metadata: [(String, String)], tensors: [(name: String, shape: [Int], values: [Float])],
                     version: UInt32 = 1) -> [UInt8] {
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        let text = Array(metadata.map { "\($0.0)=\($0.1)\n" }.joined().utf8)
        var bytes = Array("PFNN".utf8) + u32(version) + u32(UInt32(text.count)) + text + u32(UInt32(tensors.count))
        for tensor in tensors {
            let name = Array(tensor.name.utf8)
            bytes += [UInt8(name.count & 0xFF), UInt8(name.count >> 8)] + name + [1, UInt8(tensor.shape.count)]
            for dimension in tensor.shape { bytes += u32(UInt32(dimension)) }
            for value in tensor.values { bytes += u32(value.bitPattern) }
        }
        return bytes
    }

    /// Fixture `name`'s metadata and tensors, for rewriting with a change.
    static func parts(_ name: String) throws -> (metadata: [(String, String)], tensors: [(name: String, shape: [Int], values: [Float])]) {
        let weights = try NeuralWeights(bytes: bytes(name + ".pfnn"), fileName: name + ".pfnn")
        return (weights.metadata.entries.map { ($0.key, $0.value) }, weights.tensors.map { ($0.name, $0.shape, $0.values) })
    }
}
