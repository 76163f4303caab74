import PerformiaCore
import PerformiaSeparation
import PerformiaTestSupport
import Testing

/// The stem mixer and its lock-free control: the shared verifier, mute/solo/gain semantics, and
/// changes that ramp instead of clicking.
@Suite struct StemMixerTests {
    /// Four stereo "stems": a different sine per stem, the right channel at half level.
    static func stems(_ frames: Int) -> [[Float]] {
        var channels: [[Float]] = []
        for s in 0..<4 {
            for level: Float in [1, 0.5] {
                let rate = 0.01 * Double(s + 1)
                channels.append((0..<frames).map { t in level * 0.2 * Float(Math.sin(Double(t) * rate)) })
            }
        }
        return channels
    }

    @Test func passesTheSharedVerifier() {
        let control = StemMixControl()
        control.change { $0.setGain(1, decibels: -6); $0.setMuted(3, true) }
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 8, tolerance: 1e-6) {
            StemMixer(stemCount: 4, control: control)
        }
        let input = Self.stems(6000)
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
        #expect(verifier.verifyReset(input: input) == nil)
        #expect(verifier.verifyLatency(impulseFrame: 700, frameCount: 2000) == nil)
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    @Test func muteSoloAndGainSetTheMix() {
        var setting = StemMixControl.Setting()
        setting.setGain(0, decibels: -6)
        setting.setGain(2, decibels: 63.5)
        setting.setMuted(1, true)
        #expect(setting.gainDecibels(0) == -6 && setting.gainDecibels(2) == 63.5 && setting.gainDecibels(3) == 0)
        #expect(!setting.isAudible(1) && setting.isAudible(0) && setting.isAudible(3))
        setting.setSoloed(3, true)
        #expect(setting.isAudible(3) && !setting.isAudible(0) && !setting.isAudible(2))
        setting.setMuted(3, true)
        #expect(!setting.isAudible(3))
        let control = StemMixControl(setting)
        control.nudgeGain(0, by: -100)
        #expect(control.setting.gainDecibels(0) == -64)
        control.toggleSolo(3)
        control.toggleMute(3)
        control.toggleMute(1)
        #expect((0..<4).allSatisfy { control.setting.isAudible($0) })
    }

    @Test func outputIsTheGainedSumAfterTheRamp() {
        let control = StemMixControl()
        control.change { $0.setGain(0, decibels: -6); $0.setMuted(2, true) }
        let mixer = StemMixer(stemCount: 4, control: control)
        mixer.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 256, channelCount: 8))
        #expect(mixer.outputChannelCount == 2)
        let input = Self.stems(4000)
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 256, channelCount: 8) { StemMixer(stemCount: 4, control: control) }
        let output = verifier.run(mixer, input: input) { _ in 256 }
        let g0 = Float(Math.pow(10, -6.0 / 20))
        var error: Float = 0
        for c in 0..<2 {
            for t in 0..<4000 {
                let expected = g0 * input[c][t] + input[2 + c][t] + input[6 + c][t]
                error = max(error, abs(output[c][t] - expected))
            }
        }
        #expect(error < 1e-6, "largest difference \(error)")
    }

    @Test func aMuteRampsInTenMillisecondsWithoutAClick() {
        let control = StemMixControl()
        let mixer = StemMixer(stemCount: 4, control: control)
        mixer.prepare(ProcessSpec(sampleRate: 48000, maximumBlockFrames: 128, channelCount: 4))
        // Mono stems: a loud 1 kHz tone on stem 0, silence elsewhere.
        let frames = 128 * 38
        let tone = (0..<frames).map { Float(0.8 * Math.sin(2 * Math.pi * 1000 * Double($0) / 48000)) }
        let input = [tone] + [[Float]](repeating: [Float](repeating: 0, count: frames), count: 3)
        let buffer = AudioBuffer(channelCount: 4, capacityFrames: 128), out = AudioBuffer(channelCount: 1, capacityFrames: 128)
        var output: [Float] = []
        for start in stride(from: 0, to: frames, by: 128) {
            if start == 1280 { control.toggleMute(0) }
            for c in 0..<4 { for i in 0..<128 { buffer.channel(c)[i] = input[c][start + i] } }
            mixer.process(input: buffer.block(frameCount: 128, startTime: SampleTime(start)),
                          output: out.mutableBlock(frameCount: 128, startTime: SampleTime(start)))
            output += out.channel(0)
        }
        #expect(output[1279] != 0 && abs(output[1000] - tone[1000]) < 1e-6)
        // Fades over 480 frames, then silence.
        #expect(output[(1280 + 480)...].allSatisfy { $0 == 0 })
        // Halfway through the ramp the tone is at half its level.
        let half = (1280 + 216)..<(1280 + 264)
        let ratio = half.map { abs(output[$0]) }.max()! / half.map { abs(tone[$0]) }.max()!
        #expect(abs(ratio - 0.5) < 0.06, "level halfway through the ramp \(ratio)")
        #expect((1280..<(1280 + 480)).allSatisfy { abs(output[$0]) <= abs(tone[$0]) + 1e-6 })
        let steps = zip(output, output.dropFirst()).map { abs($1 - $0) }.max()!
        let toneSteps = zip(tone, tone.dropFirst()).map { abs($1 - $0) }.max()!
        #expect(steps <= toneSteps + 1e-4, "no step larger than the tone's own (\(steps) > \(toneSteps))")
    }
}
