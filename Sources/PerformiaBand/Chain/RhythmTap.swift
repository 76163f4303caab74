import PerformiaAnalysis
import PerformiaCore

/// `CausalBeatTracker` as a tap on the band's input: each beat it hears goes to the conductor,
/// with the start of the block it was heard in (how late it was heard) — unless the input has
/// been silent since before the beat (`SoundGate`: the music has stopped, and the tracker's
/// beats in its faint tail are no one's). The first sound of the input can start the band
/// (`firstSoundLead`: a rehearsed song's tempo). Latency: the tracker's (`latencyFrames`, 21 ms
/// at 48 kHz). Real-time safe after `prepare`.
final class RhythmTap<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: AudioTap {
    let tracker: CausalBeatTracker
    private let voice: BandVoice<Arrangement, Predictor, Synth>
    private var beats = EventBuffer<BeatEvent>(capacity: 0)
    private var gate = SoundGate()
    private var sampleRate = 48000.0
    /// A beat counts when the input sounded up to this long before it, in seconds.
    static var silenceMarginSeconds: Double { 0.15 }
    /// Where the band starts by itself at the first sound: frames per beat and how many beats it
    /// keeps by itself (nil: it waits for a beat heard). Set before `prepare`.
    var firstSoundLead: (framesPerBeat: Double, beats: Int)?
    /// How late the input reaches the tap after it sounded (a separator in front), in frames:
    /// what it hears is stamped that much earlier. Set before `prepare`.
    var inputLatencyFrames = 0

    init(tracker: CausalBeatTracker, voice: BandVoice<Arrangement, Predictor, Synth>) {
        self.tracker = tracker
        self.voice = voice
    }

    func prepare(_ spec: ProcessSpec) {
        tracker.prepare(spec)
        sampleRate = spec.sampleRate
        gate.reset()
        beats = EventBuffer<BeatEvent>(capacity: tracker.maximumEventsPerBlock)
    }

    func process(_ input: AudioBlock) {
        beats.removeAll()
        let block = input.restamped(startTime: input.startTime - SampleTime(inputLatencyFrames))
        tracker.process(block, events: &beats)
        let hadSound = gate.firstSoundTime != nil
        let sounds = gate.process(block, sampleRate: sampleRate)
        guard let conductor = voice.conductor else { return }
        conductor.silentSince = sounds ? nil : gate.lastSoundTime
        if !hadSound, let start = gate.firstSoundTime, let lead = firstSoundLead {
            conductor.lead(from: start, framesPerBeat: lead.framesPerBeat, beats: lead.beats)
        }
        let margin = SampleTime(Self.silenceMarginSeconds * sampleRate)
        for i in 0..<beats.count where gate.soundedNear(beats[i].time, marginFrames: margin) {
            conductor.hear(beats[i], now: input.startTime)
        }
    }

    func reset() {
        tracker.reset()
        beats.removeAll()
        gate.reset()
    }

    /// Live only: nothing to flush.
    func finish() {}
}
