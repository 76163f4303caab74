import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// What the band hears, beat by beat on its own grid: the chord of each beat from the chroma
/// (`BeatChordDecoder`), where this performance changes chord (`HarmonicRhythmTracker`, from
/// the bar-position prior), and the key (`CausalKeyTracker`, from the chord tracker's changes).
///
/// The conductor asks it twice per beat it decides: `complete` for the beat that is over (its
/// chord final, the harmonic rhythm told whether it changed) and `sounding` for the beat that has
/// just begun (its chord from its first frames). Allocation-free after `init`; audio thread.
public struct BeatHearing: ~Copyable {
    /// A beat heard to its end.
    public struct CompletedBeat: Sendable, Equatable {
        public var chord: ChordLabel
        /// Take `chord` as heard: it is a chord, or N because the beat was quiet (an N while the
        /// music sounds — a break, a riff in octaves — keeps the chord held).
        public var isHeard: Bool
        /// Beats since the previous completed beat that were never completed (at most 8).
        public var skippedBeats: Int
        /// The triad the music changed to on this beat, when it follows the previous completed
        /// beat directly and is a chord.
        public var change: ChordLabel?
    }

    private var decoder: BeatChordDecoder
    private var rhythm: HarmonicRhythmTracker
    private let rhythmPrior = HarmonicRhythmPrior()
    private var keyTracker = CausalKeyTracker()
    /// True once chroma frames arrive: the decoder, not the chord tracker's events, says what is heard.
    public private(set) var hearsChroma = false
    /// The last beat completed (`Int.min` before the first).
    public private(set) var completedThrough = Int.min
    private var lastCompletedTriad = ChordLabel.noChord

    /// - Parameters:
    ///   - beatsPerBar: the bar counted at first (the harmonic rhythm's starting cycle).
    ///   - sampleRate: Hz; frames within 85 ms after a beat starts are left to the beat before.
    public init(beatsPerBar: Int, sampleRate: Double) {
        decoder = BeatChordDecoder(edgeGuardFrames: SampleTime(0.085 * sampleRate))
        rhythm = HarmonicRhythmTracker(beatsPerBar: beatsPerBar)
    }

    /// Chroma frames centred closer than this after a beat starts are not taken as that beat's.
    public var chordEdgeGuardFrames: SampleTime {
        get { decoder.edgeGuardFrames }
        set { decoder.edgeGuardFrames = newValue }
    }

    /// A chroma frame (`NNLSChromaDetector`).
    public mutating func hear(_ frame: ChromaFrame) {
        hearsChroma = true
        decoder.add(frame)
    }

    /// A chord change the chord tracker heard, at `beat` on the grid: the key follows these.
    public mutating func hearKey(_ chord: ChordLabel, atBeat beat: Double) {
        keyTracker.hear(chord, atBeat: beat)
    }

    /// The key heard at `beat`, nil before any chord.
    public mutating func key(atBeat beat: Double) -> MusicalKey? {
        keyTracker.key(atBeat: beat)?.key
    }

    /// A chord the song is known to use, for `beats` beats (a rehearsal).
    public mutating func addToSongVocabulary(_ chord: ChordLabel, beats: Int) {
        decoder.addToSongVocabulary(chord, beats: beats)
    }

    /// Weights the decoder's change targets by how common each chord is in the key played
    /// (`{ _ in 0 }`: no key prior).
    public mutating func weightChangeTargets(_ probability: (ChordLabel) -> Double) {
        decoder.setKeyPrior(probability)
    }

    /// The probability that `beat` brings a chord change: the harmonic rhythm heard so far,
    /// starting from the prior at its position in the bar.
    public func changeProbability(ofBeat beat: Int, beatInBar: Int, beatsPerBar: Int) -> Double {
        rhythm.changeProbability(beat: beat, prior: rhythmPrior.changeProbability(beatInBar: beatInBar, beatsPerBar: beatsPerBar))
    }

    /// Completes `beat`, which ran from `start` to `end` (frames), its change as likely as
    /// `changeProbability`, a change to `expected` likelier (N: no expectation).
    public mutating func complete(beat: Int, start: SampleTime, end: SampleTime, changeProbability: Double,
                                  expecting expected: ChordLabel) -> CompletedBeat {
        decoder.expectedChange = expected
        if beat != completedThrough + 1 { decoder.forgetHistory() }
        let chord = decoder.completeBeat(start: start, end: end, changeProbability: changeProbability)
        let isHeard = !chord.isNoChord || decoder.lastBeatQuiet
        let triad = chord.triad
        var skipped = 0
        if completedThrough > Int.min && beat > completedThrough + 1 { skipped = min(8, beat - completedThrough - 1) }
        var change: ChordLabel?
        if beat == completedThrough + 1 {
            rhythm.observe(beat: beat, changed: triad != lastCompletedTriad)
            if triad != lastCompletedTriad && !triad.isNoChord { change = triad }
        }
        lastCompletedTriad = triad
        completedThrough = beat
        return CompletedBeat(chord: chord, isHeard: isHeard, skippedBeats: skipped, change: change)
    }

    /// The chord of the beat that began at `start`, from its first frames, when it is to be taken
    /// as heard (see `CompletedBeat.isHeard`); nil otherwise.
    public mutating func sounding(start: SampleTime, changeProbability: Double, expecting expected: ChordLabel) -> ChordLabel? {
        decoder.expectedChange = expected
        guard let chord = decoder.currentChord(start: start, changeProbability: changeProbability),
              !chord.isNoChord || decoder.lastBeatQuiet else { return nil }
        return chord
    }

    /// Back to the state after `init`, keeping allocations; the song vocabulary and key prior go.
    public mutating func reset() {
        decoder.reset()
        hearsChroma = false
        completedThrough = Int.min
        lastCompletedTriad = .noChord
        rhythm.reset()
        keyTracker.reset()
        decoder.setKeyPrior { _ in 0 }
        decoder.clearSongVocabulary()
    }
}
