import PerformiaCore
import PerformiaNeural

/// Live separation in front of a live graph (the band): the input is split into stems as it comes
/// (`StemSeparator`, live form), the band hears one mix of them (`heard`: e.g. without the
/// vocals, or the bass and the harmony alone) and the performer's monitor gets another
/// (`monitor`: the song with the guitar muted, the vocal down), added to the band's output when
/// `monitorGain` is not 0. Each mix is a `StemMixer` whose control any thread may change; every
/// change ramps in 10 ms.
///
/// Latency: the stems come `separator.latencyFrames` after the input (1023 frames, 21.3 ms at
/// 48 kHz); the inner graph should be told (`BandGraph.inputLatencyFrames`) so that it stamps
/// what it hears at the musical moment while it plays on the input's own clock. The monitor mix
/// is that much behind the input. Real-time safe after `prepare`.
public final class StemFront<Inner: LiveGraph>: LiveGraph {
    public let inner: Inner
    public let separator: StemSeparator
    /// The stems the inner graph hears.
    public let heard: StemMixControl
    /// The stems the performer hears in the output.
    public let monitor: StemMixControl
    /// Linear gain of the monitor mix in the output (0: none). Set before `prepare`.
    public var monitorGain: Float = 0

    private let heardMixer: StemMixer
    private let monitorMixer: StemMixer
    private var stems = AudioBuffer(channelCount: 1, capacityFrames: 1)
    private var heardBuffer = AudioBuffer(channelCount: 1, capacityFrames: 1)
    private var monitorBuffer = AudioBuffer(channelCount: 1, capacityFrames: 1)
    private var innerInput: UnsafeMutablePointer<UnsafePointer<Float>>
    private var inputPointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private var inputChannels = 1

    public init(inner: Inner, separator: StemSeparator, heard: StemMixControl = StemMixControl(),
                monitor: StemMixControl = StemMixControl()) {
        self.inner = inner
        self.separator = separator
        self.heard = heard
        self.monitor = monitor
        heardMixer = StemMixer(stemCount: separator.model.stemCount, control: heard)
        monitorMixer = StemMixer(stemCount: separator.model.stemCount, control: monitor)
        innerInput = .allocate(capacity: 2)
        inputPointers = .allocate(capacity: 2)
    }

    deinit {
        innerInput.deallocate()
        inputPointers.deallocate()
    }

    public func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int) {
        precondition((1...2).contains(inputChannels))
        self.inputChannels = inputChannels
        let stemCount = separator.model.stemCount
        separator.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: inputChannels))
        let stemSpec = ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: stemCount * inputChannels)
        heardMixer.prepare(stemSpec)
        monitorMixer.prepare(stemSpec)
        stems = AudioBuffer(channelCount: stemCount * inputChannels, capacityFrames: maximumBlockFrames)
        heardBuffer = AudioBuffer(channelCount: inputChannels, capacityFrames: maximumBlockFrames)
        monitorBuffer = AudioBuffer(channelCount: inputChannels, capacityFrames: maximumBlockFrames)
        for c in 0..<inputChannels { innerInput[c] = UnsafePointer(heardBuffer.channelPointers[c]) }
        inner.prepare(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, inputChannels: inputChannels)
    }

    public func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                       _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime) {
        for c in 0..<inputChannels { inputPointers[c] = UnsafeMutablePointer(mutating: input[c]) }
        let block = AudioBlock(channelPointers: inputPointers, channelCount: inputChannels, frameCount: frameCount, startTime: time)
        let separated = stems.mutableBlock(frameCount: frameCount, startTime: time)
        separator.process(input: block, output: separated)
        let stemBlock = stems.block(frameCount: frameCount, startTime: time)
        heardMixer.process(input: stemBlock, output: heardBuffer.mutableBlock(frameCount: frameCount, startTime: time))
        inner.render(input: innerInput, output: left, right, frameCount: frameCount, time: time)
        guard monitorGain != 0 else { return }
        monitorMixer.process(input: stemBlock, output: monitorBuffer.mutableBlock(frameCount: frameCount, startTime: time))
        let l = monitorBuffer.channelPointers[0], r = monitorBuffer.channelPointers[inputChannels - 1]
        for i in 0..<frameCount {
            left[i] += monitorGain * l[i]
            right[i] += monitorGain * r[i]
        }
    }

    public func stop() { inner.stop() }
}
