import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaEngine
import PerformiaIO

/// `performia-eval spectrum FILE…`: writes each file's semitone band spectrum (the learned beat
/// model's input, `BandSpectrumDetector`) beside it as `<name>.spectrum.npy` (float32,
/// [frames, bands]) and `<name>.spectrum.json` (first frame time and frames per second) — the
/// features Training/train_beat.py learns from, computed by the same code the engine runs.
struct SpectrumExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Write each file's band spectrum as .spectrum.npy beside it (for training).")

    @Flag(help: "Skip files whose .spectrum.npy already exists.")
    var resume = false

    @Argument(help: "Audio files.")
    var files: [String]

    func run() throws {
        var failures = 0
        for path in files {
            let stem = (path as NSString).deletingPathExtension
            if resume, FileManager.default.fileExists(atPath: stem + ".spectrum.json") { continue }
            do {
                let reader = try AudioFileReader(path: path, targetSampleRate: SongAnalyzer.analysisSampleRate,
                                                 downmixToMono: true)
                let spectrum = try SongAnalyzer().bandSpectrum(of: reader)
                try Self.numpy(spectrum.values, rows: spectrum.frameCount, columns: BandSpectrum.bandCount)
                    .write(to: URL(fileURLWithPath: stem + ".spectrum.npy"))
                let info: [String: Any] = ["firstSeconds": spectrum.seconds(ofFrame: 0),
                                           "framesPerSecond": spectrum.framesPerSecond,
                                           "bands": BandSpectrum.bandCount, "frames": spectrum.frameCount]
                try JSONSerialization.data(withJSONObject: info, options: [.sortedKeys])
                    .write(to: URL(fileURLWithPath: stem + ".spectrum.json"))
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia-eval: error: \(path): \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// A NumPy `.npy` file (format 1.0) of little-endian float32 values, C order.
    static func numpy(_ values: [Float], rows: Int, columns: Int) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        return data
    }
}
