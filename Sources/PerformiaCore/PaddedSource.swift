/// Exactly `frameCount` frames of another `AudioSource`: its own, then silence if it ends early,
/// cut if it runs longer. For renders whose length is not the input's (a recording mixed under
/// a band that rings on for a second after it).
public final class PaddedSource<Source: AudioSource>: AudioSource {
    public typealias Failure = Source.Failure
    public let source: Source
    /// Length of the padded stream, in frames.
    public let frameCount: SampleTime
    private var position: SampleTime = 0
    private var sourceEnded = false
    /// Channel pointers moved past what a short read already filled.
    private let shifted: UnsafeMutablePointer<UnsafeMutablePointer<Float>>

    public init(_ source: Source, frameCount: SampleTime) {
        precondition(frameCount >= 0)
        self.source = source
        self.frameCount = frameCount
        shifted = .allocate(capacity: source.channelCount)
    }

    deinit { shifted.deallocate() }

    public var sampleRate: Double { source.sampleRate }
    public var channelCount: Int { source.channelCount }

    public func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) throws(Failure) -> Int {
        let frames = Int(min(SampleTime(maximumFrames), frameCount - position))
        var filled = 0
        while !sourceEnded && filled < frames {
            for c in 0..<channelCount { shifted[c] = channels[c] + filled }
            let got = try source.read(into: UnsafePointer(shifted), maximumFrames: frames - filled)
            if got == 0 { sourceEnded = true }
            filled += got
        }
        for c in 0..<channelCount { (channels[c] + filled).update(repeating: 0, count: frames - filled) }
        position += SampleTime(frames)
        return frames
    }
}
