import Foundation
import PerformiaCore
import PerformiaIO
import Testing

/// Reading helpers shared by the PerformiaIO tests.
enum TestAudio {
    /// Reads the rest of a stream through `read(into:maximumFrames:)` in blocks of `blockFrames`.
    static func readAll(_ reader: AudioFileReader, blockFrames: Int = 4096) throws(AudioFileError) -> [[Float]] {
        let buffer = AudioBuffer(channelCount: reader.channelCount, capacityFrames: blockFrames)
        var channels = [[Float]](repeating: [], count: reader.channelCount)
        while true {
            let frames = try reader.read(into: buffer.channelPointers, maximumFrames: blockFrames)
            if frames == 0 { return channels }
            for c in 0..<reader.channelCount { channels[c] += buffer.channel(c).prefix(frames) }
        }
    }

    /// The error that opening and reading the whole of `path` throws; nil when it reads cleanly.
    static func error(reading path: String) -> AudioFileError? {
        do {
            _ = try readAll(AudioFileReader(path: path))
            return nil
        } catch {
            return error
        }
    }

    /// The error that opening `path` throws; nil when it opens.
    static func error(opening path: String) -> AudioFileError? {
        do {
            _ = try AudioFileReader(path: path)
            return nil
        } catch {
            return error
        }
    }

    /// Frequency of a tone in Hz, from its zero crossings.
    static func frequency(_ samples: ArraySlice<Float>, sampleRate: Double) -> Double {
        var crossings = 0
        var previous = samples.first ?? 0
        for x in samples.dropFirst() {
            if (previous < 0) != (x < 0) { crossings += 1 }
            previous = x
        }
        return Double(crossings) / 2 / (Double(samples.count) / sampleRate)
    }

    /// Checks that `error` reads as one line that starts with `path`.
    static func expectOneLine(_ error: AudioFileError?, naming path: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let text = error?.description ?? ""
        #expect(text.hasPrefix(path + ": "), "\(text)", sourceLocation: sourceLocation)
        let isOneLine = !text.contains { $0.isNewline }
        #expect(isOneLine, "\(text)", sourceLocation: sourceLocation)
    }

    /// `data` with `count` bytes from `offset` replaced by seeded pseudo-random bytes.
    static func garbled(_ data: Data, at offset: Int, count: Int) -> Data {
        var out = data
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in offset..<min(offset + count, out.count) {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            out[out.startIndex + i] = UInt8(truncatingIfNeeded: state)
        }
        return out
    }
}
