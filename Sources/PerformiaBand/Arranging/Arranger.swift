import PerformiaCore
import PerformiaAnalysis
import PerformiaMusic

/// The band's arranger: turns a `Style` and the musical context of one beat (chord, next chord,
/// place in the bar, the bandleader's `BandDirection`) into the `BandNote`s of that beat, one
/// beat ahead of the music. It plays like an arranger keyboard's style engine (pattern levels,
/// fills and endings, as in Yamaha's SFF styles) with a band's ears: bass and comp voices
/// follow the chords by rule (`BassLine`, `VoiceLeading`), syncopations held over a chord change
/// anticipate the next chord and tie into it, and `Humanizer` gives accents, micro-timing and
/// swing.
///
/// Per beat and part:
/// - pattern: `ending` (from the first downbeat at which `direction.ending` is set, for one bar,
///   then silence), else the fill when `fillRequested` and the beat is at or after the fill's
///   first step, else the level for `direction.effectiveIntensity` (below 1/3 sparse, below 2/3
///   medium, else dense; a missing level falls back to the nearest lower one, then higher).
///   Within a level, ghost notes play only in its upper 65 %, so intensity thins or fills the
///   groove between level changes; velocities scale by 0.75 + 0.35 × intensity and the
///   section's factor.
/// - steps starting in the beat sound; at a chord change, notes held across it are re-struck
///   with the new chord (pads, sustained strings); pitched notes are cut at the next change.
/// - a note in the second half of the last beat before a change and held across it is an
///   anticipation: it sounds the next chord, and that part's notes on the change's downbeat are
///   dropped (the tie).
/// - no chord (`N`): drums only. Count-in: the style's count-in sound on every beat, nothing
///   else. The style's cymbal on the downbeat after a fill and at a new section.
///
/// Lengths and onsets are in beats (`BandNote`); `tempoBPM` converts the humanizer's milliseconds
/// to beats. The style's patterns are assumed in its own meter; `beatsPerBar` places the bar.
///
/// Real-time safe after `init`: `arrangeBeat` allocates nothing (fixed storage allocated here,
/// the style's patterns copied into one step buffer), takes no locks and does no I/O. Not
/// thread-safe: one thread drives it. Deterministic for a seed and a sequence of calls.
public final class Arranger {
    public let style: Style
    /// The most notes one `arrangeBeat` call can append (size `BandNoteList` with it).
    public let maximumNotesPerBeat: Int

    private struct Slot {
        var start = 0
        var count = 0
        var lengthBeats = 0
        var present = false
        var firstBeat = 0
    }

    private struct CompState {
        var leading: VoiceLeading
        var chord: ChordLabel?
        var voicing = Voicing()
    }

    private let seed: UInt64
    private let steps: UnsafeMutablePointer<PatternStep>
    private let stepCount: Int
    private let slots: UnsafeMutablePointer<Slot>  // BandPart × PatternKind
    private let comps: UnsafeMutablePointer<CompState>  // by BandPart.rawValue (keys, strings, guitar used)
    private let levels: SIMD8<Double>  // velocity factor per part

    private var humanizer: Humanizer
    private var bass: BassLine
    private var lastBeat: Int?
    private var lastChord = ChordLabel.noChord
    private var lastSection: SectionLabel?
    private var fillBar: Int?
    private var endingBar: Int?
    /// The ending bar has been arranged to its last beat: the band is silent from the next bar
    /// until the ending cue is withdrawn.
    public private(set) var hasEnded = false
    private var tiedInto = SIMD8<Int>(repeating: Int.min)  // per part: beat whose downbeat is tied over
    private var sharedOffset = 0.0  // timing offset shared by the notes of one chord

    private static let partCount = 5

