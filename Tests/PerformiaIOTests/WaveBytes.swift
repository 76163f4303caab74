import Foundation

/// Hand-made 16-bit PCM WAV files, for headers that `AudioFileWriter` refuses to write
/// (0 or 65 channels, rates libsndfile accepts but Performia does not, no frames).
enum WaveBytes {
    /// A canonical 44-byte header followed by `frameCount` frames of a ramp.
    static func pcm16(channelCount: Int, sampleRate: Int, frameCount: Int) -> Data {
        let blockAlign = channelCount * 2
        let dataBytes = frameCount * blockAlign
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + dataBytes))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))
        append(UInt16(channelCount))
        append(UInt32(sampleRate))
        append(UInt32(sampleRate * blockAlign))
        append(UInt16(blockAlign))
        append(UInt16(16))
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(dataBytes))
        for i in 0..<(frameCount * channelCount) { append(Int16(truncatingIfNeeded: i * 64)) }
        return data
    }
}
