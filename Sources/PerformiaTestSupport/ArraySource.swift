import PerformiaCore

/// An `AudioSource` over arrays in memory, for tests and benchmarks.
public final class ArraySource: AudioSource {
    public typealias Failure = Never
    public let sampleRate: Double
    public let channelCount: Int
    private let channels: [[Float]]
    private var position = 0

    public init(channels: [[Float]], sampleRate: Double) {
        precondition(!channels.isEmpty)
        self.channels = channels
        self.channelCount = channels.count
        self.sampleRate = sampleRate
    }

    public func read(into pointers: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) -> Int {
        let frames = min(maximumFrames, channels[0].count - position)
        for c in 0..<channelCount {
            channels[c].withUnsafeBufferPointer { src in
                for i in 0..<frames { pointers[c][i] = src[position + i] }
            }
        }
        position += frames
        return frames
    }
}