    /// - Parameters:
    ///   - style: the style to play.
    ///   - seed: seeds the humanizer and the walking bass's choices.
    ///   - velocityRange: humanizer velocity jitter, ± MIDI steps.
    ///   - timingRangeMilliseconds: humanizer timing jitter, ± ms.
    public init(style: Style, seed: UInt64, velocityRange: Int = 8, timingRangeMilliseconds: Double = 5) {
        self.style = style
        self.seed = seed
        humanizer = Humanizer(seed: seed, velocityRange: velocityRange, timingRangeMilliseconds: timingRangeMilliseconds)
        let bassStyle = style[.bass]
        bass = BassLine(lowestPitch: bassStyle.lowestPitch, highestPitch: max(bassStyle.highestPitch, bassStyle.lowestPitch + 19))

        var total = 0
        for part in style.parts {
            for pattern in part.patterns { total += pattern?.steps.count ?? 0 }
        }
        stepCount = total
        steps = .allocate(capacity: max(total, 1))
        slots = .allocate(capacity: Arranger.partCount * PatternKind.count)
        slots.initialize(repeating: Slot(), count: Arranger.partCount * PatternKind.count)
        comps = .allocate(capacity: Arranger.partCount)
        var levels = SIMD8<Double>(repeating: 1)
        var next = 0
        var bound = 1  // count-in or cymbal
        for raw in 0..<Arranger.partCount {
            let part = BandPart(rawValue: raw)!
            let partStyle = style[part]
            levels[raw] = partStyle.level
            (comps + raw).initialize(to: CompState(leading: VoiceLeading(part: partStyle)))
            var partBound = 0
            for kind in 0..<PatternKind.count {
                guard let pattern = partStyle.patterns[kind] else { continue }
                var slot = Slot(start: next, count: pattern.steps.count, lengthBeats: max(1, pattern.lengthBeats),
                                present: true, firstBeat: pattern.firstStepBeat ?? 0)
                for step in pattern.steps {
                    (steps + next).initialize(to: step)
                    next += 1
                }
                if pattern.steps.isEmpty { slot.count = 0 }
                slots[raw * PatternKind.count + kind] = slot
                partBound = max(partBound, Arranger.notesPerBeatBound(pattern))
            }
            let voices = part == .drums || part == .bass ? 1 : partStyle.voiceCount
            bound += partBound * voices
        }
        self.levels = levels
        maximumNotesPerBeat = bound
        // Missing levels: the nearest lower level, else the nearest higher.
        for raw in 0..<Arranger.partCount {
            for level in 0..<3 where !slots[raw * PatternKind.count + level].present {
                var source: Int?
                var k = level - 1
                while k >= 0 && source == nil {
                    if slots[raw * PatternKind.count + k].present { source = k }
                    k -= 1
                }
                k = level + 1
                while k < 3 && source == nil {
                    if slots[raw * PatternKind.count + k].present { source = k }
                    k += 1
                }
                if let source { slots[raw * PatternKind.count + level] = slots[raw * PatternKind.count + source] }
            }
        }
    }

    deinit {
        steps.deinitialize(count: stepCount)
        steps.deallocate()
        slots.deinitialize(count: Arranger.partCount * PatternKind.count)
        slots.deallocate()
        comps.deinitialize(count: Arranger.partCount)
        comps.deallocate()
    }

    /// Back to the state after `init` (same seed, no history). Real-time safe.
    public func reset() {
        humanizer = Humanizer(seed: seed, velocityRange: humanizer.velocityRange,
                              timingRangeMilliseconds: humanizer.timingRangeMilliseconds)
        bass.reset()
        for raw in 0..<Arranger.partCount {
            comps[raw].leading.reset()
            comps[raw].chord = nil
        }
        lastBeat = nil
        lastChord = .noChord
        lastSection = nil
        fillBar = nil
        endingBar = nil
        hasEnded = false
        tiedInto = SIMD8<Int>(repeating: Int.min)
    }

