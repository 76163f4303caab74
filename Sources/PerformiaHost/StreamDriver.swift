import PerformiaCore

/// Drives a `LiveGraph` from PCM a caller pushes — a WebSocket's binary frames, a test — on the
/// caller's thread: the same `prepare` / `render` / `stop` calls, with the same running `time`,
/// that `JackSession` makes from its callback and `FastFileDriver` from a file.
///
/// Pushed samples are interleaved (`inputChannels` per frame) and may come in any amount; they
/// are de-interleaved into preallocated planes and rendered in blocks of at most
/// `maximumBlockFrames`. The band's stereo output of each block goes to the caller's handler.
/// Latency: none beyond the graph's; the output of a push returns with it.
///
/// Not real-time itself (the caller's thread may block between pushes), but `push` allocates
/// nothing after `init`. One thread at a time.
public final class StreamDriver {
    /// Where the rendered stereo output goes, block by block.
    public typealias OutputHandler = (_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>,
                                      _ frameCount: Int, _ time: SampleTime) -> Void

    /// Hz: the rate of the pushed samples and of the output.
    public let sampleRate: Double
    /// 1 or 2.
    public let inputChannels: Int
    /// The largest block `render` is given.
    public let maximumBlockFrames: Int
    /// Frames rendered so far: the `time` of the next block.
    public private(set) var framesProcessed: SampleTime = 0

    private let graph: any LiveGraph
    private let planes: UnsafeMutablePointer<Float>
    private let inputPointers: UnsafeMutablePointer<UnsafePointer<Float>>
    private let left: UnsafeMutablePointer<Float>
    private let right: UnsafeMutablePointer<Float>
    private var stopped = false

    /// Prepares `graph` at `sampleRate` for blocks of up to `maximumBlockFrames`.
    /// - Parameters:
    ///   - sampleRate: Hz, > 0 (the graph's synthesiser must have been made for it).
    ///   - inputChannels: 1 or 2.
    ///   - maximumBlockFrames: 1…8192.
    public init(graph: any LiveGraph, sampleRate: Double, inputChannels: Int = 1, maximumBlockFrames: Int = 128) {
        precondition(sampleRate > 0 && sampleRate.isFinite, "sampleRate must be positive")
        precondition((1...2).contains(inputChannels), "inputChannels must be 1 or 2")
        precondition((1...8192).contains(maximumBlockFrames), "maximumBlockFrames must be 1…8192")
        self.graph = graph
        self.sampleRate = sampleRate
        self.inputChannels = inputChannels
        self.maximumBlockFrames = maximumBlockFrames
        planes = .allocate(capacity: inputChannels * maximumBlockFrames)
        planes.initialize(repeating: 0, count: inputChannels * maximumBlockFrames)
        inputPointers = .allocate(capacity: inputChannels)
        for c in 0..<inputChannels { inputPointers[c] = UnsafePointer(planes + c * maximumBlockFrames) }
        left = .allocate(capacity: maximumBlockFrames)
        left.initialize(repeating: 0, count: maximumBlockFrames)
        right = .allocate(capacity: maximumBlockFrames)
        right.initialize(repeating: 0, count: maximumBlockFrames)
        graph.prepare(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, inputChannels: inputChannels)
    }

    deinit {
        stop()
        planes.deallocate()
        inputPointers.deallocate()
        left.deallocate()
        right.deallocate()
    }

    /// Renders `samples` (interleaved; a trailing partial frame is ignored) through the graph and
    /// hands each block's output to `output`. Does nothing after `stop`. Returns the frames rendered.
    @discardableResult
    public func push(interleaved samples: UnsafeBufferPointer<Float>, output: OutputHandler) -> Int {
        guard !stopped, let base = samples.baseAddress else { return 0 }
        let frames = samples.count / inputChannels
        var done = 0
        while done < frames {
            let block = min(maximumBlockFrames, frames - done)
            for f in 0..<block {
                for c in 0..<inputChannels { planes[c * maximumBlockFrames + f] = base[(done + f) * inputChannels + c] }
            }
            graph.render(input: UnsafePointer(inputPointers), output: left, right, frameCount: block, time: framesProcessed)
            output(left, right, block, framesProcessed)
            framesProcessed += SampleTime(block)
            done += block
        }
        return frames
    }

    /// Ends the stream: the graph silences everything. Idempotent.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        graph.stop()
    }
}
