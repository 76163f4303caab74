import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic

/// The live chain of issue 4 as one `LiveGraph`: input → `CausalBeatTracker` and
/// `CausalChordTracker` (chord events for the key, chroma frames for the band's own per-beat
/// chord decoder) → `BandConductor` (each beat decided just before it sounds on the predicted
/// grid, changes anticipated) → synthesiser, sample-accurately: a block is rendered in pieces split at every
/// note message. The input can be mixed into the output (`monitorGain`).
///
/// Latency: beats are heard 21 ms after they sound at 48 kHz (onset detector), a beat's chord
/// 256 ms after the beat starts (`beatChordLatencyFrames`); the band decides each beat 20 ms
/// before it sounds on the predicted grid, anticipating changes it cannot have heard yet. The
/// monitoring path adds no latency of its own beyond the runner's block.
///
/// Real-time safe after `prepare`: fixed-capacity event buffers, logs preallocated for
/// `maximumLogBeats` beats and `maximumLogMessages` messages (further entries are counted, not
/// stored).
public final class BandGraph<Arrangement: BeatArranger, Predictor: NextChordPredicting, Synth: BandSynthesizer>: LiveGraph {
    public typealias PlayedBeat = BandGraphBeat

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
    /// The performer's live direction, applied to the arranger at the start of every block (set
    /// before `prepare`; nil: the arranger keeps its own).
    public var control: BandControl?
    public let maximumLogBeats: Int
    public let maximumLogMessages: Int

    public private(set) var playedBeats: [PlayedBeat] = []
    public private(set) var messages: [MIDIMessage] = []
    public private(set) var heardChords: [ChordEvent] = []
    public private(set) var droppedLogEntries = 0
    /// How far ahead of its time each logged beat was scheduled, in frames.
    public private(set) var schedulingLeads: [SampleTime] = []
    /// What the band is doing now, readable from any thread while it plays.
    public let status = LiveStatus()
    /// The General MIDI program of each channel.
    public var synthPrograms: [(channel: UInt8, program: UInt8)] { programs }
    private var lastPlayedTime: SampleTime = 0
    public private(set) var sampleRate = 48000.0

    private let arranger: Arrangement
    private let predictor: Predictor?
    private let programs: [(channel: UInt8, program: UInt8)]
    private var conductor: BandConductor<Arrangement, Predictor>?
    private let beatTracker: CausalBeatTracker
    private let chordTracker = CausalChordTracker()
    private var beatEvents = EventBuffer<BeatEvent>(capacity: 0)
    private var chordEvents = EventBuffer<ChordEvent>(capacity: 0)
    private var chromaFrames = EventBuffer<ChromaFrame>(capacity: 0)
    private var inputChannels = 1

    /// - Parameters:
    ///   - programs: the General MIDI program of each channel the arrangement uses.
    ///   - beatTransitionLambda: the beat tracker's tempo stiffness: 60 (the default: dev-set
    ///     band beat F 0.90, held-out 0.91, back on the beat 2 beats after a 100 → 120 BPM jump)
    ///     or madmom's 100 (steadier: 0.91 and 0.92, but 3 beats).
    ///   - detectsMeter: the band counts the meter it hears (3 or 4 beats, 6/8 in two), starting
    ///     from `beatsPerBar`; false: `beatsPerBar` throughout. Needs `beatsPerBar` 3 or 4.
    ///   - compound: the meter is known to be 6/8 (`beatsPerBar` 2): counted in dotted quarters
    ///     from the first bar, around `expectedBPM` (dotted quarters a minute) where it is written.
    public init(arranger: Arrangement, predictor: Predictor?, synth: Synth, programs: [(channel: UInt8, program: UInt8)],
                beatsPerBar: Int, detectsMeter: Bool = false, compound: Bool = false, expectedBPM: Double? = nil,
                beatTransitionLambda: Double = 60,
                maximumLogBeats: Int = 100_000, maximumLogMessages: Int = 1_000_000) {
        self.arranger = arranger
        self.predictor = predictor
        self.synth = synth
        self.programs = programs
        self.beatsPerBar = beatsPerBar
        self.maximumLogBeats = maximumLogBeats
        self.maximumLogMessages = maximumLogMessages
        beatTracker = CausalBeatTracker(beatsPerBar: beatsPerBar, detectsMeter: detectsMeter, compound: compound,
                                        expectedBPM: expectedBPM, transitionLambda: beatTransitionLambda)
    }

    /// Declared latencies of the analysis stages, in frames at the prepared rate.
    public var beatLatencyFrames: Int { beatTracker.latencyFrames }
    public var chordLatencyFrames: Int { chordTracker.latencyFrames }
    /// When the band's decoder knows a beat's chord, in frames after the beat starts: half a
    /// chroma window (the first frame's centre) plus the quarter-window guard.
    public var beatChordLatencyFrames: Int { chordTracker.chromaWindowFrames * 3 / 4 }
    /// Notes the band started later than their grid time.
    public var lateNotes: Int { conductor?.lateNotes ?? 0 }

