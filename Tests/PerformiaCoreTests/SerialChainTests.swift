import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct SerialChainTests {
    @Test func serialChainAddsLatenciesAndPassesTheVerifier() {
        let make = { SerialChain(Gain(gain: 2), SerialChain(Delay(delayFrames: 17), Delay(delayFrames: 300))) }
        let chain = make()
        chain.prepare(ProcessSpec(sampleRate: 48000, maximumBlockFrames: 256, channelCount: 2))
        #expect(chain.latencyFrames == 317)
        #expect(chain.outputChannelCount == 2)
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2, tolerance: 0, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
        // Output = 2 × input, 317 frames later.
        let input = noise(frames: 2000, channels: 2)
        let output = verifier.run({ let c = make(); c.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 2)); return c }(),
                                  input: input) { _ in 100 }
        for c in 0..<2 { #expect(Array(output[c][317...]) == input[c][..<(2000 - 317)].map { 2 * $0 }) }
    }

    @Test func nestedParallelInSerialPassesTheVerifier() {
        let make = {
            SerialChain(ParallelChain(Delay(delayFrames: 10), ParallelChain(Gain(gain: -0.5), Delay(delayFrames: 99))),
                        Gain(gain: 0.7))
        }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 777, channelCount: 1, tolerance: 1e-6, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
    }
}
