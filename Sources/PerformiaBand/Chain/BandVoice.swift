import PerformiaCore

/// The band as an audio-out processor: the conductor's note messages played by the
/// synthesiser, sample-accurately (each block split at every message), two channels. It reads
/// no input samples — the band hears through the taps in front of it (`BandGraph`) — and logs
/// every message it plays (`BandPlayLog`) and hands it to the event queue.
///
/// Latency 0: a note sounds at the frame it is stamped with (to FluidSynth's 64-frame grid).
/// Real-time safe after `prepare` when the synthesiser is.
final class BandVoice<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: AudioProcessor {
    let synth: Synth
    /// Set by the graph's `prepare`, before any `process`.
    var conductor: BandConductor<Arrangement, Predictor>?
    var events: EventQueue<BandEvent>?
    private let log: BandPlayLog

    init(synth: Synth, log: BandPlayLog) {
        self.synth = synth
        self.log = log
    }

    var latencyFrames: Int { 0 }
    var outputChannelCount: Int { 2 }

    func prepare(_ spec: ProcessSpec) {}

    func process(input: AudioBlock, output: MutableAudioBlock) {
        guard let conductor else {
            output.clear()
            return
        }
        var renderer = SynthMessageRenderer(output: output)
        conductor.render(until: output.startTime + SampleTime(output.frameCount)) { message in
            renderer.play(message, on: synth)
            events?.push(.note(message))
            log.append(message)
        }
        renderer.finish(on: synth)
    }

    func reset() {
        synth.allNotesOff()
    }
}
