import PerformiaAnalysis
import PerformiaCore

/// One running onset detector with its input block and event buffer, allocated once.
final class OnsetSession {
    nonisolated(unsafe) static var current: OnsetSession?

    let detector = OnsetDetector()
    let input: AudioBuffer
    var events: EventBuffer<OnsetFrame>
    private var position: SampleTime = 0

    init(sampleRate: Double, maximumBlockFrames: Int) {
        detector.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: 1))
        input = AudioBuffer(channelCount: 1, capacityFrames: maximumBlockFrames)
        events = EventBuffer(capacity: detector.maximumEventsPerBlock)
    }

    /// Processes the first `frames` samples of `input`; returns the number of events.
    func process(frames: Int) -> Int {
        let count = max(0, min(frames, input.capacityFrames))
        events.removeAll()
        detector.process(input.block(frameCount: count, startTime: position), events: &events)
        position += SampleTime(count)
        return events.count
    }
}
