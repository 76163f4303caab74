import PerformiaAnalysis
import PerformiaCore

/// `CausalBeatTracker` as a tap on the band's input: each beat it hears goes to the conductor,
/// with the start of the block it was heard in (how late it was heard). Latency: the tracker's
/// (`latencyFrames`, 21 ms at 48 kHz). Real-time safe after `prepare`.
final class RhythmTap<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: AudioTap {
    let tracker: CausalBeatTracker
    private let voice: BandVoice<Arrangement, Predictor, Synth>
    private var beats = EventBuffer<BeatEvent>(capacity: 0)

    init(tracker: CausalBeatTracker, voice: BandVoice<Arrangement, Predictor, Synth>) {
        self.tracker = tracker
        self.voice = voice
    }

    func prepare(_ spec: ProcessSpec) {
        tracker.prepare(spec)
        beats = EventBuffer<BeatEvent>(capacity: tracker.maximumEventsPerBlock)
    }

    func process(_ block: AudioBlock) {
        beats.removeAll()
        tracker.process(block, events: &beats)
        guard let conductor = voice.conductor else { return }
        for i in 0..<beats.count { conductor.hear(beats[i], now: block.startTime) }
    }

    func reset() {
        tracker.reset()
        beats.removeAll()
    }

    /// Live only: nothing to flush.
    func finish() {}
}
