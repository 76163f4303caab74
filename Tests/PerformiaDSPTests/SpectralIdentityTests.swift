import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct SpectralIdentityTests {
    func noise(_ frames: Int, channels: Int, seed: UInt64) -> [[Float]] {
        var rng = XorshiftGenerator(seed: seed)
        return (0..<channels).map { _ in (0..<frames).map { _ in Float.random(in: -1...1, using: &rng) } }
    }

    @Test(arguments: [(256, 128), (256, 64), (512, 128), (1024, 512), (2048, 512)])
    func outputIsTheInputAfterTheDeclaredLatency(frameSize: Int, hopFrames: Int) {
        let input = noise(frameSize * 6 + 101, channels: 2, seed: UInt64(frameSize * hopFrames))
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2) {
            SpectralIdentity(frameSize: frameSize, hopFrames: hopFrames)
        }
        let processor = SpectralIdentity(frameSize: frameSize, hopFrames: hopFrames)
        processor.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 2))
        #expect(processor.latencyFrames == frameSize - 1)
        let output = verifier.run(processor, input: input) { rng in Int(rng.next() % 1025) }
        let latency = processor.latencyFrames
        var error: Float = 0
        for c in 0..<2 {
            for t in 0..<input[c].count {
                let expected: Float = t < latency ? 0 : input[c][t - latency]
                error = max(error, abs(output[c][t] - expected))
            }
        }
        #expect(error <= 1e-5, "max abs error \(error)")
    }

    @Test func passesTheSharedVerifier() {
        // Samples agree within 1e-6 across block sizes (the FFTs see the same frames whatever
        // the blocks; only nothing else may differ).
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2, tolerance: 1e-6) {
            SpectralIdentity(frameSize: 512, hopFrames: 128)
        }
        let input = noise(6000, channels: 2, seed: 99)
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
        #expect(verifier.verifyReset(input: input) == nil)
        #expect(verifier.verifyLatency(impulseFrame: 1500, frameCount: 4000) == nil)
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    @Test func chainsCompensateItsLatency() {
        // Dry (Gain 0.5) ∥ wet (identity): the dry branch is delayed by frameSize − 1, so the sum
        // is the input, one latency later.
        let make = { ParallelChain(Gain(gain: 0.5), SerialChain(SpectralIdentity(frameSize: 256, hopFrames: 64), Gain(gain: 0.5))) }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 1, tolerance: 1e-6, makeProcessor: make)
        let input = noise(5000, channels: 1, seed: 3)
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
        #expect(verifier.verifyReset(input: input) == nil)
        #expect(verifier.verifyLatency(impulseFrame: 700, frameCount: 2000) == nil)
        #expect(verifier.verifyNoAllocations(input: input) == nil)
        let chain = make()
        chain.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 1))
        #expect(chain.latencyFrames == 255)
        let output = verifier.run(chain, input: input) { _ in 100 }
        let error = (255..<5000).map { abs(output[0][$0] - input[0][$0 - 255]) }.max()!
        #expect(error <= 1e-5)
    }
}
