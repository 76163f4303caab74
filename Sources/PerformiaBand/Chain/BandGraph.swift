import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic
import PerformiaNeural

/// The live chain as one `LiveGraph`, composed with the chain runner:
///
///     Tapped(taps: TapPair(HarmonyTap, RhythmTap),
///            audio: ParallelChain(BandVoice, SerialChain(MixDown, Gain(monitorGain))))
///
/// The input goes to the taps — `CausalChordTracker` (chroma frames for the band's own per-beat
/// chord decoder, chord events for the key) and `CausalBeatTracker` — which feed the
/// `BandConductor` (each beat decided just before it sounds on the predicted grid, changes
/// anticipated); the `BandVoice` plays the conductor's notes on the synthesiser,
/// sample-accurately, and the input can be mixed in (`monitorGain`).
///
/// Latency: beats are heard 21 ms after they sound at 48 kHz (onset detector), a beat's chord
/// 256 ms after the beat starts (`beatChordLatencyFrames`); the band decides each beat 20 ms
/// before it sounds on the predicted grid, anticipating changes it cannot have heard yet. The
/// audio path declares 0 frames: the monitoring path adds nothing beyond the runner's block.
///
/// Real-time safe after `prepare`: fixed-capacity event buffers, logs preallocated for
/// `maximumLogBeats` beats and `maximumLogMessages` messages (further entries are counted, not
/// stored).
public final class BandGraph<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: LiveGraph {
    public let synth: Synth
    public let beatsPerBar: Int
    public var monitorGain: Float = 0
    /// The key to play in regardless of what is heard (set before `prepare`).
    public var keyOverride: MusicalKey?
    /// The tempo to play at regardless of what is heard, in BPM (set before `prepare`).
    public var tempoOverrideBPM: Double?
    /// The song as rehearsed, for the band to anticipate its changes from the start (set before
    /// `prepare`).
    public var rehearsal: RehearsedSong?
    /// With a set tempo (`tempoOverrideBPM`), the band starts by itself in its first block — a
    /// count-in, when the direction asks for one — and keeps that tempo until it hears a beat,
    /// then follows (set before `prepare`).
    public var leadsFromStart = false
    /// The performer's live direction, applied to the arranger at the start of every block (set
    /// before `prepare`; nil: the arranger keeps its own).
    public var control: BandControl?
    /// Where the graph tells a consumer what it plays while it plays (beats, notes, sections),
    /// from the audio thread; nil: only the logs (set before `prepare`).
    public var events: EventQueue<BandEvent>?
    /// How late the input reaches the band after it sounded, in frames — a stem separator in
    /// front (`StemFront`) — so that what the band hears is stamped at the musical moment while
    /// it plays on the input's own clock (set before `prepare`).
    public var inputLatencyFrames = 0
    public let maximumLogBeats: Int
    public let maximumLogMessages: Int

    /// Every beat the band played (up to `maximumLogBeats`).
    public var playedBeats: [PlayedBeat] { log.beats }
    /// Every note message it sent to the synthesiser (up to `maximumLogMessages`).
    public var messages: [MIDIMessage] { log.messages }
    /// The sections directed while it played, with when (the first at 0 when one was set
    /// before it started; nil: no section).
    public var sections: [(time: SampleTime, section: SectionLabel?)] { log.sections }
    /// Beats and messages played beyond the logs' capacities.
    public var droppedLogEntries: Int { log.droppedEntries }
    /// What the band is doing now, readable from any thread while it plays.
    public let status = LiveStatus()
    /// The General MIDI program of each channel.
    public var synthPrograms: [(channel: UInt8, program: UInt8)] { programs }
    private let log: BandPlayLog
    public private(set) var sampleRate = 48000.0

