import PerformiaCore
import PerformiaMusic

/// The offline rhythm pipeline over a collected `OnsetSignal`: beat activation → tempo
/// (global and curve) → bar-pointer beat tracking within the tempo curve's range → beats outside
/// the music trimmed → beats on a swung off-beat moved to the beat → meter and downbeats → the
/// 3/4-or-6/8 check; each beat is placed between frames at its novelty peak, and the tempo is
/// fitted to the beats. Audio whose activation has no periodicity (`TempoEstimate.pulseClarity`
/// below `minimumPulseClarity`: noise, silence, a drone) gets no beats and zero confidence. Each
/// stage is its own type; this one only wires them.
public struct RhythmAnalyzer: Sendable {
    public var tempoEstimator = TempoEstimator()
    public var beatTracker = BeatTracker()
    public var downbeatTracker = DownbeatTracker()
    public var compoundMeterDetector = CompoundMeterDetector()
    public var swingPhaseCorrector = SwingPhaseCorrector()
    /// Margin around the tempo curve's range that the beat tracker may use (0.2 = ±20 %).
    public var trackingMarginRatio = 0.2
    /// Below this pulse clarity the audio has no beat to track. Measured: white, pink and brown
    /// noise (8–60 s), 16-bit silence and amplitude-modulated noise 0.10–0.19; the 28 songs of
    /// the dev and held-out sets 0.50–0.95 (median 0.80); 0.3 lies between, nearer the noise.
    public var minimumPulseClarity = 0.3

    public init() {}

    public func analyze(_ signal: OnsetSignal) -> RhythmAnalysis {
        let fps = signal.framesPerSecond
        let novelty = BeatActivation.novelty(signal)
        let activation = BeatActivation.normalise(novelty, framesPerSecond: fps)
        let tempo = tempoEstimator.estimate(activation: activation, lowBandActivation: Self.lowBandActivation(signal),
                                            framesPerSecond: fps)
        let silent = (activation.max() ?? 0) <= 0
        guard !silent, !tempo.curve.isEmpty, tempo.pulseClarity >= minimumPulseClarity else {
            return RhythmAnalysis(tempo: TempoEstimate(globalBPM: tempo.globalBPM, curve: [], confidence: 0,
                                                       pulseClarity: tempo.pulseClarity),
                                  meter: Meter(beatsPerBar: 4, subdivision: 2), beats: [], confidence: 0)
        }
        let bpms = tempo.curve.map { $0.bpm } + [tempo.globalBPM]
        let low = max(tempoEstimator.minimumBPM, bpms.min()! * (1 - trackingMarginRatio))
        let high = min(tempoEstimator.maximumBPM, bpms.max()! * (1 + trackingMarginRatio))
        let tracked = beatTracker.track(activation: activation, framesPerSecond: fps,
                                       minimumBPM: low, maximumBPM: high)
        var frames = swingPhaseCorrector.correct(beats: Self.trimToMusic(tracked, novelty: novelty, fps: fps),
                                                 novelty: novelty)
        var bars = downbeatTracker.track(beats: frames, activation: activation, signal: signal)
        if bars.meter.beatsPerBar == 3,
           let compound = compoundMeterDetector.retap(beats: frames, beatInBar: bars.beatInBar,
                                                        novelty: novelty) {
            frames = compound.beats
            bars.beatInBar = compound.beatInBar
            bars.meter = Meter(beatsPerBar: 2, subdivision: 3)
        }

        let positions = Self.subFramePeaks(frames, novelty: novelty)
        var beats: [Beat] = []
        var bar = 0
        for (k, position) in positions.enumerated() {
            let beatInBar = bars.beatInBar[k]
            if beatInBar == 1 { bar += 1 }
            beats.append(Beat(time: signal.time(ofFrame: position), bar: bar, beatInBar: beatInBar))
        }
        let refined = Self.tempoFromBeats(positions.map { signal.seconds(ofFrame: $0) }, fallback: tempo)
        return RhythmAnalysis(tempo: refined, meter: bars.meter, beats: beats,
                              confidence: tempo.confidence * (0.5 + 0.5 * bars.confidence))
    }

