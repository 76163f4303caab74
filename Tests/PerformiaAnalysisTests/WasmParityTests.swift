import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

/// The browser build (Embedded Swift, wasm32, pure-Swift FFT and math) against the native build
/// (KissFFT, libm) on the same samples: same frames, same time stamps, flux within tolerance.
@Suite struct WasmParityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func wasmOnsetsMatchNative() throws {
        let build = try run("bash", ["scripts/build-wasm"])
        try #require(build.status == 0, "scripts/build-wasm failed: \(build.output)")
        let audio = Signals.band(bpm: 118, beatsPerBar: 4, bars: 2).audio
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("performia-wasm-\(UUID().uuidString).f32")
        defer { try? FileManager.default.removeItem(at: file) }
        try audio.withUnsafeBufferPointer { try Data(buffer: $0).write(to: file) }
        let node = try run("node", ["Wasm/run-onsets.mjs", ".build/wasm/performia-core.wasm", file.path, "44100"])
        try #require(node.status == 0, "node failed (scripts/setup installs nodejs): \(node.output)")
        let wasm = node.output.split(separator: "\n").map { $0.split(separator: "\t").map { Double($0)! } }

        var native: [OnsetFrame] = []
        OfflineRunner(blockFrames: 128).run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: 44100)) { events in
            for i in 0..<events.count { native.append(events[i]) }
        }
        try #require(wasm.count == native.count, "wasm gave \(wasm.count) frames, native \(native.count)")
        let scale = Double(native.map(\.flux).max()!)
        var worst = 0.0
        for (w, n) in zip(wasm, native) {
            #expect(SampleTime(w[0]) == n.time)
            worst = max(worst, abs(w[1] - Double(n.flux)) / scale, abs(w[2] - Double(n.lowFlux)) / scale)
        }
        // Measured: 1.6e-7 of the largest flux (float rounding of two FFTs and two logs).
        #expect(worst < 1e-4, "largest flux difference \(worst) of the peak")
    }
}
