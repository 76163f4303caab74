import PerformiaCore
/// A style's `Arranger` as the conductor's `BeatArranger`: holds the performer's direction
/// (intensity, parts, section, cues) and a preallocated note list, so a beat is arranged without
/// allocating. A fill request lasts to the end of its bar; a count-in to the end of its first
/// full bar (so the band comes in on a downbeat).
public final class StyleArranger: BeatArranger {
    public let arranger: Arranger
    public var direction: BandDirection
    private var notes: BandNoteList
    /// Count-in beats arranged so far.
    private var countedInBeats = 0

    public init(style: Style, direction: BandDirection, seed: UInt64) {
        arranger = Arranger(style: style, seed: seed)
        self.direction = direction
        notes = BandNoteList(capacity: max(64, arranger.maximumNotesPerBeat))
    }

    /// The General MIDI program of each part's channel.
    public var programs: [(channel: UInt8, program: UInt8)] {
        BandPart.allCases.map { ($0.channel, arranger.style[$0].program) }
    }

    public func arrange(_ context: BeatContext, emit: (BandNote) -> Void) {
        notes.removeAll()
        arranger.arrangeBeat(context.beat, beatInBar: context.beatInBar - 1, beatsPerBar: context.beatsPerBar,
                             chord: context.chord, nextChord: context.nextChord,
                             beatsUntilNextChord: context.beatsUntilNextChord, direction: direction,
                             tempoBPM: context.tempoBPM, into: &notes)
        for i in 0..<notes.count { emit(notes[i]) }
        // Cues end with a bar: a fill with the bar it was asked in, a count-in with its first full bar.
        if direction.countIn { countedInBeats += 1 }
        if context.beatInBar >= context.beatsPerBar {
            direction.fillRequested = false
            if countedInBeats >= context.beatsPerBar { direction.countIn = false }
        }
    }

    public func direct(_ change: (inout BandDirection) -> Void) { change(&direction) }

    public var hasEnded: Bool { arranger.hasEnded }
}
