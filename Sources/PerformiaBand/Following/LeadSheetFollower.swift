import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// Where the performer is in a lead sheet whose chords' order is known and whose lengths mostly
/// are not (a lyric sheet, chords written in the words), learning each length as it is heard so
/// that the band plays the changes of repeated lines and verses on their beat — what an
/// accompanist does on a first read of a lyric sheet.
///
/// - Positions: the sheet's chords reduced to triads, a repeat of the same triad merged.
/// - Following: a heard change (final, per completed beat) to the next position's chord moves on
///   (from the beat before, if that one beat was heard as another chord: the change misheard at
///   first); a change back to the current chord ends a blip. Any other chord puts the follower off
///   the sheet; heard a second beat, it is taken as played: the position after next (a chord too
///   short to be heard), or else the pair (chord before, chord now) nearest ahead in the sheet —
///   the performer skipped or repeated a part.
/// - Learning: a chord whose start and end were both heard as changes on the sheet gives its
///   length to every chord that lasts alike (`RehearsedSong.sameLengthAs`: the same place in lines
///   with the same chords) and, until their own is heard, to those likely alike (`sameShapeAs`:
///   the same place in lines of as many chords).
/// - Estimating: a chord with neither, sung over syllables (`RehearsedSong.syllables`), lasts
///   its syllables at the beats per syllable of the sung chords heard so far, in whole bars
///   (at least one): an accompanist's first read of a line, where the chord stands in the words.
/// - Predicting: the chord on a coming beat, walking the known or learned lengths on from the
///   current chord's start; nothing where a length is unknown, the current chord's start was not
///   heard cleanly, or it has outlasted its length (the harmonic rhythm heard decides there).
///
/// The explicit-duration view of score following (Dannenberg, "An on-line algorithm for real-time
/// accompaniment", ICMC 1984), with the durations learned in the performance. Its precision (the
/// changes it predicted that were heard; decayed hits over tries) says how far to trust it.
///
/// Real-time safe after `init` (which allocates per sheet chord); O(1) per beat, O(chords) when
/// it looks for its place.
public struct LeadSheetFollower: ~Copyable {
    private let count: Int
    private let chords: UnsafeMutablePointer<ChordLabel>
    /// Each position's chord as written (its first, where a triad repeats: `D7`, not `D`).
    private let writtenChords: UnsafeMutablePointer<ChordLabel>
    /// Beats of each position written in the sheet (0: unknown).
    private let writtenBeats: UnsafeMutablePointer<Int>
    /// The position whose length each position shares (its own index if none earlier).
    private let lengthOwner: UnsafeMutablePointer<Int>
    /// The position whose length each position likely shares (the same place in a line of as
    /// many chords), where its own is not known.
    private let shapeOwner: UnsafeMutablePointer<Int>
    /// Lengths learned, by owner and by shape owner (0: not yet heard).
    private let learnedBeats: UnsafeMutablePointer<Int>
    private let learnedShapeBeats: UnsafeMutablePointer<Int>
    /// Syllables sung over each position (0: none written).
    private let syllables: UnsafeMutablePointer<Int>
    /// Beats and syllables of the sung positions whose lengths were heard.
    private var heardSyllableBeats = 0
    private var heardSyllables = 0
    /// The bar estimated lengths are rounded to, in beats (the conductor's count).
    public var beatsPerBar = 4
    /// The prediction made for each of the last `ringCapacity` beats, to score it once heard.
    private static let ringCapacity = 16
    private let ringBeats: UnsafeMutablePointer<Int>
    private let ringChords: UnsafeMutablePointer<ChordLabel>
    private let ringChanges: UnsafeMutablePointer<Bool>

    /// The current position (−1: not found yet).
    public private(set) var position = -1
    /// The beat the current position started on.
    public private(set) var startBeat = 0
    /// The current chord's start was heard as a change on the sheet (its length can be learned
    /// and walked from).
    private var startHeard = false
    /// The heard chord is not the sheet's.
    public private(set) var offSheet = false
    private var heard = ChordLabel.noChord
    private var heardBefore = ChordLabel.noChord
    /// A chord heard that is not the sheet's next, and the beat it came on: taken as played if
    /// it lasts another beat.
    private var pending: (chord: ChordLabel, since: Int)?
    private var lastObservedBeat = Int.min
    private var hits = 0.0
    private var tries = 0.0
    /// The precision assumed before any change is scored, and its weight in changes.
    public var priorPrecision = 0.6
    public var priorWeight = 2.0
    /// Weight of one scored change against the next.
    public var decay = 0.95