    /// Appends the notes of one beat to `notes`.
    ///
    /// - Parameters:
    ///   - beat: the performance's beat index (0 = first beat); notes are placed from here.
    ///   - beatInBar: 0-based position of the beat in its bar.
    ///   - beatsPerBar: the meter being played.
    ///   - chord: the chord sounding on this beat (`ChordLabel.noChord`: drums only).
    ///   - nextChord: the chord expected next (the same chord when no change is expected).
    ///   - beatsUntilNextChord: beats from this beat's start to `nextChord` (1: it starts on the
    ///     next beat).
    ///   - direction: intensity, parts, section and cues.
    ///   - tempoBPM: the tempo, to express the humanizer's milliseconds in beats.
    ///   - notes: receives the notes (appended; full lists drop and count).
    public func arrangeBeat(_ beat: Int, beatInBar: Int, beatsPerBar: Int, chord: ChordLabel, nextChord: ChordLabel,
                            beatsUntilNextChord: Int, direction: BandDirection, tempoBPM: Double,
                            into notes: inout BandNoteList) {
        let meter = max(1, beatsPerBar)
        let inBar = ((beatInBar % meter) + meter) % meter
        let bar = Arranger.floorDiv(beat - inBar, meter)
        let continuous = lastBeat == beat - 1
        let chordChanged = !continuous || lastChord != chord
        let sectionChanged = continuous && direction.section != nil && direction.section != .intro
            && lastSection != direction.section
        if !continuous { tiedInto = SIMD8<Int>(repeating: Int.min) }
        defer {
            lastBeat = beat
            lastChord = chord
            lastSection = direction.section
        }
        let tempo = tempoBPM > 0 ? tempoBPM : style.tempoBPM

        if direction.countIn {
            if direction.isEnabled(.drums) {
                let written = Double(inBar == 0 ? PatternStep.accent : PatternStep.normal) * levels[BandPart.drums.rawValue]
                emitDrum(style.countInNote, at: Double(beat), lengthBeats: 0.25, written: written, tickInBar: inBar * 12,
                         meter: meter, tempo: tempo, into: &notes)
            }
            return
        }

        var override: PatternKind?
        if direction.ending {
            if endingBar == nil && inBar == 0 { endingBar = bar }
            if let endingBar {
                if bar > endingBar || inBar == meter - 1 { hasEnded = true }
                if bar != endingBar { return }
                override = .ending
            }
        } else {
            endingBar = nil
            hasEnded = false
        }

        let intensity = direction.effectiveIntensity
        let levelIndex = min(2, Int(intensity * 3))
        let playGhosts = intensity * 3 - Double(levelIndex) >= 0.35
        let velocityScale = (0.75 + 0.35 * intensity) * direction.sectionVelocityFactor
        let fill = direction.fillRequested && override == nil
        if fill { fillBar = bar }
        let changeAhead = !nextChord.isNoChord && nextChord != chord && beatsUntilNextChord >= 1
        let styleMeter = max(1, style.beatsPerBar)

        for raw in 0..<Arranger.partCount {
            let part = BandPart(rawValue: raw)!
            guard direction.isEnabled(part) else { continue }
            if part != .drums && chord.isNoChord { continue }
            var kind = override ?? PatternKind(rawValue: levelIndex)!
            if fill {
                let fillSlot = slots[raw * PatternKind.count + PatternKind.fill.rawValue]
                if fillSlot.present && inBar >= fillSlot.firstBeat { kind = .fill }
            }
            let slot = slots[raw * PatternKind.count + kind.rawValue]
            guard slot.present else { continue }
            let patternBars = max(1, slot.lengthBeats / styleMeter)
            let barInPattern = kind == .fill || kind == .ending ? 0 : ((bar % patternBars) + patternBars) % patternBars
            let patternBeat = (barInPattern * styleMeter + inBar % styleMeter) % slot.lengthBeats
            let beatStart = patternBeat * PatternStep.ticksPerBeat
            let beatEnd = beatStart + PatternStep.ticksPerBeat
            let tied = tiedInto[raw] == beat

            for index in slot.start..<(slot.start + slot.count) {
                let step = steps[index]
                let end = step.tick + step.lengthTicks
                var strike: Int
                if step.tick >= beatStart && step.tick < beatEnd {
                    strike = step.tick
                } else if part != .drums && chordChanged && step.tick < beatStart && end > beatStart {
                    strike = beatStart  // held across a chord change: re-strike with the new chord
                } else {
                    continue
                }
                if step.isGhost && !playGhosts { continue }
                if tied && strike == beatStart { continue }
                let offsetTicks = strike - beatStart
                let written = Double(step.velocity) * levels[raw] * velocityScale
                let tickInBar = inBar * PatternStep.ticksPerBeat + offsetTicks
                let offsetBeats = Double(offsetTicks) / Double(PatternStep.ticksPerBeat)
                var lengthBeats = Double(end - strike) / Double(PatternStep.ticksPerBeat)
                switch step.action {
                case .drum(let key):
                    let onset = Double(beat) + swing(offsetBeats)
                    let swungLength = Double(beat) + swing(offsetBeats + lengthBeats) - onset
                    emitDrum(key, at: onset, lengthBeats: swungLength, written: written, tickInBar: tickInBar, meter: meter,
                             tempo: tempo, into: &notes)
                case .bass(let degree):
                    let anticipates = anticipatesChange(changeAhead && beatsUntilNextChord == 1, offsetTicks: offsetTicks,
                                                        heldTicks: end - strike, part: raw, beat: beat)
                    let sounding = anticipates ? nextChord : chord
                    if !anticipates && changeAhead && kind != .ending {
                        lengthBeats = min(lengthBeats, Double(beatsUntilNextChord) - offsetBeats)
                    }
                    let beforeChange = !anticipates && beatsUntilNextChord == 1 && changeAhead
                    guard let pitch = bass.pitch(degree, chord: sounding, next: nextChord,
                                                 chordStarted: offsetTicks == 0 && (chordChanged || inBar == 0),
                                                 onBeatBeforeChange: beforeChange,
                                                 beatsUntilNextChord: beatsUntilNextChord, random: &humanizer) else { continue }
                    if degree == .ghost { lengthBeats = min(lengthBeats, 0.1) }
                    emitPitched(part, pitch: pitch, offsetBeats: offsetBeats, lengthBeats: lengthBeats,
                                beat: beat, written: written, tickInBar: tickInBar, meter: meter, tempo: tempo, into: &notes)
                case .comp(let voice):
                    let anticipates = anticipatesChange(changeAhead && beatsUntilNextChord == 1, offsetTicks: offsetTicks,
                                                        heldTicks: end - strike, part: raw, beat: beat)
                    let sounding = anticipates ? nextChord : chord
                    if !anticipates && changeAhead && kind != .ending {
                        lengthBeats = min(lengthBeats, Double(beatsUntilNextChord) - offsetBeats)
                    }
                    guard let voicing = voicing(raw, sounding) else { continue }
                    var first = 0
                    var last = voicing.count - 1
                    switch voice {
                    case .bass:
                        guard let root = sounding.root else { continue }
                        let below = voicing.lowest - 1 - ((voicing.lowest - 1 - root) % 12 + 12) % 12
                        emitPitched(part, pitch: below, offsetBeats: offsetBeats, lengthBeats: lengthBeats, beat: beat,
                                    written: written, tickInBar: tickInBar, meter: meter, tempo: tempo, into: &notes)
                        continue
                    case .all: break
                    case .upper: first = min(1, last)
                    case .single(let n):
                        first = min(max(n - 1, 0), last)
                        last = first
                    }
                    for v in first...last {
                        emitPitched(part, pitch: voicing[v], offsetBeats: offsetBeats, lengthBeats: lengthBeats,
                                    beat: beat, written: written, tickInBar: tickInBar, meter: meter, tempo: tempo,
                                    into: &notes, sharedTiming: v > first)
                    }
                }
            }
        }

        // The cymbal on the downbeat after a fill or at a new section.
        if inBar == 0, override == nil, let cymbal = style.cymbalNote, direction.isEnabled(.drums),
           fillBar == bar - 1 || sectionChanged {
            let written = Double(PatternStep.accent) * levels[BandPart.drums.rawValue] * velocityScale
            emitDrum(cymbal, at: Double(beat), lengthBeats: 1, written: written, tickInBar: 0, meter: meter, tempo: tempo,
                     into: &notes)
        }
    }

