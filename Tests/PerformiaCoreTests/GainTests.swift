import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct GainTests {
    @Test func gainPassesTheSharedVerifier() {
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 3, tolerance: 0) { Gain(gain: 0.5) }
        #expect(audioFailures(verifier) == [])
    }

    @Test func gainScalesEverySample() {
        let input = noise(frames: 500, channels: 2)
        let verifier = AudioProcessorVerifier(channelCount: 2, tolerance: 0) { Gain(gain: -0.25) }
        let gain = Gain(gain: -0.25)
        gain.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1024, channelCount: 2))
        let output = verifier.run(gain, input: input) { _ in 33 }
        for c in 0..<2 { #expect(output[c] == input[c].map { $0 * -0.25 }) }
    }
}
