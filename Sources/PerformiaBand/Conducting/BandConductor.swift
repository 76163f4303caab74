import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// The band's conductor: turns what the live trackers hear into notes scheduled ahead.
///
/// Every tracked beat rebuilds the `BeatGrid` (the beat's time and the tracker's period, or a
/// set `tempoOverrideBPM`). Each beat is decided `decisionLeadFrames` before the grid says it
/// falls — as late as possible, so the band has heard as much as it can:
/// 1. `BeatHearing` (fed the chroma frames, `hear(_: ChromaFrame)`) gives the chord of the
///    beat now sounding and, final, of the beat before it, and how likely the beat is to bring a
///    change from where this performance's chords have moved; without chroma the chord
///    tracker's events (`hear(_: ChordEvent)`) say what is heard;
/// 2. `ChordAnticipator` plays the heard chord or bets on a change (song memory, the song's own
///    successor counts, the corpus model's `NextChordPredicting`);
/// 3. `RehearsalGuide` arbitrates with the song as rehearsed, when there is one;
/// 4. the `BeatArranger` writes the beat's notes and `NoteScheduler` times them on the grid.
///
/// If the player pauses, the band keeps the grid for up to `keepTimeBeats` beats by itself and
/// then rests, ending every note; it comes back in at the next beat the tracker hears. When the
/// input falls silent (`silentSince`, the music has stopped) it keeps time for less than
/// `keepTimeBeats` beats from then, so it ends within a bar of the music. Before
/// any beat is heard the band can be started by itself (`lead`: a count-in at a set tempo, or
/// the first sound of a rehearsed song at its tempo); the first beat heard then takes over the
/// grid, numbered as the nearest beat the band counted. `stop` ends the performance for good. Latency: none of its own beyond `decisionLeadFrames`, which
/// notes are scheduled ahead of their time.
///
/// Allocation-free after `init`: it runs on the audio thread. What it played (the time and chord
/// of every beat) is reported through `onBeatPlayed`, on the audio thread: a live caller must
/// only copy into preallocated storage there.
public final class BandConductor<Arrangement: BeatArranger, Predictor: NextChordPredicting> {
    /// The meter counted: as constructed, then as the tracker reports it.
    public private(set) var beatsPerBar: Int
    private let countedBeatsPerBar: Int
    public let sampleRate: Double
    public var keepTimeBeats = 4
    /// A beat the tracker reports before the band has played it (it came sooner than the grid
    /// said) is still played, late, if reported within this many frames of it (50 ms by default).
    public var lateBeatLimitFrames: SampleTime
    /// How long before its predicted time a beat is decided and scheduled, in frames: late
    /// enough to have heard as much as possible, early enough for the arranger's earliest
    /// humanised note and one block (20 ms by default).
    public var decisionLeadFrames: SampleTime
    /// A tempo set by the performer, in BPM: the band keeps it, placed on the beats it hears;
    /// nil follows the tempo heard.
    public var tempoOverrideBPM: Double?
    /// A key set by the performer; nil follows the key heard (`CausalKeyTracker`).
    public var keyOverride: MusicalKey?
    /// The key the band plays in now (override, or as heard), nil before any chord.
    public private(set) var key: MusicalKey?
    /// The song as rehearsed, followed (its thresholds are the guide's).
    public var guide = RehearsalGuide()

