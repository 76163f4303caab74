import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct ParallelChainTests {
    @Test func parallelChainCompensatesTheShorterBranch() {
        // Branch A: 0.25 × input now; branch B: input 200 frames later. Compensated, the sum is
        // 1.25 × input, 200 frames later — and an impulse still peaks at exactly 200.
        let make = { ParallelChain(Gain(gain: 0.25), Delay(delayFrames: 200)) }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2, tolerance: 0, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
        let chain = make()
        chain.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 2))
        #expect(chain.latencyFrames == 200)
        let input = noise(frames: 3000, channels: 2)
        let output = verifier.run(chain, input: input) { _ in 64 }
        for c in 0..<2 {
            #expect(output[c][..<200].allSatisfy { $0 == 0 })
            let expected = input[c][..<2800].map { $0 * 0.25 + $0 }
            #expect(zip(output[c][200...], expected).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
    }

    @Test func parallelChainSpreadsAMonoBranchOverStereo() {
        // Mono input; branch A (Gain 0.5, mono, latency 0, delayed by 50 to match) + branch B
        // (stereo, latency 50): left = 0.5x + x = 1.5x, right = 0.5x − x = −0.5x, 50 frames late.
        let make = { ParallelChain(Gain(gain: 0.5), SplitStereo(delayFrames: 50)) }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 1, tolerance: 0, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
        let chain = make()
        chain.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 1))
        #expect(chain.outputChannelCount == 2 && chain.latencyFrames == 50)
        let input = noise(frames: 1000)
        let output = verifier.run(chain, input: input) { _ in 7 }
        for i in 50..<1000 {
            #expect(abs(output[0][i] - 1.5 * input[0][i - 50]) <= 1e-6)
            #expect(abs(output[1][i] + 0.5 * input[0][i - 50]) <= 1e-6)
        }
    }
}