    public func prepare(sampleRate: Double, maximumBlockFrames: Int, inputChannels: Int) {
        self.sampleRate = sampleRate
        self.inputChannels = inputChannels
        let spec = ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: maximumBlockFrames, channelCount: inputChannels)
        beatTracker.prepare(spec)
        chordTracker.prepare(spec)
        beatEvents = EventBuffer<BeatEvent>(capacity: beatTracker.maximumEventsPerBlock)
        chordEvents = EventBuffer<ChordEvent>(capacity: chordTracker.maximumEventsPerBlock)
        chromaFrames = EventBuffer<ChromaFrame>(capacity: chordTracker.maximumChromaFramesPerBlock)
        playedBeats = []
        playedBeats.reserveCapacity(maximumLogBeats)
        messages = []
        messages.reserveCapacity(maximumLogMessages)
        heardChords = []
        heardChords.reserveCapacity(maximumLogBeats)
        schedulingLeads = []
        schedulingLeads.reserveCapacity(maximumLogBeats)
        droppedLogEntries = 0
        let conductor = BandConductor(arranger: arranger, predictor: predictor, beatsPerBar: beatsPerBar, sampleRate: sampleRate)
        conductor.keyOverride = keyOverride
        conductor.tempoOverrideBPM = tempoOverrideBPM
        if let rehearsal { conductor.rehearse(rehearsal) }
        conductor.chordEdgeGuardFrames = SampleTime(chordTracker.chromaWindowFrames / 4)
        self.conductor = conductor
        conductor.onBeatPlayed = { [unowned self] beat, time, beatInBar, chord, anticipated, scheduledAt in
            let key = self.conductor?.key
            status.update(beat: beat, beatInBar: beatInBar, chord: chord, key: key,
                          tempoBPM: 60 * sampleRate / Double(max(1, time - lastPlayedTime)))
            lastPlayedTime = time
            status.hasEnded = arranger.hasEnded
            if playedBeats.count < maximumLogBeats {
                playedBeats.append(PlayedBeat(beat: beat, time: time, beatInBar: beatInBar, chord: chord,
                                              anticipated: anticipated, key: key))
                schedulingLeads.append(time - scheduledAt)
            } else {
                droppedLogEntries += 1
            }
        }
        for entry in programs { synth.programChange(channel: entry.channel, program: entry.program) }
    }

    public func render(input: UnsafePointer<UnsafePointer<Float>>, output left: UnsafeMutablePointer<Float>,
                       _ right: UnsafeMutablePointer<Float>, frameCount: Int, time: SampleTime) {
        guard let conductor else { return }
        if let control { arranger.direct { control.apply(to: &$0) } }
        let channels = UnsafeRawPointer(input).assumingMemoryBound(to: UnsafeMutablePointer<Float>.self)
        let block = AudioBlock(channelPointers: channels, channelCount: inputChannels, frameOffset: 0,
                               frameCount: frameCount, startTime: time)
        beatEvents.removeAll()
        chordEvents.removeAll()
        chromaFrames.removeAll()
        chordTracker.process(block, events: &chordEvents, chroma: &chromaFrames)
        for i in 0..<chromaFrames.count { conductor.hear(chromaFrames[i]) }
        beatTracker.process(block, events: &beatEvents)
        for i in 0..<chordEvents.count {
            conductor.hear(chordEvents[i])
            if heardChords.count < maximumLogBeats { heardChords.append(chordEvents[i]) } else { droppedLogEntries += 1 }
        }
        for i in 0..<beatEvents.count { conductor.hear(beatEvents[i], now: time) }
        // Synthesise, split at each message.
        var done = 0
        conductor.render(until: time + SampleTime(frameCount)) { message in
            let offset = min(frameCount, max(done, Int(message.time - time)))
            if offset > done {
                synth.render(left: left + done, right: right + done, frameCount: offset - done)
                done = offset
            }
            if message.isNoteOn {
                synth.noteOn(channel: message.channel, pitch: message.pitch, velocity: message.velocity)
            } else {
                synth.noteOff(channel: message.channel, pitch: message.pitch)
            }
            if messages.count < maximumLogMessages { messages.append(message) } else { droppedLogEntries += 1 }
        }
        if frameCount > done { synth.render(left: left + done, right: right + done, frameCount: frameCount - done) }
        if monitorGain > 0 {
            for c in 0..<inputChannels {
                let channel = input[c]
                let gain = monitorGain / Float(inputChannels)
                for i in 0..<frameCount where channel[i].isFinite {
                    left[i] += gain * channel[i]
                    right[i] += gain * channel[i]
                }
            }
        }
    }

    public func stop() {
        conductor?.stop(at: 0) { message in
            synth.noteOff(channel: message.channel, pitch: message.pitch)
        }
        synth.allNotesOff()
    }
}

/// One beat the band played: when, where in the bar, on which chord and in which key.
public struct BandGraphBeat: Sendable, Equatable {
    public var beat: Int
    public var time: SampleTime
    public var beatInBar: Int
    public var chord: ChordLabel
    /// True when the chord was anticipated (played before the tracker heard it).
    public var anticipated: Bool
    public var key: MusicalKey?
}