    private let arranger: Arrangement
    private let predictor: Predictor?
    private var hearing: BeatHearing
    private var anticipator = ChordAnticipator()
    /// The key the decoder's change targets are weighted for.
    private var priorKey: MusicalKey?
    private var scheduler = NoteScheduler()
    private var grid: BeatGrid?
    private var lastTrackedBeat = -1
    /// Added to the tracker's beat index to give the band's beat number (non-zero when the band
    /// led before the tracker heard a beat).
    private var beatOffset = 0
    /// Beats the band keeps by itself since the last one heard before it rests: `keepTimeBeats`,
    /// or while it leads, `lead`'s.
    private var keepsBeats: Int?
    /// When the input fell silent, in frames; nil while it sounds (or before it ever sounded).
    /// Set before each `render` (`SoundGate`).
    public var silentSince: SampleTime?
    /// After leading, the band keeps its own count of the bar through this beat.
    private var ownCountThrough = -1
    /// Bars after the first beat heard that the band keeps the count it led with: the tracker
    /// finds the downbeat from accents over a few bars, and guesses before that.
    public static var ownCountBars: Int { 2 }
    /// Leading: started by itself, no beat heard yet.
    public private(set) var leading = false
    private var lastBeatInBar = 0
    private var scheduledThrough = -1
    private var tempoBPM = 120.0
    private var previousHeard: ChordLabel?
    private var renderedThrough: SampleTime = 0
    public private(set) var stopped = false
    /// Resting after a pause, until the tracker hears a beat again.
    public private(set) var resting = false

    /// Called for every beat the band schedules, on the audio thread.
    public var onBeatPlayed: ((PlayedBeat) -> Void)?

    public init(arranger: Arrangement, predictor: Predictor?, beatsPerBar: Int, sampleRate: Double) {
        self.arranger = arranger
        self.predictor = predictor
        self.beatsPerBar = beatsPerBar
        countedBeatsPerBar = beatsPerBar
        self.sampleRate = sampleRate
        decisionLeadFrames = SampleTime(0.020 * sampleRate)
        lateBeatLimitFrames = SampleTime(0.050 * sampleRate)
        hearing = BeatHearing(beatsPerBar: beatsPerBar, sampleRate: sampleRate)
    }

    /// Chroma frames centred closer than this after a beat starts are not taken as that beat's
    /// (a quarter of the chroma window is right).
    public var chordEdgeGuardFrames: SampleTime {
        get { hearing.chordEdgeGuardFrames }
        set { hearing.chordEdgeGuardFrames = newValue }
    }

    /// The song as rehearsed (see `ChordAnticipator.rehearse`); before the performance. `reset`
    /// forgets it. Its order of chords goes into the song memory and vocabulary; when every
    /// chord's length is known, `RehearsalFollower` also follows it beat by beat, and otherwise
    /// (a lead sheet of chords in the lyrics) `LeadSheetFollower` learns the lengths as it hears
    /// them, leaving the changes it cannot time to the harmonic rhythm heard.
    public func rehearse(_ song: RehearsedSong) {
        anticipator.rehearse(song.chords, durationsBeats: song.durationsBeats)
        for (chord, beats) in zip(song.chords, song.durationsBeats) {
            // A chord of unknown length counts as a bar of it.
            hearing.addToSongVocabulary(chord, beats: beats > 0 ? beats : countedBeatsPerBar)
        }
        guide.rehearse(song)
    }

    /// Notes started later than their grid time so far.
    public var lateNotes: Int { scheduler.lateNotes }

    /// Starts the band before it has heard a beat: beat 1, a downbeat, falls at `time` and the
    /// next ones every `framesPerBeat` frames (a set `tempoOverrideBPM` wins). It keeps this grid
    /// by itself for `beats` beats (`Int.max`: until it hears one) and then rests, unless the
    /// tracker hears a beat first, which takes over the grid. Ignored once a beat was heard.
    public func lead(from time: SampleTime, framesPerBeat: Double, beats: Int) {
        guard !stopped, grid == nil, framesPerBeat > 0 else { return }
        let period = tempoOverrideBPM.map { 60 * sampleRate / $0 } ?? framesPerBeat
        grid = BeatGrid(anchorBeat: 1, anchorTime: time, framesPerBeat: period)
        tempoBPM = 60 * sampleRate / period
        lastTrackedBeat = 1
        lastBeatInBar = 1
        scheduledThrough = 0
        keepsBeats = beats
        leading = true
        guide.count(beatsPerBar: beatsPerBar)
    }

