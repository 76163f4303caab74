import PerformiaCore

/// The shared verifier's audio-out form (docs/architecture.md, "The processor contract"): the
/// same four checks as `ProcessorVerifier`, on samples instead of events.
///
/// 1. the output samples agree within `tolerance` for block sizes 1, 7, 64, 511, the maximum and
///    random sizes (including empty blocks);
/// 2. `reset()` reproduces the first run within `tolerance`;
/// 3. an impulse comes out with its largest absolute sample exactly `latencyFrames` later;
/// 4. after `prepare`, thousands of `process` calls allocate nothing.
///
/// Each check returns `nil` on success or a one-line description of the failure.
public struct AudioProcessorVerifier<P: AudioProcessor> {
    public let makeProcessor: () -> P
    public let sampleRate: Double
    public let maximumBlockFrames: Int
    public let channelCount: Int
    /// Largest absolute difference allowed between two runs' samples.
    public let tolerance: Float

    public init(sampleRate: Double = 44100, maximumBlockFrames: Int = 1024, channelCount: Int = 1,
                tolerance: Float = 1e-6, makeProcessor: @escaping () -> P) {
        self.makeProcessor = makeProcessor
        self.sampleRate = sampleRate
        self.maximumBlockFrames = maximumBlockFrames
        self.channelCount = channelCount
        self.tolerance = tolerance
    }