    /// - Parameter song: the sheet; lengths 0 are learned from the performance.
    public init(_ song: RehearsedSong) {
        // Merge repeats of a triad; a merged position lasts alike with another when their parts do.
        var runChords: [ChordLabel] = []
        var runWritten: [ChordLabel] = []
        var runBeats: [Int] = []
        var runParts: [[Int]] = []
        var runShapes: [[Int]] = []
        var runSyllables: [Int] = []
        for i in song.chords.indices {
            let chord = song.chords[i].triad
            if let last = runChords.last, last == chord {
                let held = runBeats[runBeats.count - 1]
                runBeats[runBeats.count - 1] = held == 0 || song.durationsBeats[i] == 0 ? 0 : held + song.durationsBeats[i]
                runSyllables[runSyllables.count - 1] += song.syllables[i]
                runParts[runParts.count - 1].append(song.sameLengthAs[i])
                runShapes[runShapes.count - 1].append(song.sameShapeAs[i])
            } else {
                runChords.append(chord)
                runWritten.append(song.chords[i])
                runBeats.append(song.durationsBeats[i])
                runParts.append([song.sameLengthAs[i]])
                runShapes.append([song.sameShapeAs[i]])
                runSyllables.append(song.syllables[i])
            }
        }
        count = runChords.count
        chords = .allocate(capacity: max(1, count))
        chords.initialize(from: runChords, count: count)
        writtenChords = .allocate(capacity: max(1, count))
        writtenChords.initialize(from: runWritten, count: count)
        writtenBeats = .allocate(capacity: max(1, count))
        writtenBeats.initialize(from: runBeats, count: count)
        lengthOwner = .allocate(capacity: max(1, count))
        lengthOwner.initialize(from: runParts.firstOccurrenceIndices(), count: count)
        shapeOwner = .allocate(capacity: max(1, count))
        shapeOwner.initialize(from: runShapes.firstOccurrenceIndices(), count: count)
        learnedBeats = .allocate(capacity: max(1, count))
        learnedBeats.initialize(repeating: 0, count: max(1, count))
        learnedShapeBeats = .allocate(capacity: max(1, count))
        learnedShapeBeats.initialize(repeating: 0, count: max(1, count))
        syllables = .allocate(capacity: max(1, count))
        syllables.initialize(from: runSyllables, count: count)
        ringBeats = .allocate(capacity: Self.ringCapacity)
        ringBeats.initialize(repeating: Int.min, count: Self.ringCapacity)
        ringChords = .allocate(capacity: Self.ringCapacity)
        ringChords.initialize(repeating: .noChord, count: Self.ringCapacity)
        ringChanges = .allocate(capacity: Self.ringCapacity)
        ringChanges.initialize(repeating: false, count: Self.ringCapacity)
    }

    deinit {
        chords.deinitialize(count: count)
        chords.deallocate()
        writtenChords.deinitialize(count: count)
        writtenChords.deallocate()
        writtenBeats.deallocate()
        lengthOwner.deallocate()
        shapeOwner.deallocate()
        learnedBeats.deallocate()
        learnedShapeBeats.deallocate()
        syllables.deallocate()
        ringBeats.deallocate()
        ringChords.deinitialize(count: Self.ringCapacity)
        ringChords.deallocate()
        ringChanges.deallocate()
    }

    /// How often the changes it predicted were heard, from the prior.
    public var precision: Double { (hits + priorWeight * priorPrecision) / (tries + priorWeight) }

    /// The length of position `i` in beats, as written, learned, learned for its shape, or
    /// estimated from its syllables (0: unknown).
    public func lengthBeats(ofPosition i: Int) -> Int {
        if writtenBeats[i] > 0 { return writtenBeats[i] }
        if learnedBeats[lengthOwner[i]] > 0 { return learnedBeats[lengthOwner[i]] }
        if learnedShapeBeats[shapeOwner[i]] > 0 { return learnedShapeBeats[shapeOwner[i]] }
        guard syllables[i] > 0, heardSyllables > 0 else { return 0 }
        let bar = max(1, beatsPerBar)
        let bars = Double(syllables[i] * heardSyllableBeats) / Double(heardSyllables * bar)
        return max(1, Int(bars.rounded())) * bar
    }