    /// Tempo range of the learned path's beat decoding, in BPM (madmom's DBN uses 55…215; the
    /// training songs reach 230).
    public var learnedBPMRange = 55.0...230.0
    /// Below this mean beat probability at the decoded beats the learned path finds no beat.
    public var minimumLearnedBeatProbability: Float = 0.2

    /// The rhythm from a learned activation (`LearnedActivation`, Böck & Davies 2020): the
    /// bar-pointer beat tracker over the network's beat probability within `learnedBPMRange` —
    /// the tempo octave is whichever path the beat probabilities support, with no tempo prior —
    /// then meter and downbeats decoded from its downbeat probability on the beats
    /// (`DownbeatTracker.track(beats:downbeatActivation:activation:)`), the 3/4-or-6/8 check, and
    /// each beat placed between frames at its probability peak. The onset signal still gates
    /// noise (pulse clarity), trims beats to the music and gives the subdivision.
    public func analyze(_ signal: OnsetSignal, learned: LearnedActivation) -> RhythmAnalysis {
        let fps = signal.framesPerSecond
        let novelty = BeatActivation.novelty(signal)
        let activation = BeatActivation.normalise(novelty, framesPerSecond: fps)
        let tempo = tempoEstimator.estimate(activation: activation, lowBandActivation: Self.lowBandActivation(signal),
                                            framesPerSecond: fps)
        let none = RhythmAnalysis(tempo: TempoEstimate(globalBPM: tempo.globalBPM, curve: [], confidence: 0,
                                                       pulseClarity: tempo.pulseClarity),
                                  meter: Meter(beatsPerBar: 4, subdivision: 2), beats: [], confidence: 0)
        let count = min(signal.count, learned.beat.count, learned.downbeat.count)
        guard count > 0, (activation.max() ?? 0) > 0, tempo.pulseClarity >= minimumPulseClarity else { return none }
        let beatProbability = Array(learned.beat[..<count])
        let tracked = beatTracker.track(activation: beatProbability, framesPerSecond: fps,
                                        minimumBPM: learnedBPMRange.lowerBound, maximumBPM: learnedBPMRange.upperBound)
        var frames = Self.trimToMusic(tracked, novelty: novelty, fps: fps)
        guard !frames.isEmpty else { return none }
        let meanProbability = frames.reduce(Float(0)) { $0 + beatProbability[$1] } / Float(frames.count)
        guard meanProbability >= minimumLearnedBeatProbability else { return none }
        var bars = downbeatTracker.track(beats: frames, downbeatActivation: Array(learned.downbeat[..<count]),
                                         activation: activation, signal: signal)
        if bars.meter.beatsPerBar == 3,
           let compound = compoundMeterDetector.retap(beats: frames, beatInBar: bars.beatInBar, novelty: novelty) {
            frames = compound.beats
            bars.beatInBar = compound.beatInBar
            bars.meter = Meter(beatsPerBar: 2, subdivision: 3)
        }
        let positions = Self.subFramePeaks(frames, novelty: beatProbability)
        var beats: [Beat] = []
        var bar = 0
        for (k, position) in positions.enumerated() {
            if bars.beatInBar[k] == 1 { bar += 1 }
            beats.append(Beat(time: signal.time(ofFrame: position), bar: bar, beatInBar: bars.beatInBar[k]))
        }
        let refined = Self.tempoFromBeats(positions.map { signal.seconds(ofFrame: $0) },
                                          fallback: TempoEstimate(globalBPM: tempo.globalBPM, curve: tempo.curve,
                                                                  confidence: Double(meanProbability),
                                                                  pulseClarity: tempo.pulseClarity))
        return RhythmAnalysis(tempo: refined, meter: bars.meter, beats: beats,
                              confidence: Double(meanProbability) * (0.5 + 0.5 * bars.confidence))
    }

    /// The beat activation of the low band alone: octave evidence for the tempo estimator.
    public static func lowBandActivation(_ signal: OnsetSignal) -> [Float] {
        BeatActivation.normalise(BeatActivation.novelty(signal, fluxWeight: 0, lowFluxWeight: 1),
                                 framesPerSecond: signal.framesPerSecond)
    }

