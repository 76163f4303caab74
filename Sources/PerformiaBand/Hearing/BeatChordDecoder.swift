import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic

/// The band's ears for harmony: a beat-synchronous causal chord decoder on the band's own beat
/// grid. It keeps the recent `NNLSChromaDetector` frames and, when the band decides a beat,
/// says which chord the beat now sounding is: the offline recogniser's model (`ChordModel`
/// scores of the mean chroma, the caller's probability of a change on the beat) filtered forward over beats
/// (the forward half of Rabiner's HMM decoding, 1989) — one decision per beat, no flicker
/// between beats, and a change is known as soon as a few frames of the new beat are in, instead
/// of after the frame tracker's fixed lag.
///
/// - Frames: a frame centred less than `edgeGuardFrames` after a beat starts is left out of that
///   beat (its window still hears the previous one); by default a quarter of the chroma window.
/// - Silence: beats quieter than `silenceRatio` × the recent peak level are N.
/// - Latency: none of its own; a beat's chord is known from the first frame centred
///   `edgeGuardFrames` into it, i.e. half a chroma window + the guard after the beat
///   (170 + 85 ms at 48 kHz).
/// - Real-time safe: storage for `frameCapacity` frames is allocated in `init`.
public struct BeatChordDecoder: ~Copyable {
    public var model = ChordModel()
    private let offlineModel = ChordModel()
    public var silenceRatio: Float = 0.03
    /// The model's sharpness per frame heard: a beat's evidence grows with its frames, as in the
    /// frame tracker, which sums per-frame scores of sharpness 4.
    public var frameSharpness: Float = 4
    public var edgeGuardFrames: SampleTime
    public let frameCapacity: Int

    private let times: UnsafeMutablePointer<SampleTime>
    private let bass: UnsafeMutablePointer<SIMD16<Float>>
    private let treble: UnsafeMutablePointer<SIMD16<Float>>
    private let levels: UnsafeMutablePointer<Float>
    private var frameCount = 0
    private var newest = -1
    /// Log scores (max-normalised) of the last completed beat; `hasHistory` false before one.
    private let filtered: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    private let emission: UnsafeMutablePointer<Float>
    /// Log probability of each state as the target of a change, from `corpusPrior` and
    /// `songCounts` (see `updateTargetPrior`).
    private let targetLogPrior: UnsafeMutablePointer<Float>
    /// How common each chord is in the key (the corpus model; 0 everywhere: no key known).
    private let corpusPrior: UnsafeMutablePointer<Double>
    /// Beats of each chord decoded (or rehearsed) in this song.
    private let songCounts: UnsafeMutablePointer<Double>
    private var songTotal = 0.0
    private var hasKeyPrior = false
    /// Share of the change targets spread evenly (the rest: corpus and song).
    public var uniformTargetShare = 0.2
    /// Beats of the song after which its own chords weigh as much as the corpus.
    public var songVocabularyBeats = 16.0
    /// The chord a sheet the performer is following says comes next (N: none): the likelier
    /// target of a change, by `expectedTargetShare` of the change's probability — score-informed
    /// hearing, as a musician reading a chart hears the change it expects sooner.
    public var expectedChange = ChordLabel.noChord
    public var expectedTargetShare: Float = 0.8
    private var hasHistory = false
    /// True when the last beat decoded was quiet (below `silenceRatio` of the recent peak) or had
    /// no frame: an N decided then is silence, not a beat whose harmony was unclear.
    public private(set) var lastBeatQuiet = true

