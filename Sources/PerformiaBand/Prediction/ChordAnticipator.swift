import PerformiaAnalysis
import PerformiaMusic

/// Decides the chord the band plays on a beat it schedules ahead, so that changes land on the
/// beat where they happen instead of a beat later.
///
/// Nothing tells the band a change is coming before it sounds; it bets, as an accompanist
/// hearing a song for the first time does:
/// - **when**: the probability that the beat brings a change (`HarmonicRhythmTracker`: where
///   this performance's chords have moved in the bar, 76 % of the dev songs' downbeats change
///   and almost nothing else does);
/// - **to what** (the probability of the target given a change), the surest of
///   - the performance's own history (`ChordMemory`): what followed the longest earlier
///     passage ending in the heard chords (a variable-order match in the spirit of the
///     factor-oracle improvisers, Assayag & Dubnov 2004);
///   - what most often followed the heard chord in this performance;
///   - the corpus harmony model (`NextChordPredicting`).
///
///   Each source is trusted at its precision at this performance's changes so far (decayed
///   hits / tries, from `priorPrecision`); sources that agree count as independent chances.
///
/// It plays the change when P(change) × P(target | change) > 1 − P(change), the bet that is
/// right more often; a wrong bet costs the one beat, since the next one is decided from what is
/// heard. Allocation-free.
public struct ChordAnticipator: ~Copyable {
    /// What to play on one beat.
    public struct Decision: Sendable, Equatable {
        public var chord: ChordLabel
        /// The chord expected after it (for walking bass and voice leading).
        public var next: ChordLabel
        /// True when `chord` is anticipated rather than heard.
        public var anticipated: Bool

        public init(chord: ChordLabel, next: ChordLabel, anticipated: Bool) {
            self.chord = chord
            self.next = next
            self.anticipated = anticipated
        }
    }

    public var memory: ChordMemory
    public private(set) var heard: ChordLabel = .noChord
    /// The beat from which `heard` has sounded.
    public private(set) var heardSince = 0

    public init(memoryCapacity: Int = 1024) {
        memory = ChordMemory(capacity: memoryCapacity)
    }

    public mutating func reset() {
        memory.reset()
        heard = .noChord
        heardSince = 0
        predictions = PredictionRing()
        hits = SIMD4<Double>()
        tries = SIMD4<Double>()
        rehearsed = false
    }

    /// The chord heard from beat `beat` on. The memory keeps chords reduced to their triad (a
    /// tracker hesitating between D and D7 is still playing D) and forgets a chord that lasted
    /// less than a beat (a blip at a change, or a beat's first guess corrected).
    public mutating func hear(_ chord: ChordLabel, fromBeat beat: Int) {
        guard chord != heard else { return }
        if memory.count > 0 && beat - memory.startBeat(memory.count - 1) < 1 { memory.removeLast() }
        heard = chord
        if !chord.isNoChord { memory.record(chord.triad, fromBeat: beat) }
        // A correction back to the chord before a blip continues that chord.
        let last = memory.count - 1
        heardSince = last >= 0 && memory[last] == chord.triad ? memory.startBeat(last) : beat
    }

    /// The sources of a target, in the order `expectedChange` asks them.
    enum Source: Int {
        case memory, successor, model
    }

    /// What each source predicted for the beats recently decided (a ring by beat number), to
    /// score them once the beat is heard.
    private var predictions = PredictionRing()
    /// Decayed hits and tries of each source at heard changes: its precision in this performance.
    private var hits = SIMD4<Double>()
    private var tries = SIMD4<Double>()
    /// A source's precision before it has been tried, and the tries' worth of weight it has.
    public var priorPrecision = 0.4
    public var priorWeight = 2.0

    /// How often the corpus model's proposal has been right at this performance's changes.
    public var precisionOfModel: Double { precision(.model) }

    /// The memory's precision before it has been tried, once the song has been rehearsed.
    public var rehearsedPrecision = 0.8
    private var rehearsed = false

    /// The precision of `source` so far in this performance.
    func precision(_ source: Source) -> Double {
        let prior = rehearsed && source == .memory ? rehearsedPrecision : priorPrecision
        return (hits[source.rawValue] + priorWeight * prior) / (tries[source.rawValue] + priorWeight)
    }

    /// The song as rehearsed (an earlier take's chords, in order, with how many beats each
    /// lasted): it goes into the memory ahead of everything heard, so the band anticipates the
    /// changes from the first time through. Call before the performance (not real-time: the
    /// arrays are the caller's).
    public mutating func rehearse(_ chords: [ChordLabel], durationsBeats: [Int]) {
        precondition(chords.count == durationsBeats.count)
        var total = 0
        for d in durationsBeats { total += max(1, d) }
        // Rehearsed beats come before the performance's beat 0, with a gap no match spans.
        var beat = -total - 64
        for i in 0..<chords.count {
            if !chords[i].isNoChord { memory.record(chords[i].triad, fromBeat: beat) }
            beat += max(1, durationsBeats[i])
        }
        rehearsed = memory.count > 0
    }