    private var spec: ProcessSpec {
        ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: channelCount)
    }

    /// Runs `processor` (already prepared) over `input` (one array per channel) in blocks whose
    /// sizes come from `nextBlockSize`; returns the output, one array per output channel, as long
    /// as the input (not latency-compensated: output frame `t` answers input `t − latencyFrames`).
    public func run(_ processor: P, input: [[Float]],
                    nextBlockSize: (inout XorshiftGenerator) -> Int) -> [[Float]] {
        let frameCount = input[0].count
        let source = AudioBuffer(channelCount: channelCount, capacityFrames: frameCount)
        for c in 0..<channelCount {
            let channel = source.channel(c)
            for i in 0..<frameCount { channel[i] = input[c][i] }
        }
        let target = AudioBuffer(channelCount: processor.outputChannelCount, capacityFrames: frameCount)
        let whole = source.block(frameCount: frameCount, startTime: 0)
        let wholeOutput = target.mutableBlock(frameCount: frameCount, startTime: 0)
        var rng = XorshiftGenerator(seed: 12345)
        var position = 0
        while position < frameCount {
            let size = min(max(0, nextBlockSize(&rng)), maximumBlockFrames, frameCount - position)
            processor.process(input: whole.slice(offset: position, count: size),
                              output: wholeOutput.slice(offset: position, count: size))
            position += size
        }
        return (0..<processor.outputChannelCount).map { Array(target.channel($0)) }
    }

    /// Check 1: the same samples (within `tolerance`) for block sizes 1, 7, 64, 511, the maximum,
    /// and random sizes (including empty blocks).
    public func verifyBlockSizeIndependence(input: [[Float]]) -> String? {
        let reference = output(input: input) { _ in maximumBlockFrames }
        if reference.allSatisfy({ $0.allSatisfy { $0 == 0 } }) {
            return "the output is silent for the test input: the check would prove nothing"
        }
        let sizes: [(String, (inout XorshiftGenerator) -> Int)] = [
            ("1", { _ in 1 }), ("7", { _ in 7 }), ("64", { _ in 64 }), ("511", { _ in 511 }),
            ("random", { rng in Int(rng.next() % UInt64(maximumBlockFrames + 1)) }),
        ]
        for (name, size) in sizes {
            if let difference = compare(reference, output(input: input, nextBlockSize: size)) {
                return "block size \(name): \(difference)"
            }
        }
        return nil
    }

    /// Check 2: `reset()` then the same input reproduces the first run within `tolerance`.
    public func verifyReset(input: [[Float]]) -> String? {
        let processor = makeProcessor()
        processor.prepare(spec)
        let first = run(processor, input: input) { _ in 64 }
        processor.reset()
        let second = run(processor, input: input) { _ in 64 }
        return compare(first, second).map { "after reset(): \($0)" }
    }

    /// Check 3: feeds `frameCount` frames of silence with a unit impulse at `impulseFrame` on
    /// every channel, block size 1. On every output channel the largest absolute sample must be
    /// at `impulseFrame + latencyFrames`.
    public func verifyLatency(impulseFrame: Int, frameCount: Int) -> String? {
        var input = [[Float]](repeating: [Float](repeating: 0, count: frameCount), count: channelCount)
        for c in 0..<channelCount { input[c][impulseFrame] = 1 }
        let processor = makeProcessor()
        processor.prepare(spec)
        let expected = impulseFrame + processor.latencyFrames
        guard expected < frameCount else { return "frameCount \(frameCount) too short for latency \(processor.latencyFrames)" }
        let result = run(processor, input: input) { _ in 1 }
        for (c, channel) in result.enumerated() {
            var peak = 0
            for i in channel.indices where abs(channel[i]) > abs(channel[peak]) { peak = i }
            if channel[peak] == 0 { return "channel \(c): no output for the impulse at \(impulseFrame)" }
            if peak != expected {
                return "channel \(c): impulse at \(impulseFrame) peaks at \(peak) (\(peak - impulseFrame) frames later), declared latencyFrames \(processor.latencyFrames)"
            }
        }
        return nil
    }

    /// Check 4: after `prepare`, `calls` process calls of mixed sizes (and resets) allocate
    /// nothing. One uncounted pass runs first (the runtime's lazy generic-metadata cache).
    public func verifyNoAllocations(input: [[Float]], calls: Int = 5000) -> String? {
        let processor = makeProcessor()
        processor.prepare(spec)
        let frameCount = input[0].count
        let source = AudioBuffer(channelCount: channelCount, capacityFrames: frameCount)
        for c in 0..<channelCount {
            for i in 0..<frameCount { source.channel(c)[i] = input[c][i] }
        }
        let target = AudioBuffer(channelCount: processor.outputChannelCount, capacityFrames: frameCount)
        let whole = source.block(frameCount: frameCount, startTime: 0)
        let wholeOutput = target.mutableBlock(frameCount: frameCount, startTime: 0)
        let sizes = [1, 7, 64, 511, maximumBlockFrames, 0, 3]
        var position = 0
        while position < frameCount {
            let size = min(maximumBlockFrames, frameCount - position)
            processor.process(input: whole.slice(offset: position, count: size),
                              output: wholeOutput.slice(offset: position, count: size))
            position += size
        }
        processor.reset()
        position = 0
        let allocations = countAllocations {
            for call in 0..<calls {
                let size = min(sizes[call % sizes.count], maximumBlockFrames, frameCount - position)
                processor.process(input: whole.slice(offset: position, count: size),
                                  output: wholeOutput.slice(offset: position, count: size))
                position += size
                if position >= frameCount {
                    position = 0
                    processor.reset()
                }
            }
        }
        return allocations == 0 ? nil : "\(allocations) heap allocations in \(calls) process/reset calls after prepare"
    }

    private func output(input: [[Float]], nextBlockSize: (inout XorshiftGenerator) -> Int) -> [[Float]] {
        let processor = makeProcessor()
        processor.prepare(spec)
        return run(processor, input: input, nextBlockSize: nextBlockSize)
    }

    private func compare(_ a: [[Float]], _ b: [[Float]]) -> String? {
        if a.count != b.count { return "\(b.count) output channels instead of \(a.count)" }
        for c in a.indices {
            if a[c].count != b[c].count { return "channel \(c): \(b[c].count) frames instead of \(a[c].count)" }
            for i in a[c].indices where !(abs(a[c][i] - b[c][i]) <= tolerance) {
                return "channel \(c) frame \(i): \(b[c][i]) instead of \(a[c][i]) (tolerance \(tolerance))"
            }
        }
        return nil
    }
}
