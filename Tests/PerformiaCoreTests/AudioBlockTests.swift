import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct AudioBlockTests {
    @Test func sliceMovesStartTimeAndOffset() {
        let buffer = AudioBuffer(channelCount: 2, capacityFrames: 10)
        for i in 0..<10 { buffer.channel(0)[i] = Float(i); buffer.channel(1)[i] = Float(-i) }
        let block = buffer.block(frameCount: 10, startTime: 1000)
        let slice = block.slice(offset: 3, count: 4)
        #expect(slice.startTime == 1003)
        #expect(slice.frameCount == 4)
        #expect(Array(slice.channel(0)) == [3, 4, 5, 6])
        #expect(Array(slice.channel(1)) == [-3, -4, -5, -6])
        #expect(slice.slice(offset: 1, count: 2).channel(0)[0] == 4)
    }

    @Test func offlineRunnerStreamsWholeSourceAndFinishes() {
        final class Counter: Processor {
            var latencyFrames: Int { 0 }
            var maximumEventsPerBlock: Int { 1 }
            var frames = 0, finished = false
            func prepare(_ spec: ProcessSpec) { frames = 0 }
            func process(_ block: AudioBlock, events: inout EventBuffer<Tick>) { frames += block.frameCount }
            func reset() { frames = 0 }
            func finish(events: inout EventBuffer<Tick>) { finished = true; events.append(Tick(time: SampleTime(frames))) }
        }
        let counter = Counter()
        var last: SampleTime = -1
        let total = OfflineRunner(blockFrames: 300).run(counter, source: ArraySource(channels: [[Float](repeating: 0, count: 1001)], sampleRate: 8000)) { events in
            last = events[events.count - 1].time
        }
        #expect(total == 1001 && counter.frames == 1001 && counter.finished && last == 1001)
    }
}