    /// - Parameters:
    ///   - edgeGuardFrames: see above; `chromaWindowFrames / 4` is the default choice.
    ///   - frameCapacity: frames kept (256 hops of 2048 frames ≈ 11 s at 48 kHz: beats down to 6 BPM).
    public init(edgeGuardFrames: SampleTime, frameCapacity: Int = 256) {
        precondition(frameCapacity > 0 && edgeGuardFrames >= 0)
        self.edgeGuardFrames = edgeGuardFrames
        self.frameCapacity = frameCapacity
        times = .allocate(capacity: frameCapacity)
        bass = .allocate(capacity: frameCapacity)
        treble = .allocate(capacity: frameCapacity)
        levels = .allocate(capacity: frameCapacity)
        filtered = .allocate(capacity: ChordModel.stateCount)
        scratch = .allocate(capacity: ChordModel.stateCount)
        emission = .allocate(capacity: ChordModel.stateCount)
        targetLogPrior = .allocate(capacity: ChordModel.stateCount)
        corpusPrior = .allocate(capacity: ChordModel.stateCount)
        songCounts = .allocate(capacity: ChordModel.stateCount)
        clearSongVocabulary()
        setKeyPrior { _ in 0 }
    }

    deinit {
        times.deallocate(); bass.deallocate(); treble.deallocate(); levels.deallocate()
        filtered.deallocate(); scratch.deallocate(); emission.deallocate()
        targetLogPrior.deallocate(); corpusPrior.deallocate(); songCounts.deallocate()
    }

    /// How common each chord is in the key the song is in: `probability(chord)`, for instance
    /// the corpus harmony model's unigram (0 everywhere: no key known). Allocation-free.
    public mutating func setKeyPrior(_ probability: (ChordLabel) -> Double) {
        var total = 0.0
        for s in 1..<ChordModel.stateCount {
            corpusPrior[s] = max(0, probability(ChordModel.label(ofState: s)))
            total += corpusPrior[s]
        }
        for s in 1..<ChordModel.stateCount { corpusPrior[s] = total > 0 ? corpusPrior[s] / total : 0 }
        hasKeyPrior = total > 0
        updateTargetPrior()
    }

    /// `beats` beats of `chord` in this song, before it is heard (a rehearsal).
    public mutating func addToSongVocabulary(_ chord: ChordLabel, beats: Int) {
        guard !chord.isNoChord, beats > 0 else { return }
        songCounts[ChordModel.state(of: chord)] += Double(beats)
        songTotal += Double(beats)
        updateTargetPrior()
    }

    /// Forgets the song's chords (a new song).
    public mutating func clearSongVocabulary() {
        for s in 0..<ChordModel.stateCount { songCounts[s] = 0 }
        songTotal = 0
        updateTargetPrior()
    }

    /// The target of a change: `uniformTargetShare` spread evenly; the rest split between the
    /// song's own chords (their share growing as the song goes on, half at
    /// `songVocabularyBeats`) and the key's corpus prior — a cache model over the corpus one
    /// (Kuhn & De Mori, "A cache-based natural language model", 1990): songs reuse few chords.
    private mutating func updateTargetPrior() {
        let count = Double(ChordModel.stateCount - 1)
        let hasKey = hasKeyPrior
        var songShare = songTotal / (songTotal + songVocabularyBeats)
        if !hasKey && songTotal > 0 { songShare = 1 }
        let modelShare = hasKey || songTotal > 0 ? 1 - uniformTargetShare : 0
        for s in 1..<ChordModel.stateCount {
            let song = songTotal > 0 ? songCounts[s] / songTotal : 0
            let p = modelShare * (songShare * song + (1 - songShare) * corpusPrior[s])
            targetLogPrior[s] = Float(Math.log(p + (1 - modelShare) / count))
        }
        targetLogPrior[0] = Float(Math.log(1 / count))
    }

    /// Forgets the harmony so far (the frames stay): after a rest the band starts afresh.
    public mutating func forgetHistory() {
        hasHistory = false
    }

    public mutating func reset() {
        frameCount = 0
        newest = -1
        hasHistory = false
    }

    /// A chroma frame, in time order.
    public mutating func add(_ frame: ChromaFrame) {
        newest = (newest + 1) % frameCapacity
        frameCount = min(frameCount + 1, frameCapacity)
        times[newest] = frame.time
        bass[newest] = frame.bass
        treble[newest] = frame.treble
        levels[newest] = frame.level
    }

