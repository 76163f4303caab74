import PerformiaCore

/// Live chord recognition: `NNLSChromaDetector` frames scored by the same `ChordModel` as the
/// offline `ChordRecognizer`, decoded by fixed-lag Viterbi (the online decoding of Rabiner's
/// HMM tutorial, 1989, with the decision for frame t − L taken at frame t): it needs no beat
/// grid, so it works from the first note, whatever the performer's timing.
///
/// - Output: a `ChordEvent` whenever the decided chord changes, stamped with the centre of the
///   first chroma frame of the new chord.
/// - Latency: the chroma window's half (`frameSize/2`) plus `lagFrames` hops — by default
///   186 + 186 ms = 372 ms at 44.1 kHz (341 ms at 48 kHz), one beat at 161 BPM;
///   `init(maximumTempoBPM:sampleRate:)` picks the lag for faster music.
/// - Silence: frames below `silenceRatio` × the recent peak level (decaying with a 10 s time
///   constant) are N.
/// - Real-time safe after `prepare`.
public final class CausalChordTracker: Processor {
    /// Chroma hops of look-ahead before a frame's chord is decided.
    public let lagFrames: Int
    public var model = ChordModel()
    /// Probability of a chord change per chroma frame.
    public var changePerFrame = 0.05
    public var silenceRatio: Float = 0.03

    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0

    private let chroma: NNLSChromaDetector
    private var chromaEvents = EventBuffer<ChromaFrame>(capacity: 0)
    private var emission: UnsafeMutablePointer<Float>?
    private var score: UnsafeMutablePointer<Float>?
    private var nextScore: UnsafeMutablePointer<Float>?
    /// Ring of `lagFrames + 1` rows of back-pointers and frame times.
    private var pointers: UnsafeMutablePointer<UInt8>?
    private var frameTimes: UnsafeMutablePointer<SampleTime>?
    private var pendingStates: UnsafeMutablePointer<Int>?
    private var framesSeen = 0
    private var current = -1
    private var peakLevel: Float = 0
    private var levelDecay: Float = 1

    /// - Parameter lagFrames: chroma hops (46 ms at 44.1 kHz) between a frame and its decision.
    public init(lagFrames: Int = 4) {
        precondition(lagFrames >= 0)
        self.lagFrames = lagFrames
        chroma = NNLSChromaDetector()
        // A frame is about a tenth of a beat's evidence: per-frame emissions are flatter than the
        // offline per-beat ones (the decoder sums them), and per-frame chroma is noisier, so a
        // flat N needs a small handicap.
        model.sharpness = 4
        model.noChordLogPrior = -1
    }

