import PerformiaAnalysis

/// Decides the chord the band plays on a beat it schedules ahead, so that changes land on the
/// beat where they happen instead of one tracker latency later.
///
/// The chord tracker is heard with a delay (about a beat); the anticipator plays the heard chord
/// unless the performance's own history (`ChordMemory`) — or, before anything repeats, a
/// confident prediction of the corpus harmony model — says the change is due on this beat. A
/// change anticipated but not heard within `patienceBeats` is withdrawn: the band goes back to
/// what it hears and does not anticipate again until the chord changes. Allocation-free.
public struct ChordAnticipator: ~Copyable {
    /// What to play on one beat.
    public struct Decision: Sendable, Equatable {
        public var chord: ChordLabel
        /// The chord expected after it (for walking bass and voice leading).
        public var next: ChordLabel
        /// Beats until `next` is expected (1 = the following beat); at least 1.
        public var beatsUntilNext: Int
        /// True when `chord` is anticipated rather than heard.
        public var anticipated: Bool
    }

    public var memory: ChordMemory
    /// Beats an anticipated change may go unconfirmed before it is withdrawn.
    public var patienceBeats = 2
    /// Smallest corpus-model probability that is acted on before the song has repeated.
    public var modelConfidence = 0.5
    public private(set) var heard: ChordLabel = .noChord
    private var heardSince = 0
    private var anticipatedAt: Int?
    private var withdrawn = false

    public init(memoryCapacity: Int = 1024) {
        memory = ChordMemory(capacity: memoryCapacity)
    }

    public mutating func reset() {
        memory.reset()
        heard = .noChord
        heardSince = 0
        anticipatedAt = nil
        withdrawn = false
    }

    /// The tracker reports `chord` from beat `beat` on. The memory keeps chords reduced to their
    /// triad (a tracker hesitating between D and D7 is still playing D) and forgets a chord that
    /// lasted less than a beat (a blip at a change).
    public mutating func hear(_ chord: ChordLabel, fromBeat beat: Int) {
        guard chord != heard else { return }
        if memory.count > 0 && beat - memory.startBeat(memory.count - 1) < 1 { memory.removeLast() }
        heard = chord
        anticipatedAt = nil
        withdrawn = false
        if !chord.isNoChord { memory.record(Self.triad(chord), fromBeat: beat) }
        // A correction back to the chord before a blip continues that chord.
        let last = memory.count - 1
        heardSince = last >= 0 && memory[last] == Self.triad(chord) ? memory.startBeat(last) : beat
    }

    /// The chord reduced to major or minor triad (other qualities kept: dim, aug, sus).
    static func triad(_ chord: ChordLabel) -> ChordLabel {
        switch chord.quality {
        case .dominantSeventh, .majorSeventh: ChordLabel(root: chord.root, quality: .major)
        case .minorSeventh: ChordLabel(root: chord.root, quality: .minor)
        default: chord
        }
    }

    /// The chord for `beat`. `modelNext` is the corpus model's most likely successor of the heard
    /// chord with its probability (nil when there is no model).
    public mutating func decide(beat: Int, beatInBar: Int, modelNext: (chord: ChordLabel, probability: Double)?) -> Decision {
        let elapsed = beat - heardSince
        var expectedNext = heard
        var expectedDuration = Int.max
        var trusted = false
        if !heard.isNoChord, let expectation = memory.expectation() {
            expectedNext = expectation.next
            expectedDuration = max(1, expectation.durationBeats)
            trusted = true
        } else if !heard.isNoChord, let modelNext, let typical = memory.typicalDurationBeats() {
            expectedNext = modelNext.chord
            expectedDuration = typical
            trusted = modelNext.probability >= modelConfidence && beatInBar == 1
        }
        if let at = anticipatedAt, beat - at >= patienceBeats {
            anticipatedAt = nil
            withdrawn = true
        }
        if trusted && !withdrawn && elapsed >= expectedDuration && expectedNext != Self.triad(heard) {
            if anticipatedAt == nil { anticipatedAt = beat }
            return Decision(chord: expectedNext, next: expectedNext, beatsUntilNext: 1, anticipated: true)
        }
        let remaining = expectedDuration == Int.max ? 4 : max(1, expectedDuration - elapsed)
        return Decision(chord: heard, next: expectedNext, beatsUntilNext: remaining, anticipated: false)
    }
}
