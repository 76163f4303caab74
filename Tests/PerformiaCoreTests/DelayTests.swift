import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct DelayTests {
    @Test(arguments: [0, 1, 100, 1500])
    func delayPassesTheSharedVerifier(delayFrames: Int) {
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2, tolerance: 0) {
            Delay(delayFrames: delayFrames)
        }
        #expect(audioFailures(verifier) == [])
    }

    @Test func delayDelaysExactly() {
        let input = noise(frames: 3000)
        let verifier = AudioProcessorVerifier(tolerance: 0) { Delay(delayFrames: 333) }
        let delay = Delay(delayFrames: 333)
        delay.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 1))
        let output = verifier.run(delay, input: input) { rng in Int(rng.next() % 700) }
        #expect(output[0][..<333].allSatisfy { $0 == 0 })
        #expect(Array(output[0][333...]) == Array(input[0][..<(3000 - 333)]))
    }
}
