import PerformiaCore

/// Mixes separated stems back into one signal with each stem's mute, solo and gain from a
/// `StemMixControl`: the performer's monitor mix (the song without its guitar, the vocal turned
/// down) or the mix the band's analysis hears.
///
/// Input: `stemCount × C` channels laid out as `StemSeparator` writes them (stem s, channel c at
/// `s·C + c`); output: C channels, y_c = Σ_s g_s · x_{s·C+c}. A change of the mix moves each
/// stem's gain linearly to its new value over `rampSeconds` (10 ms), so muting, soloing and
/// gain changes make no click. Latency 0. `prepare` allocates; `process` reads the control once
/// per block and is real-time safe.
public final class StemMixer: AudioProcessor {
    public let stemCount: Int
    public let control: StemMixControl
    /// The time a gain change takes, in seconds.
    public let rampSeconds: Double
    public let latencyFrames = 0
    public private(set) var outputChannelCount = 1

    private var rampFrames = 441
    private var gains: UnsafeMutablePointer<Float>
    private var targets: UnsafeMutablePointer<Float>
    private var steps: UnsafeMutablePointer<Float>
    private var remainingFrames: UnsafeMutablePointer<Int>
    private var appliedWord: UInt64 = .max

    public init(stemCount: Int, control: StemMixControl, rampSeconds: Double = 0.01) {
        precondition((1...StemMixControl.maximumStemCount).contains(stemCount) && rampSeconds >= 0)
        self.stemCount = stemCount
        self.control = control
        self.rampSeconds = rampSeconds
        gains = .allocate(capacity: stemCount)
        targets = .allocate(capacity: stemCount)
        steps = .allocate(capacity: stemCount)
        remainingFrames = .allocate(capacity: stemCount)
        for buffer in [gains, targets, steps] { buffer.initialize(repeating: 0, count: stemCount) }
        remainingFrames.initialize(repeating: 0, count: stemCount)
    }

    deinit {
        gains.deallocate(); targets.deallocate(); steps.deallocate(); remainingFrames.deallocate()
    }

    public func prepare(_ spec: ProcessSpec) {
        precondition(spec.channelCount % stemCount == 0, "StemMixer: \(spec.channelCount) input channels are not \(stemCount) stems")
        outputChannelCount = spec.channelCount / stemCount
        rampFrames = max(1, Int((rampSeconds * spec.sampleRate).rounded()))
        reset()
    }

    /// Back to the control's mix, without a ramp.
    public func reset() {
        let setting = control.setting
        appliedWord = setting.word
        for s in 0..<stemCount {
            gains[s] = Self.linearGain(setting, s)
            targets[s] = gains[s]
            remainingFrames[s] = 0
        }
    }

    public func process(input: AudioBlock, output: MutableAudioBlock) {
        let setting = control.setting
        if setting.word != appliedWord {
            appliedWord = setting.word
            for s in 0..<stemCount {
                let target = Self.linearGain(setting, s)
                if target != targets[s] {
                    targets[s] = target
                    remainingFrames[s] = rampFrames
                    steps[s] = (target - gains[s]) / Float(rampFrames)
                }
            }
        }
        let channels = outputChannelCount, frames = input.frameCount
        for c in 0..<channels { output.channel(c).update(repeating: 0) }
        for s in 0..<stemCount {
            let ramping = min(remainingFrames[s], frames)
            for c in 0..<channels {
                let x = input.channel(s * channels + c), y = output.channel(c)
                var gain = gains[s]
                for i in 0..<ramping {
                    gain += steps[s]
                    y[i] += gain * x[i]
                }
                if ramping == remainingFrames[s] && ramping > 0 { gain = targets[s] }
                for i in ramping..<frames { y[i] += gain * x[i] }
            }
            if ramping > 0 {
                remainingFrames[s] -= ramping
                gains[s] = remainingFrames[s] == 0 ? targets[s] : gains[s] + steps[s] * Float(ramping)
            }
        }
    }

    private static func linearGain(_ setting: StemMixControl.Setting, _ stem: Int) -> Float {
        setting.isAudible(stem) ? Float(Math.pow(10, setting.gainDecibels(stem) / 20)) : 0
    }
}
