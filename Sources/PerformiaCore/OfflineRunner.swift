/// Drives a processor over an `AudioSource` as fast as it can, in blocks of `blockFrames`,
/// then calls `finish`. The same processor value runs unchanged under a live runner.
public struct OfflineRunner {
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
        let spec = ProcessSpec(sampleRate: source.sampleRate, maximumBlockFrames: blockFrames,
                               channelCount: source.channelCount)
        processor.prepare(spec)
        let buffer = AudioBuffer(channelCount: source.channelCount, capacityFrames: blockFrames)
        var events = EventBuffer<P.Event>(capacity: processor.maximumEventsPerBlock)
        var position: SampleTime = 0
        while true {
            let frames = try source.read(into: buffer.channelPointers, maximumFrames: blockFrames)
            if frames == 0 { break }
            events.removeAll()
            processor.process(buffer.block(frameCount: frames, startTime: position), events: &events)
            if events.count > 0 { onEvents(events) }
            position += SampleTime(frames)
            onProgress(position)
        }
        events.removeAll()
        processor.finish(events: &events)
        if events.count > 0 { onEvents(events) }
        precondition(events.droppedCount == 0, "processor emitted more than maximumEventsPerBlock")
        return position
    }
}
