import Foundation
import PerformiaIO

/// A temporary folder for generated fixture files, removed when the value is released.
public final class TemporaryFolder {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("performia-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `channels` as an audio file named `name` (format from the extension unless given).
    @discardableResult
    public func audio(_ name: String, channels: [[Float]], sampleRate: Double = 44100,
                      encoding: AudioFileWriter.Encoding? = nil) throws -> String {
        let file = path(name)
        let writer = try AudioFileWriter(path: file, sampleRate: sampleRate, channelCount: channels.count, encoding: encoding)
        try writer.write(channels: channels, frameCount: channels[0].count)
        try writer.close()
        return file
    }

    /// Writes raw bytes.
    @discardableResult
    public func bytes(_ name: String, _ data: Data) throws -> String {
        let file = path(name)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}