    /// The longest lag that keeps the declared latency within one beat at `maximumTempoBPM`
    /// (at least 1 hop).
    public convenience init(maximumTempoBPM: Double, sampleRate: Double) {
        let probe = NNLSChromaDetector()
        probe.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: 1, channelCount: 1))
        let beatFrames = 60 / maximumTempoBPM * sampleRate
        let lag = Int(((beatFrames - Double(probe.latencyFrames)) / Double(probe.hopFrames)).rounded(.down))
        self.init(lagFrames: max(1, lag))
    }

    deinit { release() }

    public var tuningCents: Double { chroma.tuningCents }

    public func prepare(_ spec: ProcessSpec) {
        release()
        chroma.prepare(spec)
        chromaEvents = EventBuffer<ChromaFrame>(capacity: chroma.maximumEventsPerBlock)
        latencyFrames = chroma.latencyFrames + lagFrames * chroma.hopFrames
        maximumEventsPerBlock = chroma.maximumEventsPerBlock + 1
        let states = ChordModel.stateCount
        emission = .allocate(capacity: states)
        score = .allocate(capacity: states)
        nextScore = .allocate(capacity: states)
        pointers = .allocate(capacity: states * (lagFrames + 1))
        frameTimes = .allocate(capacity: lagFrames + 1)
        pendingStates = .allocate(capacity: lagFrames + 1)
        levelDecay = Math.exp(-Float(chroma.hopFrames) / Float(spec.sampleRate * 10))
        reset()
    }

    public func reset() {
        chroma.reset()
        framesSeen = 0
        current = -1

        peakLevel = 0
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<ChordEvent>) {
        chromaEvents.removeAll()
        chroma.process(block, events: &chromaEvents)
        for i in 0..<chromaEvents.count { step(chromaEvents[i], events: &events) }
    }

    /// `process`, also appending the block's chroma frames to `frames` (capacity
    /// `maximumChromaFramesPerBlock`) for a consumer of the same chroma.
    public func process(_ block: AudioBlock, events: inout EventBuffer<ChordEvent>, chroma frames: inout EventBuffer<ChromaFrame>) {
        process(block, events: &events)
        for i in 0..<chromaEvents.count { frames.append(chromaEvents[i]) }
    }

    /// The most chroma frames one block yields.
    public var maximumChromaFramesPerBlock: Int { chroma.maximumEventsPerBlock }
    /// The chroma window, in frames.
    public var chromaWindowFrames: Int { chroma.frameSize }

    /// Live use never calls this; offline, the last `lagFrames` frames are decided from the
    /// final scores.
    public func finish(events: inout EventBuffer<ChordEvent>) {
        guard let score, let pointers, let frameTimes, let pendingStates, framesSeen > 0 else { return }
        let states = ChordModel.stateCount
        let pending = min(lagFrames, framesSeen)
        // Backtrack from the best final state over the undecided frames, then emit in time order.
        var state = 0
        for s in 1..<states where score[s] > score[state] { state = s }
        for back in 0..<pending {
            pendingStates[pending - 1 - back] = state
            let r = (framesSeen - 1 - back) % (lagFrames + 1)
            state = Int(pointers[r * states + state])
        }
        for i in 0..<pending {
            let frame = framesSeen - pending + i
            let s = pendingStates[i]
            if s != current {
                current = s
                events.append(ChordEvent(time: frameTimes[frame % (lagFrames + 1)], chord: ChordModel.label(ofState: s),
                                         confidence: posteriorShare(of: s)))
            }
        }
    }

    private func step(_ frame: ChromaFrame, events: inout EventBuffer<ChordEvent>) {
        guard let emission, let score, let nextScore, let pointers, let frameTimes else { return }
        let states = ChordModel.stateCount
        peakLevel = max(frame.level, peakLevel * levelDecay)
        if frame.level <= peakLevel * silenceRatio || frame.level <= 0 {
            for s in 0..<states { emission[s] = s == 0 ? 0 : -1e4 }
        } else {
            model.logLikelihoods(bass: frame.bass, treble: frame.treble, into: emission)

        }
        let row = framesSeen % (lagFrames + 1)
        frameTimes[row] = frame.time
        if framesSeen == 0 {
            for s in 0..<states {
                score[s] = emission[s]
                pointers[row * states + s] = UInt8(s)
            }
        } else {
            let stay = Math.log(Float(1 - changePerFrame))
            let jump = Math.log(Float(changePerFrame / Double(states - 1)))
            var best = 0
            for s in 1..<states where score[s] > score[best] { best = s }
            var top: Float = -.infinity
            for s in 0..<states {
                let fromSelf = score[s] + stay
                let fromBest = score[best] + jump
                let fromOther = fromSelf >= fromBest || s == best
                nextScore[s] = (fromOther ? fromSelf : fromBest) + emission[s]
                pointers[row * states + s] = UInt8(fromOther ? s : best)
                top = max(top, nextScore[s])
            }
            for s in 0..<states { score[s] = nextScore[s] - top }
        }
        framesSeen += 1
        guard framesSeen > lagFrames else { return }
        // Decide frame framesSeen − 1 − lagFrames by backtracking from the best current state.
        var state = 0
        for s in 1..<states where score[s] > score[state] { state = s }
        for back in 0..<lagFrames {
            let r = (framesSeen - 1 - back) % (lagFrames + 1)
            state = Int(pointers[r * states + state])
        }
        if state != current {
            current = state
            let decidedRow = (framesSeen - 1 - lagFrames) % (lagFrames + 1)
            events.append(ChordEvent(time: frameTimes[decidedRow], chord: ChordModel.label(ofState: state),
                                     confidence: posteriorShare(of: state)))
        }
    }

    private func posteriorShare(of state: Int) -> Float {
        guard let score else { return 0 }
        var total: Float = 0
        for s in 0..<ChordModel.stateCount { total += Math.exp(score[s]) }
        return total > 0 ? Math.exp(score[state]) / total : 0
    }

    private func release() {
        emission?.deallocate(); score?.deallocate(); nextScore?.deallocate()
        pointers?.deallocate(); frameTimes?.deallocate(); pendingStates?.deallocate()
        emission = nil; score = nil; nextScore = nil; pointers = nil; frameTimes = nil; pendingStates = nil
    }
}