    /// Drops the beats the decoder places in the silence or ringing before the first and after
    /// the last clear onset (a lead-in, a reverb tail, a fade): a beat needs music around it.
    /// Interior pauses keep their beats — the pulse goes on through a stop-time bar.
    /// "Clear" is a novelty above `onsetShare` of the 95th percentile of the non-zero novelty.
    static func trimToMusic(_ beats: [Int], novelty: [Float], fps: Double, onsetShare: Float = 0.1) -> [Int] {
        var active = novelty.filter { $0 > 0 }
        guard !active.isEmpty, !beats.isEmpty else { return beats }
        active.sort()
        let threshold = onsetShare * active[Int(Double(active.count - 1) * 0.95)]
        guard let first = novelty.firstIndex(where: { $0 > threshold }),
              let last = novelty.lastIndex(where: { $0 > threshold }) else { return beats }
        let slack = Int(0.07 * fps)
        return beats.filter { $0 >= first - slack && $0 <= last + slack }
    }

    /// Each beat frame moved to the novelty peak within ±1 frame and then between frames by
    /// parabolic interpolation of that peak and its neighbours (the activation the tracker saw is
    /// clipped at 1, so its peaks are flat; the novelty's are not). A beat that is no peak (one
    /// placed through a pause) keeps its frame.
    static func subFramePeaks(_ frames: [Int], novelty: [Float]) -> [Double] {
        let n = novelty.count
        return frames.map { frame in
            guard frame > 0, frame < n - 1 else { return Double(frame) }
            var peak = frame
            for f in [frame - 1, frame + 1] where f > 0 && f < n - 1 && novelty[f] > novelty[peak] { peak = f }
            let a = Double(novelty[peak - 1]), b = Double(novelty[peak]), c = Double(novelty[peak + 1])
            guard b > 0, b >= a, b >= c, a - 2 * b + c < 0 else { return Double(frame) }
            return Double(peak) + 0.5 * (a - c) / (a - 2 * b + c)
        }
    }

    /// Beats in one least-squares period fit (`tempoFromBeats`).
    static let tempoFitBeats = 9

    /// The tempo fitted to the beats: each stretch of `tempoFitBeats` beats gets the
    /// least-squares slope of beat time against beat number (its period); the global tempo is
    /// the median of those periods (robust to a few misplaced beats and to tempo changes in a
    /// minority of the song), the curve one point per beat — the period of the stretch centred
    /// on it, median-filtered over the neighbouring stretches. Sub-frame beats and the fit make a
    /// steady song's tempo exact to a few hundredths of a BPM, where one frame (10 ms) is 1.7 % of a
    /// beat at 104 BPM.
    static func tempoFromBeats(_ seconds: [Double], fallback: TempoEstimate) -> TempoEstimate {
        guard seconds.count >= 3 else { return fallback }
        let half = tempoFitBeats / 2
        let periods = seconds.indices.map { k -> Double in
            let lo = max(0, min(k - half, seconds.count - tempoFitBeats)), hi = min(seconds.count, lo + tempoFitBeats)
            return leastSquaresSlope(seconds[lo..<hi])
        }
        var curve: [TempoPoint] = []
        for k in seconds.indices {
            let window = Array(periods[max(0, k - half)...min(periods.count - 1, k + half)])
            curve.append(TempoPoint(seconds: seconds[k], bpm: 60 / median(window)))
        }
        return TempoEstimate(globalBPM: 60 / median(periods), curve: curve, confidence: fallback.confidence,
                             pulseClarity: fallback.pulseClarity)
    }

    /// The least-squares slope of `y` against its index.
    static func leastSquaresSlope(_ y: ArraySlice<Double>) -> Double {
        let n = Double(y.count)
        let meanX = (n - 1) / 2
        let meanY = y.reduce(0, +) / n
        var numerator = 0.0, denominator = 0.0
        for (i, v) in y.enumerated() {
            numerator += (Double(i) - meanX) * (v - meanY)
            denominator += (Double(i) - meanX) * (Double(i) - meanX)
        }
        return numerator / denominator
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
