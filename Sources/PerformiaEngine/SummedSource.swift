import PerformiaCore
import PerformiaIO

/// Several audio files of the same length heard as one: the sum of `AudioFileReader`s (each
/// mixed to mono and resampled to one rate), e.g. the bass and other stems as the harmony.
/// Streams: two chunk buffers, whatever the length. Ends when the shortest ends.
final class SummedSource: AudioSource {
    typealias Failure = AudioFileError
    let sampleRate: Double
    let channelCount = 1
    private let readers: [AudioFileReader]
    private let scratch: UnsafeMutablePointer<Float>
    private let scratchPointer: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let capacity = AudioFileReader.chunkFrames

    init(paths: [String], sampleRate: Double) throws(AudioFileError) {
        precondition(!paths.isEmpty)
        var readers: [AudioFileReader] = []
        for path in paths { readers.append(try AudioFileReader(path: path, targetSampleRate: sampleRate, downmixToMono: true)) }
        self.readers = readers
        self.sampleRate = sampleRate
        scratch = .allocate(capacity: capacity)
        scratchPointer = .allocate(capacity: 1)
        scratchPointer.initialize(to: scratch)
    }

    deinit {
        scratch.deallocate()
        scratchPointer.deallocate()
    }

    func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) throws(AudioFileError) -> Int {
        let wanted = min(maximumFrames, capacity)
        var frames = try readers[0].read(into: channels, maximumFrames: wanted)
        for reader in readers.dropFirst() {
            let got = try reader.read(into: UnsafePointer(scratchPointer), maximumFrames: frames)
            for i in 0..<got { channels[0][i] += scratch[i] }
            frames = min(frames, got)
        }
        return frames
    }
}
