import Foundation
import PerformiaNeural
import Testing

/// The browser build's BeatTCN (Embedded Swift on wasm32, PortableMath's exp;
/// `Wasm/run-beat-tcn.mjs` under node) against the native one (libm) on the parity fixtures:
/// within 1e-4, the whole sequence for both files and the causal file streamed. Node is required
/// (scripts/setup installs it); a missing node fails these tests rather than skipping them.
@Suite struct BeatTCNWasmParityTests {
    @Test(arguments: [("centred", false), ("causal", false), ("causal", true)])
    func wasmMatchesNative(name: String, streaming: Bool) throws {
        try #require(WasmBuild.status.status == 0, "scripts/build-wasm failed:\n\(WasmBuild.status.output)")
        let node = try #require(WasmBuild.node, "node not found on PATH: the wasm parity tests need Node.js")
        let fixture = try NeuralFixtures.parityCase(name)
        let file = try Self.spectrumFile(fixture)
        defer { try? FileManager.default.removeItem(at: file) }
        let weights = NeuralFixtures.folder.appendingPathComponent(name + ".pfnn").path
        let result = try WasmBuild.run(node, ["Wasm/run-beat-tcn.mjs", weights, file.path] + (streaming ? ["stream"] : []))
        let text = String(decoding: result.output, as: UTF8.self)
        try #require(result.status == 0, "node Wasm/run-beat-tcn.mjs failed:\n\(text)")
        let wasm = text.split(separator: "\n").map { $0.split(separator: "\t").compactMap { Float($0) } }
        try #require(wasm.count == fixture.frameCount && wasm.allSatisfy { $0.count == 2 }, "run-beat-tcn.mjs printed \(text.prefix(200))")

        let native = try NeuralFixtures.model(name).activations(spectrum: fixture.spectrum, frameCount: fixture.frameCount)
        var difference: Float = 0
        for t in 0..<fixture.frameCount {
            difference = max(difference, abs(wasm[t][0] - native.beat[t]), abs(wasm[t][1] - native.downbeat[t]))
        }
        // Measured: 6e-8 (one float step at 0.5; exp is PortableMath's in wasm, libm's natively).
        #expect(difference <= 1e-4, "\(name)\(streaming ? " streamed" : ""): wasm differs from native by \(difference)")
    }

    @Test func wasmRefusesToStreamACentredModel() throws {
        try #require(WasmBuild.status.status == 0, "scripts/build-wasm failed:\n\(WasmBuild.status.output)")
        let node = try #require(WasmBuild.node, "node not found on PATH: the wasm parity tests need Node.js")
        let weights = NeuralFixtures.folder.appendingPathComponent("centred.pfnn").path
        let file = try Self.spectrumFile(NeuralFixtures.parityCase("centred"))
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try WasmBuild.run(node, ["Wasm/run-beat-tcn.mjs", weights, file.path, "stream"])
        #expect(result.status == 1)
        #expect(String(decoding: result.output, as: UTF8.self).hasPrefix("\(weights): a centred (non-causal) model looks ahead"))
    }

    /// The fixture's spectrum as raw little-endian Float32 in a temporary file (the caller removes it).
    static func spectrumFile(_ fixture: NeuralFixtures.Case) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("performia-spectrum-\(UUID().uuidString).f32")
        try fixture.spectrum.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try Data($0).write(to: file) }
        return file
    }
}

/// Builds the wasm module once per test process and runs node over it.
private enum WasmBuild {
    /// The package root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let status: (status: Int32, output: String) = {
        do {
            let result = try run(URL(fileURLWithPath: "/bin/bash"), ["scripts/build-wasm"])
            return (result.status, String(decoding: result.output, as: UTF8.self))
        } catch {
            return (-1, "could not start bash: \(error)")
        }
    }()

    static let node: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { URL(fileURLWithPath: $0).appendingPathComponent("node") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `executable` in the package root; its status and its output (standard error merged).
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](data))
    }
}
