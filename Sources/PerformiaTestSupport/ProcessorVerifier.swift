import PerformiaCore

/// The shared verifier every processor's tests use (docs/architecture.md §2). It checks that
///
/// 1. events are identical for block sizes 1, 7, 64, 511, the maximum and random sizes;
/// 2. `reset()` reproduces the first run exactly;
/// 3. the response to an impulse is emitted exactly `latencyFrames` after the impulse and is
///    stamped with the impulse's time (within `stampToleranceFrames`);
/// 4. after `prepare`, thousands of `process` calls allocate nothing.
///
/// Each check returns `nil` on success or a one-line description of the failure.
public struct ProcessorVerifier<P: Processor> where P.Event: Equatable {
    public let makeProcessor: () -> P
    public let sampleRate: Double
    public let maximumBlockFrames: Int
    public let channelCount: Int

    public init(sampleRate: Double = 44100, maximumBlockFrames: Int = 1024, channelCount: Int = 1,
                makeProcessor: @escaping () -> P) {
        self.makeProcessor = makeProcessor
        self.sampleRate = sampleRate
        self.maximumBlockFrames = maximumBlockFrames
        self.channelCount = channelCount
    }

    private var spec: ProcessSpec {
        ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: channelCount)
    }

    /// Runs `processor` (already prepared) over `input` (one array per channel) in blocks whose
    /// sizes come from `nextBlockSize`, then `finish`. Returns each event with the absolute frame
    /// at which it was emitted (the end of the block that produced it).
    public func run(_ processor: P, input: [[Float]], finish: Bool = true,
                    nextBlockSize: (inout XorshiftGenerator) -> Int) -> [(event: P.Event, emittedAt: SampleTime)] {
        let frameCount = input[0].count
        let buffer = AudioBuffer(channelCount: channelCount, capacityFrames: frameCount)
        for c in 0..<channelCount {
            let channel = buffer.channel(c)
            for i in 0..<frameCount { channel[i] = input[c][i] }
        }
        var events = EventBuffer<P.Event>(capacity: processor.maximumEventsPerBlock)
        var result: [(event: P.Event, emittedAt: SampleTime)] = []
        var rng = XorshiftGenerator(seed: 12345)
        var position = 0
        let whole = buffer.block(frameCount: frameCount, startTime: 0)
        while position < frameCount {
            let size = min(max(0, nextBlockSize(&rng)), maximumBlockFrames, frameCount - position)
            events.removeAll()
            processor.process(whole.slice(offset: position, count: size), events: &events)
            position += size
            for i in 0..<events.count { result.append((events[i], SampleTime(position))) }
        }
        if finish {
            events.removeAll()
            processor.finish(events: &events)
            for i in 0..<events.count { result.append((events[i], SampleTime(frameCount))) }
        }
        return result
    }

    /// Check 1: identical events for block sizes 1, 7, 64, 511, the maximum, and random sizes
    /// (including empty blocks).
    public func verifyBlockSizeIndependence(input: [[Float]]) -> String? {
        let reference = events(input: input) { _ in maximumBlockFrames }
        if reference.isEmpty { return "no events at all for the test input: the check would prove nothing" }
        let sizes: [(String, (inout XorshiftGenerator) -> Int)] = [
            ("1", { _ in 1 }), ("7", { _ in 7 }), ("64", { _ in 64 }), ("511", { _ in 511 }),
            ("random", { rng in Int(rng.next() % UInt64(maximumBlockFrames + 1)) }),
        ]
        for (name, size) in sizes {
            let other = events(input: input, nextBlockSize: size)
            if other != reference {
                return "block size \(name): \(other.count) events differ from \(reference.count) with block size \(maximumBlockFrames)"
                    + (firstDifference(reference, other).map { " (first at index \($0))" } ?? "")
            }
        }
        return nil
    }

    /// Check 2: `reset()` then the same input reproduces the first run exactly.
    public func verifyReset(input: [[Float]]) -> String? {
        let processor = makeProcessor()
        processor.prepare(spec)
        let first = run(processor, input: input) { _ in 64 }.map(\.event)
        processor.reset()
        let second = run(processor, input: input) { _ in 64 }.map(\.event)
        return first == second ? nil : "after reset(): \(second.count) events differ from the first run's \(first.count)"
    }

    /// Check 3: feeds `frameCount` frames of silence with a unit impulse at `impulseFrame`, block
    /// size 1. `response` picks the event that answers the impulse. The event must be stamped
    /// within `stampToleranceFrames` of the impulse and emitted exactly `latencyFrames` after it.
    public func verifyLatency(impulseFrame: Int, frameCount: Int, stampToleranceFrames: Int,
                              response: ([P.Event]) -> P.Event?) -> String? {
        var input = [[Float]](repeating: [Float](repeating: 0, count: frameCount), count: channelCount)
        for c in 0..<channelCount { input[c][impulseFrame] = 1 }
        let processor = makeProcessor()
        processor.prepare(spec)
        let emitted = run(processor, input: input, finish: false) { _ in 1 }
        guard let answer = response(emitted.map(\.event)),
              let emission = emitted.first(where: { $0.event == answer })?.emittedAt else {
            return "no event answered the impulse at frame \(impulseFrame)"
        }
        let stampError = abs(Int(answer.time) - impulseFrame)
        if stampError > stampToleranceFrames {
            return "impulse at \(impulseFrame) stamped \(answer.time): off by \(stampError) frames"
        }
        // The answering event becomes available once the frame impulse + latency has been consumed.
        let delay = Int(emission) - 1 - Int(answer.time)
        if delay != processor.latencyFrames {
            return "event for \(answer.time) emitted \(delay) frames later, declared latencyFrames \(processor.latencyFrames)"
        }
        return nil
    }

    /// Check 4: after `prepare`, `calls` process calls of mixed sizes allocate nothing. One pass
    /// over the input runs first, uncounted: it lets the Swift runtime instantiate generic
    /// metadata once per process (a lazy, one-time cache fill that is not the processor's doing).
    public func verifyNoAllocations(input: [[Float]], calls: Int = 5000) -> String? {
        let processor = makeProcessor()
        processor.prepare(spec)
        let frameCount = input[0].count
        let buffer = AudioBuffer(channelCount: channelCount, capacityFrames: frameCount)
        for c in 0..<channelCount {
            for i in 0..<frameCount { buffer.channel(c)[i] = input[c][i] }
        }
        var events = EventBuffer<P.Event>(capacity: processor.maximumEventsPerBlock)
        let whole = buffer.block(frameCount: frameCount, startTime: 0)
        let sizes = [1, 7, 64, 511, maximumBlockFrames, 0, 3]
        var position = 0
        while position < frameCount {
            let size = min(maximumBlockFrames, frameCount - position)
            events.removeAll()
            processor.process(whole.slice(offset: position, count: size), events: &events)
            position += size
        }
        processor.reset()
        position = 0
        let allocations = countAllocations {
            for call in 0..<calls {
                let size = min(sizes[call % sizes.count], frameCount - position)
                events.removeAll()
                processor.process(whole.slice(offset: position, count: size), events: &events)
                position += size
                if position >= frameCount {
                    position = 0
                    processor.reset()
                }
            }
        }
        return allocations == 0 ? nil : "\(allocations) heap allocations in \(calls) process/reset calls after prepare"
    }

    private func events(input: [[Float]], nextBlockSize: (inout XorshiftGenerator) -> Int) -> [P.Event] {
        let processor = makeProcessor()
        processor.prepare(spec)
        return run(processor, input: input, nextBlockSize: nextBlockSize).map(\.event)
    }

    private func firstDifference(_ a: [P.Event], _ b: [P.Event]) -> Int? {
        for i in 0..<min(a.count, b.count) where a[i] != b[i] { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }
}

/// A small deterministic generator for reproducible random block sizes and test signals.
public struct XorshiftGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed == 0 ? 0x9E3779B97F4A7C15 : seed }
    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
