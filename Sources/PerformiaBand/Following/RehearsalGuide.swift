import PerformiaAnalysis
import PerformiaMusic

/// The song as rehearsed, followed while it is played: `RehearsalFollower` beat by beat when
/// every chord's length is known (a Song Map, a chart written bar by bar), `LeadSheetFollower`
/// when some are not (a lyric sheet). It says which chord the music is expected to change to
/// next (`expectedChord`, for the decoder to hear it sooner) and arbitrates the chord a beat is
/// played on between what the band heard and bets on and what the song says
/// (`arbitrate`): the follower's chord while it is sure and trusted, then the sheet's timed
/// changes while enough of them are heard. Until the band has heard any chord, it plays the
/// song's first (the band comes in on the first downbeat, before a chord can be heard).
///
/// Without a rehearsal it does nothing. Allocation-free after `rehearse`; audio thread.
public struct RehearsalGuide: ~Copyable {
    /// The follower's chord is played when it is at least this likely, and while the follower
    /// names at least `followerHitRateFloor` of the changes.
    public var followerConfidence = 0.5
    public var followerHitRateFloor = 0.2
    /// The sheet follower's changes are played while at least this share of those it predicted
    /// were heard.
    public var sheetPrecisionFloor = 0.5

    /// Where the performer is in the rehearsed song (nil without a rehearsal or with a sheet).
    private var follower: RehearsalFollower?
    /// Where the performer is in a rehearsed sheet of partly unknown lengths (a lyric sheet).
    private var sheet: LeadSheetFollower?
    /// The rehearsed song's tempo, BPM (0: unknown).
    private var rehearsedBPM = 0.0
    /// The song's first chord, played until a chord is heard (nil: none rehearsed, it opens
    /// with no chord, or a chord was heard).
    private var openingChord: ChordLabel?

    public init() {}

    /// Follows `song` from now on: beat by beat when every length is known, else as a sheet.
    public mutating func rehearse(_ song: RehearsedSong) {
        rehearsedBPM = song.tempoBPM
        openingChord = song.chords.first.flatMap { $0.isNoChord ? nil : $0 }
        guard !song.durationsBeats.contains(0) else {
            sheet = LeadSheetFollower(song)
            return
        }
        var beatChords: [ChordLabel] = []
        for (chord, beats) in zip(song.chords, song.durationsBeats) {
            beatChords.append(contentsOf: repeatElement(chord, count: max(1, beats)))
        }
        if !beatChords.isEmpty { follower = RehearsalFollower(beatChords: beatChords) }
    }

    /// The meter counted now (the sheet times its bars with it).
    public mutating func count(beatsPerBar: Int) {
        sheet?.beatsPerBar = beatsPerBar
    }

    /// The chord the song as rehearsed says the beat after the last one heard is most likely to
    /// change to (N where it says nothing): the sheet's next chord while its follower is on it,
    /// or the rehearsal follower's chord for that beat while it is trusted.
    /// (`mutating` only because reading through a non-copyable optional needs exclusive access.)
    public mutating func expectedChord() -> ChordLabel {
        if let next = sheet?.nextChord, !next.isNoChord { return next }
        if follower?.changeHitRate ?? 0 >= followerHitRateFloor, let expected = follower?.predict(beatsAhead: 1),
           expected.probability >= followerConfidence {
            return expected.chord
        }
        return .noChord
    }

    /// What was heard on the completed `beat` (after `skippedBeats` never completed), at
    /// `liveBPM` beats a minute.
    public mutating func observe(_ chord: ChordLabel, beat: Int, skippedBeats: Int, liveBPM: Double) {
        if !chord.isNoChord { openingChord = nil }
        for _ in 0..<skippedBeats { follower?.observe(.noChord) }
        follower?.observe(chord, liveBeatsPerRehearsedBeat: liveBPM / rehearsedBPM)
        sheet?.observe(chord, beat: beat)
    }

    /// The chord `beat` is played on: `decision` (what the band heard and bets on, `heard` the
    /// chord it hears now) unless the follower, sure and trusted, names another, or the sheet
    /// times a change there while enough of its changes are heard. `completedThrough` is the
    /// last beat heard to its end.
    public mutating func arbitrate(_ decision: ChordAnticipator.Decision, beat: Int, completedThrough: Int,
                                   heard: ChordLabel) -> ChordAnticipator.Decision {
        var decision = decision
        if let openingChord, heard.isNoChord, decision.chord.isNoChord {
            return .init(chord: openingChord, next: decision.next, anticipated: true)
        }
        if completedThrough > Int.min, follower?.changeHitRate ?? 0 >= followerHitRateFloor,
           let expected = follower?.predict(beatsAhead: beat - completedThrough), expected.probability >= followerConfidence,
           !heard.isNoChord {
            let change = expected.chord.triad != heard.triad
            decision = .init(chord: change ? expected.chord : heard, next: decision.next, anticipated: change)
        }
        // The sheet's changes it can time (each prediction is scored, whether played or not).
        if completedThrough > Int.min, !heard.isNoChord, let expected = sheet?.predict(beat: beat),
           expected.triad != heard.triad, sheet?.precision ?? 0 >= sheetPrecisionFloor {
            decision = .init(chord: expected, next: decision.next, anticipated: true)
        }
        return decision
    }

    /// Forgets the rehearsal.
    public mutating func reset() {
        follower = nil
        sheet = nil
        openingChord = nil
    }
}
