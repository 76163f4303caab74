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