    /// The beat from `start` to `end` is over and all its frames are in: its chord, which the
    /// decoder now remembers as the context of the next beat.
    public mutating func completeBeat(start: SampleTime, end: SampleTime, changeProbability: Double) -> ChordLabel {
        let state = decode(start: start, end: end, changeProbability: changeProbability)
        for s in 0..<ChordModel.stateCount { filtered[s] = scratch[s] }
        hasHistory = true
        if state != 0 { addToSongVocabulary(ChordModel.label(ofState: state), beats: 1) }
        return ChordModel.label(ofState: state)
    }

    /// The chord of the beat that started at `start` and is still sounding, from the frames heard
    /// so far; nil when none of its frames is in yet.
    public mutating func currentChord(start: SampleTime, changeProbability: Double) -> ChordLabel? {
        guard frameCount > 0, times[newest] >= start + edgeGuardFrames else { return nil }
        return ChordModel.label(ofState: decode(start: start, end: .max, changeProbability: changeProbability))
    }

    /// Scores every state for the beat [start, end) into `scratch` (history + change prior +
    /// emission, max-normalised) and returns the best.
    private mutating func decode(start: SampleTime, end: SampleTime, changeProbability: Double) -> Int {
        let states = ChordModel.stateCount
        observe(start: start, end: end)
        if hasHistory {
            let change = min(0.95, max(0.01, changeProbability))
            let stay = Float(Math.log(1 - change))
            let jump = Float(Math.log(change))
            var best = 0
            for s in 1..<states where filtered[s] > filtered[best] { best = s }
            let expected = expectedChange.isNoChord ? -1 : ChordModel.state(of: expectedChange)
            let others = expected < 0 ? 0 : Math.log(1 - expectedTargetShare)
            for s in 0..<states {
                let target = s == expected
                    ? Math.log((1 - expectedTargetShare) * Math.exp(targetLogPrior[s]) + expectedTargetShare)
                    : targetLogPrior[s] + others
                scratch[s] = max(filtered[s] + stay, filtered[best] + jump + target) + emission[s]
            }
        } else {
            for s in 0..<states { scratch[s] = emission[s] }
        }
        var top = 0
        for s in 1..<states where scratch[s] > scratch[top] { top = s }
        let peak = scratch[top]
        for s in 0..<states { scratch[s] -= peak }
        return top
    }

    /// The emission of the mean chroma of the frames centred in [start + guard, end) into
    /// `emission`; flat when there are none.
    private mutating func observe(start: SampleTime, end: SampleTime) {
        var meanBass = SIMD16<Float>()
        var meanTreble = SIMD16<Float>()
        var level: Float = 0
        var count = 0
        var i = newest
        var seen = 0
        while seen < frameCount {
            let t = times[i]
            if t < start + edgeGuardFrames { break }
            if t < end {
                meanBass += bass[i]
                meanTreble += treble[i]
                level += levels[i]
                count += 1
            }
            i = (i - 1 + frameCapacity) % frameCapacity
            seen += 1
        }
        // The recent peak: the loudest frame kept.
        var peak: Float = 0
        for j in 0..<frameCount { peak = max(peak, levels[j]) }
        let states = ChordModel.stateCount
        guard count > 0 else {
            lastBeatQuiet = true
            for s in 0..<states { emission[s] = 0 }
            return
        }
        let scale = 1 / Float(count)
        lastBeatQuiet = level * scale <= peak * silenceRatio || level <= 0
        if lastBeatQuiet {
            for s in 0..<states { emission[s] = s == 0 ? 0 : -1e4 }
        } else {
            model.sharpness = frameSharpness * Float(count)
            // The offline recogniser's balance of evidence and prior for the rare qualities (dim,
            // aug, sus) at its sharpness, kept whatever the number of frames.
            model.rareQualityLogPrior = offlineModel.rareQualityLogPrior * model.sharpness / offlineModel.sharpness
            model.logLikelihoods(bass: meanBass * scale, treble: meanTreble * scale, into: emission)
        }
    }
}
