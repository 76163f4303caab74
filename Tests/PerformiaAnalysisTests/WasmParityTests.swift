import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

/// The browser build (Embedded Swift on wasm32: RadixTwoFFT, PortableMath) run under node against
/// the native build (KissFFT, libm) on the same samples. Node is required: scripts/setup installs
/// it, and a missing node fails these tests rather than skipping them.
@Suite struct WasmParityTests {
    @Test(arguments: [44100.0, 48000.0])
    func onsetFramesMatchNative(sampleRate: Double) throws {
        let audio = Signals.band(bpm: 120, beatsPerBar: 3, bars: 2, sampleRate: sampleRate).audio  // 4.6 s
        let output = try WasmCore.node(script: "Wasm/run-onsets.mjs", samples: audio, arguments: ["\(Int(sampleRate))"])
        let wasm = try output.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t").compactMap { Double($0) }
            try #require(fields.count == 3, "unreadable line from run-onsets.mjs: \(line)")
            return (time: fields[0], flux: fields[1], lowFlux: fields[2])
        }

        var native: [OnsetFrame] = []
        OfflineRunner(blockFrames: 128).run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: sampleRate)) { events in
            for i in 0..<events.count { native.append(events[i]) }
        }
        try #require(wasm.count == native.count, "wasm gave \(wasm.count) onset frames, native \(native.count)")
        #expect(zip(wasm, native).allSatisfy { SampleTime(exactly: $0.time) == $1.time }, "time stamps differ")

        // Float rounding differs (two FFTs, two logs), so the difference is absolute in nature:
        // held to the series' peak, and, for frames above 1% of the peak, to the frame's value.
        // Measured at 44.1 and 48 kHz: ≤ 1.9e-7 of the peak, ≤ 3.5e-6 relative (below 1% of the
        // peak, where a few float steps are a large fraction, up to 1.5e-4 relative).
        for (name, w, n) in [("flux", wasm.map { $0.flux }, native.map { Double($0.flux) }),
                             ("lowFlux", wasm.map { $0.lowFlux }, native.map { Double($0.lowFlux) })] {
            let d = Self.differences(w, n)
            #expect(d.ofPeak < 1e-6, "\(name): largest difference \(d.ofPeak) of the peak")
            #expect(d.relative < 2e-5, "\(name): largest relative difference \(d.relative) above 1% of the peak")
        }
    }

    @Test func fftMatchesNative() throws {
        let size = 2048
        let noise = Signals.noise(seconds: 1, amplitude: 0.5, seed: 7)
        let tone = Signals.sine(hz: 1000, seconds: 1)
        let input = (0..<size).map { noise[$0] + tone[$0] }
        let output = try WasmCore.node(script: "Wasm/run-fft.mjs", samples: input, arguments: [])
        let wasm = output.split(separator: "\n").map { $0.split(separator: "\t").compactMap { Double($0) } }

        let fft = RealFFT(size: size)
        var real = [Float](repeating: 0, count: fft.binCount)
        var imaginary = [Float](repeating: 0, count: fft.binCount)
        input.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &real, imaginary: &imaginary) }
        try #require(wasm.count == fft.binCount && wasm.allSatisfy { $0.count == 2 }, "run-fft.mjs printed \(output.prefix(200))")

        // Measured: 8.7e-8 of the largest bin magnitude (float rounding of two FFT algorithms).
        let scale = zip(real, imaginary).map { Double(($0 * $0 + $1 * $1).squareRoot()) }.max()!
        var worst = 0.0
        for k in 0..<fft.binCount {
            worst = max(worst, abs(wasm[k][0] - Double(real[k])) / scale, abs(wasm[k][1] - Double(imaginary[k])) / scale)
        }
        #expect(worst < 1e-6, "largest FFT difference \(worst) of the largest bin")
    }

    /// The largest |a − b| as a fraction of the largest |b|, and the largest |a − b| / |b| over
    /// the values above 1% of that peak.
    static func differences(_ a: [Double], _ b: [Double]) -> (ofPeak: Double, relative: Double) {
        let peak = b.map { abs($0) }.max() ?? 0
        var ofPeak = 0.0, relative = 0.0
        for (x, y) in zip(a, b) where peak > 0 {
            ofPeak = max(ofPeak, abs(x - y) / peak)
            if abs(y) >= 0.01 * peak { relative = max(relative, abs(x - y) / abs(y)) }
        }
        return (ofPeak, relative)
    }
}

/// Builds the wasm module (once per test process) and runs the node scripts of Wasm/ over it.
private enum WasmCore {
    /// The package root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// scripts/build-wasm's exit status and output; a static so parallel tests build once.
    static let build: (status: Int32, output: String) = {
        do { return try run(URL(fileURLWithPath: "/bin/bash"), ["scripts/build-wasm"], mergingErrors: true) }
        catch { return (-1, "could not start bash: \(error)") }
    }()

    static let nodeExecutable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { URL(fileURLWithPath: $0).appendingPathComponent("node") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Builds the module if needed, writes `samples` as raw little-endian Float32 to a temporary
    /// file, and returns what `node script FILE arguments…` printed.
    static func node(script: String, samples: [Float], arguments: [String]) throws -> String {
        try #require(build.status == 0, "scripts/build-wasm failed:\n\(build.output)")
        let node = try #require(nodeExecutable, "node not found on PATH: the wasm parity tests need Node.js (scripts/setup installs the nodejs package)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("performia-wasm-\(UUID().uuidString).f32")
        defer { try? FileManager.default.removeItem(at: file) }
        try samples.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try Data($0).write(to: file) }
        let result = try run(node, [script, file.path] + arguments)
        try #require(result.status == 0, "node \(script) failed:\n\(result.output)")
        return result.output
    }

    /// Runs `executable` in the package root; returns its status and its standard output, with
    /// the standard error appended when it fails. `mergingErrors` sends both to one pipe, for
    /// commands whose standard error may be long (reading two pipes one after the other could
    /// block on a full second one); node's is a few lines at most.
    static func run(_ executable: URL, _ arguments: [String], mergingErrors: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = mergingErrors ? output : errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = mergingErrors ? Data() : errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationStatus
        let text = String(decoding: data, as: UTF8.self)
        return (status, status == 0 ? text : text + String(decoding: errorData, as: UTF8.self))
    }
}
