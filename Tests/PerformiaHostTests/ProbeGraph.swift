import CAllocationCounter
import PerformiaCore
import PerformiaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test graph: left output a sine computed from the absolute `time` (so it does not depend on
/// block sizes), right output the first input channel; it records the input it was given (up to
/// `captureFrames` frames per channel), checks that `time` runs without gaps, and counts heap
/// allocations on the rendering thread — inside `render` and, separately, between one `render`
/// and the next (the runner's own code: the JACK callback around the graph and JACK itself).
/// The first `warmUpBlocks` blocks are counted apart: the Swift runtime fills caches lazily.
final class ProbeGraph: LiveGraph, @unchecked Sendable {
    let captureFrames: Int
    let warmUpBlocks: Int
    let sineHz: Double

    private(set) var sampleRate = 0.0
    private(set) var maximumBlockFrames = 0
    private(set) var inputChannels = 0
    private(set) var prepareCalls = 0
    let stopCalls = Atomic<Int>(0)

    private(set) var renderCalls = 0
    private(set) var framesRendered = 0
    private(set) var firstTime: SampleTime?
    private(set) var timeGaps = 0
    private(set) var oversizedBlocks = 0
    /// Scheduling policy and priority of the rendering thread, read in the first `render`
    /// (`SCHED_FIFO` = 1 with a JACK server in real-time mode).
    private(set) var schedulingPolicy: Int32 = -1
    private(set) var schedulingPriority: Int32 = -1
    private(set) var warmUpAllocations = 0
    private(set) var renderAllocations = 0
    private(set) var betweenAllocations = 0
    private var expectedTime: SampleTime = 0
    private var captured: [UnsafeMutablePointer<Float>] = []

    init(captureFrames: Int = 0, warmUpBlocks: Int = 16, sineHz: Double = 440) {
        self.captureFrames = captureFrames
        self.warmUpBlocks = warmUpBlocks
        self.sineHz = sineHz
    }

    deinit { captured.forEach { $0.deallocate() } }

    func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int) {
        self.sampleRate = sampleRate
        self.maximumBlockFrames = maximumBlockFrames
        self.inputChannels = inputChannels
        prepareCalls += 1
        captured.forEach { $0.deallocate() }
        captured = (0..<inputChannels).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(captureFrames, 1))
            buffer.initialize(repeating: 0, count: max(captureFrames, 1))
            return buffer
        }
    }

    func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime) {
        let between = Int(performia_allocation_counting_end())
        performia_allocation_counting_begin()
        if renderCalls > 0 && renderCalls < warmUpBlocks { warmUpAllocations += between }
        if renderCalls >= warmUpBlocks { betweenAllocations += between }

        if firstTime == nil {
            firstTime = time
            var parameters = sched_param()
            var policy: Int32 = 0
            if pthread_getschedparam(pthread_self(), &policy, &parameters) == 0 {
                schedulingPolicy = policy
                schedulingPriority = parameters.sched_priority
            }
        }
        if time != expectedTime { timeGaps += 1 }
        if frameCount > maximumBlockFrames { oversizedBlocks += 1 }
        expectedTime = time + SampleTime(frameCount)
        let start = framesRendered
        if start < captureFrames {
            let n = min(frameCount, captureFrames - start)
            for c in 0..<inputChannels { (captured[c] + start).update(from: input[c], count: n) }
        }
        let step = 2 * Double.pi * sineHz / sampleRate
        for f in 0..<frameCount {
            left[f] = Float(0.25 * Math.sin(step * Double(time + SampleTime(f))))
            right[f] = input[0][f]
        }
        framesRendered += frameCount
        renderCalls += 1

        let inside = Int(performia_allocation_counting_end())
        if renderCalls <= warmUpBlocks { warmUpAllocations += inside } else { renderAllocations += inside }
        performia_allocation_counting_begin()
    }

    func stop() {
        stopCalls.add(1, ordering: .relaxed)
    }

    /// The recorded input of `channel` (read after the session closed).
    func capturedInput(channel: Int = 0) -> [Float] {
        Array(UnsafeBufferPointer(start: captured[channel], count: min(framesRendered, captureFrames)))
    }
}