    /// A beat from the tracker, heard at `now`: the grid the coming beats are placed on.
    public func hear(_ beat: BeatEvent, now: SampleTime) {
        guard !stopped else { return }
        let period = tempoOverrideBPM.map { 60 * sampleRate / $0 } ?? Double(max(1, beat.nextBeatTime - beat.time))
        if leading, let grid {
            // The first beat heard is the beat the band counted nearest to it; the band's count
            // of the bar holds for `ownCountBars` more bars, while the tracker's is still a guess.
            beatOffset = Int(grid.beat(at: beat.time).rounded()) - beat.index
            ownCountThrough = beat.index + beatOffset + Self.ownCountBars * beatsPerBar
            leading = false
            keepsBeats = nil
        }
        // The tracker counts the beats it skipped, so its index (plus where the band led from)
        // stays the band's beat number.
        let index = beat.index + beatOffset
        let inBar = index <= ownCountThrough ? beatInBar(of: index) : beat.beatInBar
        grid = BeatGrid(anchorBeat: index, anchorTime: beat.time, framesPerBeat: period)
        tempoBPM = tempoOverrideBPM ?? beat.tempoBPM
        lastTrackedBeat = index
        lastBeatInBar = inBar
        beatsPerBar = max(1, beat.beatsPerBar)
        guide.count(beatsPerBar: beatsPerBar)
        if resting || scheduledThrough < 0 {
            // The heard beat itself is past; the band comes (back) in on the next one.
            scheduledThrough = max(scheduledThrough, index)
        } else if scheduledThrough < index {
            // The beat came sooner than the grid said, before the band played it: it plays it
            // now, the tracker's latency late, rather than leave a hole — unless it is long past.
            scheduledThrough = now - beat.time <= lateBeatLimitFrames ? index - 1 : index
        }
        resting = false
    }

    /// A chord change from the chord tracker: it follows the key, and says what is heard when no
    /// chroma is given.
    public func hear(_ chord: ChordEvent) {
        let position = grid?.beat(at: chord.time) ?? 0
        hearing.hearKey(chord.chord, atBeat: position)
        if !hearing.hearsChroma { hearChord(chord.chord, fromBeat: Int(position.rounded())) }
    }

    /// A chroma frame (`NNLSChromaDetector`): the band decides what it hears beat by beat from these.
    public func hear(_ frame: ChromaFrame) {
        hearing.hear(frame)
    }

    private func hearChord(_ chord: ChordLabel, fromBeat beat: Int) {
        if chord != anticipator.heard { previousHeard = anticipator.heard }
        anticipator.hear(chord, fromBeat: beat)
    }

    /// The probability that beat `beat` brings a chord change: the harmonic rhythm heard so far,
    /// starting from the prior at the tracker's bar position.
    private func changeProbability(of beat: Int) -> Double {
        hearing.changeProbability(ofBeat: beat, beatInBar: beatInBar(of: beat), beatsPerBar: beatsPerBar)
    }

    /// Position in the bar (1-based) of beat `beat`, counted from the last tracked one.
    private func beatInBar(of beat: Int) -> Int {
        ((lastBeatInBar - 1 + beat - lastTrackedBeat) % beatsPerBar + beatsPerBar) % beatsPerBar + 1
    }

    /// Brings the heard chords up to the beat before `next` from the chroma: beat next − 2 is
    /// over (its chord final), beat next − 1 is sounding (its chord from its first frames).
    private func listen(before next: Int, on grid: BeatGrid) {
        let over = next - 2
        if over > hearing.completedThrough {
            let completed = hearing.complete(beat: over, start: grid.time(ofBeat: Double(over)),
                                             end: grid.time(ofBeat: Double(over + 1)),
                                             changeProbability: changeProbability(of: over), expecting: guide.expectedChord())
            if completed.isHeard { hearChord(completed.chord, fromBeat: over) }
            guide.observe(completed.chord, beat: over, skippedBeats: completed.skippedBeats,
                          liveBPM: 60 * sampleRate / grid.framesPerBeat)
            if let change = completed.change { anticipator.heardChange(onBeat: over, to: change) }
        }
        let sounding = next - 1
        let expected = guide.expectedChord()
        if let chord = hearing.sounding(start: grid.time(ofBeat: Double(sounding)),
                                        changeProbability: changeProbability(of: sounding), expecting: expected) {
            hearChord(chord, fromBeat: sounding)
        }
    }