    /// Beat `beat` is over and `chord` was heard on it (N: nothing learnt).
    public mutating func observe(_ chord: ChordLabel, beat: Int) {
        lastObservedBeat = beat
        let now = chord.triad
        score(beat: beat, heard: now)
        guard !now.isNoChord else { return }
        guard now != heard else {
            // An unexpected chord heard a second beat is taken as played.
            if let pending, pending.chord == now, beat > pending.since { take(pending) }
            return
        }
        heardBefore = heard
        heard = now
        guard position >= 0 else {
            // Not found yet: the sheet's first chord, or a pair of chords found in it.
            if count > 0 && chords[0] == now {
                move(to: 0, beat: beat, startHeard: false)
            } else {
                relocate(beat: beat)
            }
            return
        }
        if now == chords[position] {
            // Back on the sheet's chord after a blip: it goes on from where it started.
            offSheet = false
            pending = nil
        } else if position + 1 < count && chords[position + 1] == now {
            if let pending {
                // One unexpected beat before the expected chord: the change, misheard at first.
                learn(endingOn: pending.since)
                move(to: position + 1, beat: pending.since, startHeard: startHeard)
            } else if offSheet {
                // Off the sheet a while and on to the next chord: when it started is not clear.
                move(to: position + 1, beat: beat, startHeard: false)
            } else {
                learn(endingOn: beat)
                move(to: position + 1, beat: beat, startHeard: true)
            }
        } else {
            offSheet = true
            pending = (now, beat)
        }
    }

    /// The current chord ended on `beat`: its length, if its start was heard, is learnt.
    private mutating func learn(endingOn beat: Int) {
        guard startHeard, writtenBeats[position] == 0, beat > startBeat else { return }
        learnedBeats[lengthOwner[position]] = beat - startBeat
        learnedShapeBeats[shapeOwner[position]] = beat - startBeat
        if syllables[position] > 0 {
            heardSyllableBeats += beat - startBeat
            heardSyllables += syllables[position]
        }
    }

    /// An unexpected chord heard since `since`, now sure: a short chord of the sheet skipped, or
    /// the performer elsewhere in the song.
    private mutating func take(_ change: (chord: ChordLabel, since: Int)) {
        pending = nil
        if position >= 0 && position + 2 < count && chords[position + 2] == change.chord {
            move(to: position + 2, beat: change.since, startHeard: true)
        } else {
            relocate(beat: change.since)
        }
    }

    /// The chord (as written) the sheet says sounds on beat `beat` (ahead of the last one
    /// observed), nil where it cannot say; remembered, to be scored when the beat is heard.
    public mutating func predict(beat: Int) -> ChordLabel? {
        guard position >= 0, !offSheet, startHeard, beat > lastObservedBeat else { return nil }
        var at = position
        var length = lengthBeats(ofPosition: at)
        guard length > 0 else { return nil }
        var end = startBeat + length
        // Due on a beat already heard without it: the performer holds on; the sheet cannot say when.
        guard end > lastObservedBeat else { return nil }
        while end <= beat {
            at += 1
            guard at < count else { return nil }
            length = lengthBeats(ofPosition: at)
            guard length > 0 else { return nil }
            end += length
        }
        let chord = chords[at]
        guard !chord.isNoChord else { return nil }
        let slot = Self.slot(of: beat)
        ringBeats[slot] = beat
        ringChords[slot] = chord
        ringChanges[slot] = at != position
        return writtenChords[at]
    }

    /// The sheet's next chord while the follower is on it (N otherwise): what a change, when it
    /// comes, most likely goes to.
    public var nextChord: ChordLabel {
        guard position >= 0, !offSheet, position + 1 < count else { return .noChord }
        return chords[position + 1]
    }

    private mutating func move(to newPosition: Int, beat: Int, startHeard heardStart: Bool) {
        position = newPosition
        startBeat = beat
        startHeard = heardStart
        offSheet = false
        pending = nil
    }

    /// Finds the heard pair (chord before, chord now) nearest ahead of the position, wrapping
    /// round; stays off the sheet where it is nowhere.
    private mutating func relocate(beat: Int) {
        guard count >= 2, !heardBefore.isNoChord else {
            offSheet = position >= 0
            return
        }
        let from = max(0, position)
        for step in 1...count {
            let j = (from + step) % count
            if j >= 1 && chords[j - 1] == heardBefore && chords[j] == heard {
                move(to: j, beat: beat, startHeard: true)
                return
            }
        }
        offSheet = position >= 0
    }

    /// Scores the change predicted for `beat`, if one was.
    private mutating func score(beat: Int, heard now: ChordLabel) {
        let slot = Self.slot(of: beat)
        guard ringBeats[slot] == beat, !now.isNoChord else { return }
        ringBeats[slot] = Int.min
        guard ringChanges[slot] else { return }
        tries = tries * decay + 1
        hits = hits * decay + (ringChords[slot] == now ? 1 : 0)
    }

    private static func slot(of beat: Int) -> Int {
        (beat % ringCapacity + ringCapacity) % ringCapacity
    }
}
