import PerformiaAnalysis
import PerformiaCore

/// `CausalChordTracker` as a tap on the band's input: its chroma frames (for the band's own
/// beat-by-beat chord decoder) and its chord changes (for the key) go to the conductor, in that
/// order, after each block. Latency: the tracker's (`latencyFrames`). Real-time safe after
/// `prepare`: the event buffers are sized there.
final class HarmonyTap<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: AudioTap {
    let tracker = CausalChordTracker()
    private let voice: BandVoice<Arrangement, Predictor, Synth>
    private var chords = EventBuffer<ChordEvent>(capacity: 0)
    private var chroma = EventBuffer<ChromaFrame>(capacity: 0)
    /// How late the input reaches the tap after it sounded, in frames (see `RhythmTap`).
    var inputLatencyFrames = 0

    init(voice: BandVoice<Arrangement, Predictor, Synth>) {
        self.voice = voice
    }

    func prepare(_ spec: ProcessSpec) {
        tracker.prepare(spec)
        chords = EventBuffer<ChordEvent>(capacity: tracker.maximumEventsPerBlock)
        chroma = EventBuffer<ChromaFrame>(capacity: tracker.maximumChromaFramesPerBlock)
    }

    func process(_ block: AudioBlock) {
        chords.removeAll()
        chroma.removeAll()
        tracker.process(block.restamped(startTime: block.startTime - SampleTime(inputLatencyFrames)), events: &chords, chroma: &chroma)
        guard let conductor = voice.conductor else { return }
        for i in 0..<chroma.count { conductor.hear(chroma[i]) }
        for i in 0..<chords.count { conductor.hear(chords[i]) }
    }

    func reset() {
        tracker.reset()
        chords.removeAll()
        chroma.removeAll()
    }

    /// Live only: nothing to flush.
    func finish() {}
}
