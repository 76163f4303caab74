import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct MixDownTests {
    @Test func passesTheSharedVerifierAndAveragesTheChannels() {
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 3, tolerance: 0) { MixDown() }
        #expect(audioFailures(verifier) == [])
        var input = noise(frames: 300, channels: 3)
        input[1][10] = .nan
        input[2][11] = .infinity
        let mix = MixDown()
        mix.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 3))
        let output = verifier.run(mix, input: input) { _ in 64 }
        #expect(output.count == 1)
        for i in 0..<300 {
            let sum = (0..<3).map { input[$0][i].isFinite ? input[$0][i] : 0 }.reduce(0, +)
            #expect(abs(output[0][i] - sum / 3) <= 1e-6)
        }
    }

    @Test func monitorPathMixedWithAStereoBranch() {
        // The live output's shape: (mono mix × gain) ∥ a stereo branch, spread to both sides.
        let make = { ParallelChain(SerialChain(MixDown(), Gain(gain: 0.5)), SplitStereo(delayFrames: 0)) }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 256, channelCount: 1, tolerance: 0, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
    }
}