    private let arranger: Arrangement
    private let predictor: Predictor?
    private let programs: [(channel: UInt8, program: UInt8)]
    private let voice: BandVoice<Arrangement, Predictor, Synth>
    private let harmony: HarmonyTap<Arrangement, Predictor, Synth>
    private let rhythm: RhythmTap<Arrangement, Predictor, Synth>
    private let monitor = Gain(gain: 0)
    private let chain: Tapped<TapPair<HarmonyTap<Arrangement, Predictor, Synth>, RhythmTap<Arrangement, Predictor, Synth>>,
                              ParallelChain<BandVoice<Arrangement, Predictor, Synth>, SerialChain<MixDown, Gain>>>
    /// The two output channel pointers of the block being rendered (allocated once).
    private let outputPointers = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: 2)
    private var inputChannels = 1
    /// The meter is a known 6/8 counted in dotted quarters.
    private let compound: Bool
    /// `leadsFromStart` still to happen at the first block.
    private var leadPending = false
    /// The section the control last directed, for `BandEvent.section`.
    private var directedSection: SectionLabel?

    /// - Parameters:
    ///   - programs: the General MIDI program of each channel the arrangement uses.
    ///   - beatTransitionLambda: the beat tracker's tempo stiffness: 60 (the default: dev-set
    ///     band beat F 0.90, held-out 0.91, back on the beat 2 beats after a 100 → 120 BPM jump)
    ///     or madmom's 100 (steadier: 0.91 and 0.92, but 3 beats).
    ///   - detectsMeter: the band counts the meter it hears (3 or 4 beats, 6/8 in two), starting
    ///     from `beatsPerBar`; false: `beatsPerBar` throughout. Needs `beatsPerBar` 3 or 4.
    ///   - compound: the meter is known to be 6/8 (`beatsPerBar` 2): counted in dotted quarters
    ///     from the first bar, around `expectedBPM` (dotted quarters a minute) where it is written.
    ///   - beatModel: the causal learned beat model the beat tracker hears through
    ///     (`CausalBeatTracker(beatModel:)`); nil: the signal form.
    public init(arranger: Arrangement, predictor: Predictor?, synth: Synth, programs: [(channel: UInt8, program: UInt8)],
                beatsPerBar: Int, detectsMeter: Bool = false, compound: Bool = false, expectedBPM: Double? = nil,
                beatTransitionLambda: Double = 60, beatModel: BeatTCN? = nil,
                maximumLogBeats: Int = 100_000, maximumLogMessages: Int = 1_000_000) {
        self.arranger = arranger
        self.predictor = predictor
        self.synth = synth
        self.programs = programs
        self.beatsPerBar = beatsPerBar
        self.compound = compound
        self.maximumLogBeats = maximumLogBeats
        self.maximumLogMessages = maximumLogMessages
        log = BandPlayLog(maximumBeats: maximumLogBeats, maximumMessages: maximumLogMessages)
        voice = BandVoice(synth: synth, log: log)
        harmony = HarmonyTap(voice: voice)
        rhythm = RhythmTap(tracker: CausalBeatTracker(beatsPerBar: beatsPerBar, detectsMeter: detectsMeter, compound: compound,
                                                      expectedBPM: expectedBPM, transitionLambda: beatTransitionLambda,
                                                      beatModel: beatModel),
                           voice: voice)
        chain = Tapped(taps: TapPair(harmony, rhythm), audio: ParallelChain(voice, SerialChain(MixDown(), monitor)))
        outputPointers.initialize(repeating: UnsafeMutablePointer<Float>(bitPattern: 1)!, count: 2)
    }

    deinit {
        outputPointers.deallocate()
    }

    /// Declared latencies of the analysis stages, in frames at the prepared rate.
    public var beatLatencyFrames: Int { rhythm.tracker.latencyFrames }
    public var chordLatencyFrames: Int { harmony.tracker.latencyFrames }
    /// When the band's decoder knows a beat's chord, in frames after the beat starts: half a
    /// chroma window (the first frame's centre) plus the quarter-window guard.
    public var beatChordLatencyFrames: Int { harmony.tracker.chromaWindowFrames * 3 / 4 }
    /// Notes the band started later than their grid time.
    public var lateNotes: Int { voice.conductor?.lateNotes ?? 0 }

    /// - Precondition: `sampleRate` is the synthesiser's (`BandSynthesizer.sampleRate`).
    public func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int) {
        precondition(synth.sampleRate == sampleRate,
                     "the band's synthesiser renders at \(synth.sampleRate) Hz but the session runs at \(sampleRate) Hz")
        self.sampleRate = sampleRate
        self.inputChannels = inputChannels
        monitor.gain = monitorGain
        harmony.inputLatencyFrames = inputLatencyFrames
        rhythm.inputLatencyFrames = inputLatencyFrames
        chain.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: inputChannels))
        log.reset()
        let conductor = BandConductor(arranger: arranger, predictor: predictor, beatsPerBar: beatsPerBar, sampleRate: sampleRate)
        conductor.keyOverride = keyOverride
        conductor.tempoOverrideBPM = tempoOverrideBPM
        if let rehearsal { conductor.rehearse(rehearsal) }
        // A rehearsed song starts on its first downbeat: the band comes in at the first sound, at
        // the rehearsal's tempo, for as long as it would keep time through a pause.
        rhythm.firstSoundLead = nil
        if let bpm = rehearsal?.tempoBPM, bpm > 0, !compound {
            rhythm.firstSoundLead = (60 * sampleRate / bpm, conductor.keepTimeBeats)
        }
        leadPending = leadsFromStart && tempoOverrideBPM != nil
        conductor.chordEdgeGuardFrames = SampleTime(harmony.tracker.chromaWindowFrames / 4)
        voice.conductor = conductor
        voice.events = events
        conductor.onBeatPlayed = { [log, status, arranger, events] played in
            log.foldStatusPeriod(Double(max(1, played.time - log.lastBeatTime)))
            status.update(beat: played.beat, beatInBar: played.beatInBar, chord: played.chord, key: played.key,
                          tempoBPM: 60 * sampleRate / log.statusPeriodFrames, time: played.time)
            log.lastBeatTime = played.time
            status.hasEnded = arranger.hasEnded
            events?.push(.beat(played))
            log.append(played)
        }
        directedSection = control?.setting.section
        if let directedSection { log.append(section: directedSection, at: 0) }
        for entry in programs { synth.programChange(channel: entry.channel, program: entry.program) }
    }

    public func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                       _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime) {
        guard let conductor = voice.conductor else { return }
        if leadPending, let bpm = tempoOverrideBPM {
            leadPending = false
            // The first beat a beat after the first block: a breath before the count-in, and
            // a whole quarter of lead-in in the MIDI file.
            let period = 60 * sampleRate / bpm
            conductor.lead(from: time + SampleTime(period.rounded()), framesPerBeat: period, beats: .max)
        }
        if let control {
            var section = directedSection
            arranger.direct {
                control.apply(to: &$0)
                section = $0.section
            }
            if section != directedSection {
                directedSection = section
                events?.push(.section(section, time: time))
                log.append(section: section, at: time)
            }
        }
        let channels = UnsafeRawPointer(input).assumingMemoryBound(to: UnsafeMutablePointer<Float>.self)
        let block = AudioBlock(channelPointers: channels, channelCount: inputChannels, frameOffset: 0,
                               frameCount: frameCount, startTime: time)
        outputPointers[0] = left
        outputPointers[1] = right
        chain.process(input: block, output: MutableAudioBlock(channelPointers: outputPointers, channelCount: 2, frameOffset: 0,
                                                              frameCount: frameCount, startTime: time))
    }

    public func stop() {
        voice.conductor?.stop(at: 0) { message in
            synth.noteOff(channel: message.channel, pitch: message.pitch)
        }
        synth.allNotesOff()
    }
}