    // MARK: emitting

    /// Whether a pitched note struck at `offsetTicks` into the beat before a change
    /// (`changeNext`) and held `heldTicks` anticipates the next chord: struck on the beat's second
    /// half and held over the change. It then ties into the next beat of `part`.
    private func anticipatesChange(_ changeNext: Bool, offsetTicks: Int, heldTicks: Int, part: Int, beat: Int) -> Bool {
        let anticipates = changeNext && offsetTicks >= PatternStep.ticksPerBeat / 2
            && offsetTicks + heldTicks > PatternStep.ticksPerBeat
        if anticipates { tiedInto[part] = beat + 1 }
        return anticipates
    }

    private func emitDrum(_ key: UInt8, at position: Double, lengthBeats: Double, written: Double, tickInBar: Int,
                          meter: Int, tempo: Double, into notes: inout BandNoteList) {
        let onset = max(0, position + humanizer.timingOffsetBeats(tempoBPM: tempo))
        let velocity = humanizer.velocity(written, tickInBar: tickInBar, beatsPerBar: meter)
        notes.append(BandNote(beat: onset, lengthBeats: max(0.05, lengthBeats), channel: BandPart.drums.channel,
                              pitch: key, velocity: velocity))
    }

    /// One pitched note; the notes of a chord share one timing offset (`sharedTiming` after the first).
    private func emitPitched(_ part: BandPart, pitch: Int, offsetBeats: Double, lengthBeats: Double,
                             beat: Int, written: Double, tickInBar: Int, meter: Int, tempo: Double,
                             into notes: inout BandNoteList, sharedTiming: Bool = false) {
        guard pitch >= 0 && pitch <= 127 else { return }
        if !sharedTiming { sharedOffset = humanizer.timingOffsetBeats(tempoBPM: tempo) }
        let start = swing(offsetBeats)
        let end = swing(offsetBeats + lengthBeats)
        let onset = max(0, Double(beat) + start + sharedOffset)
        let length = max(0.05, end - start - 0.03)  // a small gap so repeated notes re-articulate
        let velocity = humanizer.velocity(written, tickInBar: tickInBar, beatsPerBar: meter)
        notes.append(BandNote(beat: onset, lengthBeats: length, channel: part.channel, pitch: UInt8(pitch),
                              velocity: velocity))
    }

    private func swing(_ position: Double) -> Double {
        Humanizer.swing(position, ratio: style.swingRatio, subdivision: style.swingSubdivision)
    }

    /// The voicing of `chord` for comp part `raw`, voice-led from the part's previous one.
    private func voicing(_ raw: Int, _ chord: ChordLabel) -> Voicing? {
        if comps[raw].chord == chord { return comps[raw].voicing }
        guard let voicing = comps[raw].leading.next(chord) else { return nil }
        comps[raw].chord = chord
        comps[raw].voicing = voicing
        return voicing
    }

    // MARK: helpers

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Most steps of `pattern` that can sound in one beat: those starting in it plus those held
    /// across its start (re-struck at a chord change).
    private static func notesPerBeatBound(_ pattern: StylePattern) -> Int {
        var most = 0
        for b in 0..<max(1, pattern.lengthBeats) {
            let start = b * PatternStep.ticksPerBeat
            var n = 0
            for step in pattern.steps
            where (step.tick >= start && step.tick < start + PatternStep.ticksPerBeat)
                || (step.tick < start && step.tick + step.lengthTicks > start) {
                n += 1
            }
            most = max(most, n)
        }
        return most
    }
}
