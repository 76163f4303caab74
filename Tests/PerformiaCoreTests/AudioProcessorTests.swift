import PerformiaCore
import PerformiaTestSupport
import Testing

/// A mono → stereo test processor: left = input, right = −input, delayed by `delayFrames`.
final class SplitStereo: AudioProcessor {
    let delay: Delay
    init(delayFrames: Int) { delay = Delay(delayFrames: delayFrames) }
    var latencyFrames: Int { delay.latencyFrames }
    var outputChannelCount: Int { 2 }
    func prepare(_ spec: ProcessSpec) {
        var mono = spec
        mono.channelCount = 1
        delay.prepare(mono)
    }
    func process(input: AudioBlock, output: MutableAudioBlock) {
        let left = output.slice(offset: 0, count: input.frameCount)
        delay.process(input: input, output: MutableAudioBlock(channelPointers: left.channelPointers, channelCount: 1,
                                                              frameOffset: left.frameOffset, frameCount: left.frameCount,
                                                              startTime: left.startTime))
        let l = output.channel(0), r = output.channel(1)
        for i in 0..<input.frameCount { r[i] = -l[i] }
    }
    func reset() { delay.reset() }
}

func noise(frames: Int, channels: Int = 1, seed: UInt64 = 7) -> [[Float]] {
    var rng = XorshiftGenerator(seed: seed)
    return (0..<channels).map { _ in (0..<frames).map { _ in Float.random(in: -1...1, using: &rng) } }
}

/// Runs `verifier`'s four checks on noise and an impulse; returns the failures.
func audioFailures<P: AudioProcessor>(_ verifier: AudioProcessorVerifier<P>, frames: Int = 6000,
                                      impulseFrame: Int = 1500) -> [String] {
    let input = noise(frames: frames, channels: verifier.channelCount)
    return [
        verifier.verifyBlockSizeIndependence(input: input),
        verifier.verifyReset(input: input),
        verifier.verifyLatency(impulseFrame: impulseFrame, frameCount: frames),
        verifier.verifyNoAllocations(input: input),
    ].compactMap { $0 }
}

@Suite struct AudioProcessorTests {
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

    @Test func gainPassesTheSharedVerifier() {
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 3, tolerance: 0) { Gain(gain: 0.5) }
        #expect(audioFailures(verifier) == [])
    }

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
        // Mono input; branch A (Gain, mono, latency 0) + branch B (stereo, latency 50):
        // left = 1.5·x[t−50]·… precisely left = 0.5x + x = 1.5x, right = 0.5x − x = −0.5x.
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

    @Test func nestedParallelInSerialPassesTheVerifier() {
        let make = {
            SerialChain(ParallelChain(Delay(delayFrames: 10), ParallelChain(Gain(gain: -0.5), Delay(delayFrames: 99))),
                        Gain(gain: 0.7))
        }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 777, channelCount: 1, tolerance: 1e-6, makeProcessor: make)
        #expect(audioFailures(verifier) == [])
    }
}
