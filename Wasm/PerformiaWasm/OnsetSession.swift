import PerformiaAnalysis
import PerformiaCore

/// One `OnsetDetector` as an AudioWorklet drives it: JavaScript writes mono samples into `input`,
/// calls `process(frames:)`, and reads the frames it emitted from `events` until the next call.
/// Everything is allocated in `init`; `process`, `finish` and `reset` do not allocate.
final class OnsetSession {
    let detector = OnsetDetector()
    /// One channel of `maximumBlockFrames` samples.
    let input: AudioBuffer
    /// The onset frames of the last `process` or `finish` call.
    private(set) var events: EventBuffer<OnsetFrame>
    private var position: SampleTime = 0

    init(sampleRate: Double, maximumBlockFrames: Int) {
        detector.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: 1))
        input = AudioBuffer(channelCount: 1, capacityFrames: maximumBlockFrames)
        events = EventBuffer(capacity: detector.maximumEventsPerBlock)
    }

    /// Runs the detector over the first `frames` samples of `input`; returns the number of
    /// events, or nil when `frames` is outside 0…capacity.
    func process(frames: Int) -> Int? {
        guard frames >= 0 && frames <= input.capacityFrames else { return nil }
        events.removeAll()
        detector.process(input.block(frameCount: frames, startTime: position), events: &events)
        position += SampleTime(frames)
        return events.count
    }

    /// Ends an offline stream (`Processor.finish`); returns the number of events.
    func finish() -> Int {
        events.removeAll()
        detector.finish(events: &events)
        return events.count
    }

    /// Starts a new stream with the same allocations.
    func reset() {
        detector.reset()
        events.removeAll()
        position = 0
    }

    /// Event `index` of the last call, or nil when out of range.
    func event(_ index: Int) -> OnsetFrame? {
        index >= 0 && index < events.count ? events[index] : nil
    }
}