    /// Beat `beat`, now heard, changed to `chord`: scores what each source had predicted for it.
    public mutating func heardChange(onBeat beat: Int, to chord: ChordLabel) {
        guard let predicted = predictions.entry(forBeat: beat) else { return }
        let actual = chord.triad
        for raw in 0..<3 {
            let source = Source(rawValue: raw)!
            guard let guess = predicted[source] else { continue }
            tries[source.rawValue] = tries[source.rawValue] * 0.95 + 1
            hits[source.rawValue] = hits[source.rawValue] * 0.95 + (guess.triad == actual ? 1 : 0)
        }
    }

    /// The most likely next chord if the heard one changes, with its probability given a change
    /// (the precision the source that proposes it has had so far); `modelNext` is the corpus
    /// model's view (nil without a model or key).
    public func expectedChange(modelNext: (chord: ChordLabel, probability: Double)?) -> (chord: ChordLabel, probability: Double)? {
        expectedChange(from: proposals(modelNext: modelNext))
    }

    private func expectedChange(from guesses: Proposals) -> (chord: ChordLabel, probability: Double)? {
        var best: (chord: ChordLabel, probability: Double)?
        for raw in 0..<3 {
            guard let guess = guesses[Source(rawValue: raw)!] else { continue }
            // Sources that agree: the chance that at least one of them is right.
            var miss = 1.0
            for other in 0..<3 {
                let source = Source(rawValue: other)!
                if let proposal = guesses[source], proposal.triad == guess.triad { miss *= 1 - precision(source) }
            }
            if 1 - miss > (best?.probability ?? 0) { best = (guess, 1 - miss) }
        }
        return best
    }

    /// Each source's proposal for the chord after the heard one (never the heard one).
    private func proposals(modelNext: (chord: ChordLabel, probability: Double)?) -> Proposals {
        var result = Proposals()
        guard !heard.isNoChord else { return result }
        let current = heard.triad
        if let expectation = memory.expectation(), expectation.next.triad != current {
            result[.memory] = expectation.next
        }
        if let successor = memory.mostFrequentSuccessor(of: current), successor.chord != current {
            result[.successor] = successor.chord
        }
        if let modelNext, modelNext.chord.triad != current { result[.model] = modelNext.chord }
        return result
    }

    /// The chord for beat `beat`, which brings a change with probability `changeProbability`.
    public mutating func decide(beat: Int, changeProbability: Double,
                                modelNext: (chord: ChordLabel, probability: Double)?) -> Decision {
        // The memory search is the costly part: once per beat.
        let guesses = proposals(modelNext: modelNext)
        predictions.store(guesses, forBeat: beat)
        guard let expected = expectedChange(from: guesses) else {
            return Decision(chord: heard, next: heard, anticipated: false)
        }
        if changeProbability * expected.probability > 1 - changeProbability {
            return Decision(chord: expected.chord, next: expected.chord, anticipated: true)
        }
        return Decision(chord: heard, next: expected.chord, anticipated: false)
    }
}

/// The next chord each source proposed for one beat.
struct Proposals {
    private var chords: (ChordLabel?, ChordLabel?, ChordLabel?) = (nil, nil, nil)

    subscript(source: ChordAnticipator.Source) -> ChordLabel? {
        get {
            switch source {
            case .memory: chords.0
            case .successor: chords.1
            case .model: chords.2
            }
        }
        set {
            switch source {
            case .memory: chords.0 = newValue
            case .successor: chords.1 = newValue
            case .model: chords.2 = newValue
            }
        }
    }
}

/// The last eight beats' `Proposals`, by beat number. Allocation-free.
struct PredictionRing {
    private var beats = SIMD8<Int>(repeating: Int.min)
    private var entries = (Proposals(), Proposals(), Proposals(), Proposals(),
                           Proposals(), Proposals(), Proposals(), Proposals())

    mutating func store(_ entry: Proposals, forBeat beat: Int) {
        let slot = (beat % 8 + 8) % 8
        beats[slot] = beat
        withUnsafeMutableBytes(of: &entries) { raw in
            raw.baseAddress!.assumingMemoryBound(to: Proposals.self)[slot] = entry
        }
    }

    func entry(forBeat beat: Int) -> Proposals? {
        let slot = (beat % 8 + 8) % 8
        guard beats[slot] == beat else { return nil }
        return withUnsafeBytes(of: entries) { raw in raw.baseAddress!.assumingMemoryBound(to: Proposals.self)[slot] }
    }
}
