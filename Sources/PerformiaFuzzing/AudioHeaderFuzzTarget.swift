import Foundation
import PerformiaIO

extension FuzzTarget {
    /// The audio reader's header path: the bytes are written to a temporary file, which
    /// `AudioFileReader` (downmixing) opens — libsndfile's header parsing and the reader's
    /// checks — and reads the first block of. Seeds: short tones written by `AudioFileWriter` in each
    /// encoding.
    public static let audioHeader = FuzzTarget(name: "audio-header", smokeInputs: 1000, seeds: audioSeeds) { bytes in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("performia-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return .accepted }
        do {
            let reader = try AudioFileReader(path: path, downmixToMono: true)
            let frames = 4096
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: frames)
            defer { buffer.deallocate() }
            var channels = [buffer]
            _ = try reader.read(into: &channels, maximumFrames: frames)
            return .accepted
        } catch {
            return .rejected(String(describing: error))
        }
    }

    /// A 0.1 s stereo tone in every encoding `AudioFileWriter` has.
    @Sendable static func audioSeeds() -> [[UInt8]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("performia-fuzz-seeds-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tone = (0..<4410).map { Float(sin(Double($0) * 0.0627)) * 0.5 }
        return AudioFileWriter.Encoding.allCases.enumerated().compactMap { index, encoding in
            let path = folder.appendingPathComponent("seed\(index)").path
            do {
                let writer = try AudioFileWriter(path: path, sampleRate: 44100, channelCount: 2, encoding: encoding)
                try writer.write(channels: [tone, tone], frameCount: tone.count)
                try writer.close()
            } catch {
                return nil
            }
            return FileManager.default.contents(atPath: path).map(Array.init)
        }
    }
}