    /// Decides every beat due within `decisionLeadFrames` of `end` and delivers, in time order,
    /// every note-on and note-off due before `end`. Keeps time through a pause for
    /// `keepTimeBeats` beats, then rests.
    public func render(until end: SampleTime, _ deliver: (MIDIMessage) -> Void) {
        let blockStart = renderedThrough
        renderedThrough = end
        while !stopped, !resting, let grid, scheduledThrough >= 0 {
            let next = scheduledThrough + 1
            guard grid.time(ofBeat: Double(next)) - decisionLeadFrames < end else { break }
            let silentFrames = silentSince.map { grid.time(ofBeat: Double(next)) - $0 } ?? 0
            if next - lastTrackedBeat - 1 > (keepsBeats ?? keepTimeBeats)
                || silentFrames > SampleTime((Double(keepTimeBeats) - 0.5) * grid.framesPerBeat) {
                // The tracker has heard nothing for a while: the band rests.
                resting = true
                scheduler.silence(at: end, deliver)
                return
            }
            if hearing.hearsChroma { listen(before: next, on: grid) }
            schedule(next, beatInBar: beatInBar(of: next), on: grid, now: blockStart)
        }
        scheduler.popDue(before: end, deliver)
    }

    /// Ends everything that sounds, at `time`; the conductor stays stopped until `reset`.
    public func stop(at time: SampleTime, _ deliver: (MIDIMessage) -> Void) {
        stopped = true
        scheduler.silence(at: time, deliver)
    }

    public func reset() {
        anticipator.reset()
        guide.reset()
        hearing.reset()
        beatsPerBar = countedBeatsPerBar
        key = nil
        priorKey = nil
        var discard = 0
        scheduler.silence(at: 0) { _ in discard += 1 }
        grid = nil
        lastTrackedBeat = -1
        beatOffset = 0
        ownCountThrough = -1
        keepsBeats = nil
        leading = false
        scheduledThrough = -1
        renderedThrough = 0
        previousHeard = nil
        silentSince = nil
        stopped = false
        resting = false
    }

    /// Decides the chord of `beat` and schedules its notes on `grid`.
    private func schedule(_ next: Int, beatInBar nextInBar: Int, on grid: BeatGrid, now: SampleTime) {
        key = keyOverride ?? hearing.key(atBeat: Double(next))
        if key != priorKey {
            priorKey = key
            if let key, let predictor {
                // A model with nothing to say gives 0 everywhere: no key prior.
                hearing.weightChangeTargets { predictor.probability(of: $0, in: key) ?? 0 }
            } else {
                hearing.weightChangeTargets { _ in 0 }
            }
        }
        var modelNext: (chord: ChordLabel, probability: Double)?
        if let predictor, !anticipator.heard.isNoChord {
            modelNext = predictor.mostLikelyNext(after: anticipator.heard, previous: previousHeard, key: key)
        }
        let decision = guide.arbitrate(anticipator.decide(beat: next, changeProbability: changeProbability(of: next),
                                                          modelNext: modelNext),
                                       beat: next, completedThrough: hearing.completedThrough, heard: anticipator.heard)
        // The next change is expected on the next beat likelier to change than not.
        var beatsUntilNext = beatsPerBar
        for ahead in 1...beatsPerBar where changeProbability(of: next + ahead) >= 0.5 {
            beatsUntilNext = ahead
            break
        }
        let context = BeatContext(beat: next, beatInBar: nextInBar, beatsPerBar: beatsPerBar, chord: decision.chord,
                                  nextChord: decision.next, beatsUntilNextChord: beatsUntilNext, tempoBPM: tempoBPM)
        arranger.arrange(context) { note in scheduler.schedule(note, on: grid, now: now) }
        scheduledThrough = next
        // A beat decided after its time sounds from the block it was decided in.
        onBeatPlayed?(PlayedBeat(beat: next, time: max(now, grid.time(ofBeat: Double(next))), beatInBar: nextInBar,
                                 chord: decision.chord, anticipated: decision.anticipated, key: key, scheduledAt: now))
    }
}
