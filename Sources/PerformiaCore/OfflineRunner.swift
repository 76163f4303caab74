/// The offline driver of the one chain runner: pulls an `AudioSource` block by block, as fast as
/// it can, through event processors (`run`), taps (`run(taps:)`) or an audio chain (`render`).
/// The same processor, tap or chain value runs unchanged under a live runner, which calls the
/// same `process` from its device callback.
///
/// Blocks are `blockFrames` long (the last may be shorter) and stamped with their absolute
/// `SampleTime`. The runner allocates its buffers once per call, before the stream starts.
public struct OfflineRunner {
    /// Frames per block, > 0.
    public let blockFrames: Int

    public init(blockFrames: Int = 4096) {
        precondition(blockFrames > 0)
        self.blockFrames = blockFrames
    }

    /// Prepares `processor` for `source`, streams the whole source through it and hands every
    /// non-empty batch of events to `onEvents` (after each block and after `finish`).
    /// `onProgress` receives the frames consumed so far. Returns the total frames processed.
    @discardableResult
    public func run<P: Processor, S: AudioSource>(
        _ processor: P, source: S,
        onEvents: (borrowing EventBuffer<P.Event>) -> Void,
        onProgress: (SampleTime) -> Void = { _ in }
    ) throws(S.Failure) -> SampleTime {
        try withoutActuallyEscaping(onEvents) { (handler) throws(S.Failure) -> SampleTime in
            try run(taps: EventTap(processor, onEvents: handler), source: source, onProgress: onProgress)
        }
    }

    /// Prepares `taps` for `source`, hands every block of the source to them, then calls their
    /// `finish`. `onProgress` receives the frames consumed so far (after each block's taps ran).
    /// Returns the total frames processed.
    @discardableResult
    public func run<T: AudioTap, S: AudioSource>(
        taps: T, source: S, onProgress: (SampleTime) -> Void = { _ in }
    ) throws(S.Failure) -> SampleTime {
        taps.prepare(spec(for: source))
        let buffer = AudioBuffer(channelCount: source.channelCount, capacityFrames: blockFrames)
        var position: SampleTime = 0
        while true {
            let frames = try source.read(into: buffer.channelPointers, maximumFrames: blockFrames)
            if frames == 0 { break }
            taps.process(buffer.block(frameCount: frames, startTime: position))
            position += SampleTime(frames)
            onProgress(position)
        }
        taps.finish()
        return position
    }

    /// Prepares `processor` for `source` and renders the whole source through it, handing the
    /// output to `onOutput` block by block (valid only during the call), aligned with the input:
    /// the first `latencyFrames` of output are dropped, and `latencyFrames` of silence are fed
    /// after the source ends to flush the processor's look-ahead, so output frame `t` (stamped
    /// `t`) answers input frame `t`, and exactly as many frames come out as went in.
    /// `onProgress` receives the input frames consumed so far. Returns the total frames rendered.
    @discardableResult
    public func render<P: AudioProcessor, S: AudioSource>(
        _ processor: P, source: S,
        onOutput: (AudioBlock) -> Void,
        onProgress: (SampleTime) -> Void = { _ in }
    ) throws(S.Failure) -> SampleTime {
        processor.prepare(spec(for: source))
        let input = AudioBuffer(channelCount: source.channelCount, capacityFrames: blockFrames)
        let output = AudioBuffer(channelCount: processor.outputChannelCount, capacityFrames: blockFrames)
        let latency = SampleTime(processor.latencyFrames)
        var position: SampleTime = 0   // input frames consumed
        var delivered: SampleTime = 0  // output frames handed on
        var limit = SampleTime.max     // output frames beyond this answer no input (set at the end)
        func step(frames: Int) {
            let target = output.mutableBlock(frameCount: frames, startTime: position)
            processor.process(input: input.block(frameCount: frames, startTime: position), output: target)
            let end = position + SampleTime(frames)
            // Output frame `position + i` answers input frame `position + i − latency`.
            let firstUseful = max(position, latency)
            let lastUseful = min(end, limit)
            if lastUseful > firstUseful {
                let useful = target.slice(offset: Int(firstUseful - position), count: Int(lastUseful - firstUseful))
                onOutput(AudioBlock(channelPointers: useful.channelPointers, channelCount: useful.channelCount,
                                    frameOffset: useful.frameOffset, frameCount: useful.frameCount,
                                    startTime: firstUseful - latency))
                delivered += lastUseful - firstUseful
            }
            position = end
        }
        while true {
            let frames = try source.read(into: input.channelPointers, maximumFrames: blockFrames)
            if frames == 0 { break }
            step(frames: frames)
            onProgress(position)
        }
        let inputFrames = position
        limit = inputFrames + latency
        for c in 0..<source.channelCount { input.channel(c).update(repeating: 0) }
        while delivered < inputFrames {
            step(frames: Int(min(SampleTime(blockFrames), inputFrames - delivered)))
        }
        return delivered
    }

    private func spec<S: AudioSource>(for source: S) -> ProcessSpec {
        ProcessSpec(sampleRate: source.sampleRate, maximumBlockFrames: blockFrames, channelCount: source.channelCount)
    }
}
