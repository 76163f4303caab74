import PerformiaCore
import PerformiaMusic

/// The offline rhythm pipeline over a collected `OnsetSignal`: beat activation → tempo
/// (global and curve) → bar-pointer beat tracking within the tempo curve's range → beats outside
/// the music trimmed → beats on a swung off-beat moved to the beat → meter and downbeats → the
/// 3/4-or-6/8 check. Each stage is its own type; this one only wires them.
public struct RhythmAnalyzer: Sendable {
    public var tempoEstimator = TempoEstimator()
    public var beatTracker = BeatTracker()
    public var downbeatTracker = DownbeatTracker()
    public var compoundMeterDetector = CompoundMeterDetector()
    public var swingPhaseCorrector = SwingPhaseCorrector()
    /// Margin around the tempo curve's range that the beat tracker may use (0.2 = ±20 %).
    public var trackingMarginRatio = 0.2

    public init() {}

    public func analyze(_ signal: OnsetSignal) -> RhythmAnalysis {
        let fps = signal.framesPerSecond
        let novelty = BeatActivation.novelty(signal)
        let activation = BeatActivation.normalise(novelty, framesPerSecond: fps)
        let tempo = tempoEstimator.estimate(activation: activation, lowBandActivation: Self.lowBandActivation(signal),
                                            framesPerSecond: fps)
        let silent = (activation.max() ?? 0) <= 0
        guard !silent, !tempo.curve.isEmpty else {
            return RhythmAnalysis(tempo: TempoEstimate(globalBPM: tempo.globalBPM, curve: [], confidence: 0),
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

        var beats: [Beat] = []
        var bar = 0
        for (k, frame) in frames.enumerated() {
            let position = bars.beatInBar[k]
            if position == 1 { bar += 1 }
            beats.append(Beat(time: signal.time(ofFrame: Double(frame)), bar: bar, beatInBar: position))
        }
        let refined = Self.tempoFromBeats(frames, signal: signal, fallback: tempo)
        return RhythmAnalysis(tempo: refined, meter: bars.meter, beats: beats,
                              confidence: tempo.confidence * (0.5 + 0.5 * bars.confidence))
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

    /// Global tempo from the median inter-beat interval and a curve of local medians (9 beats),
    /// one point per beat — more precise than the autocorrelation once beats are known.
    static func tempoFromBeats(_ frames: [Int], signal: OnsetSignal, fallback: TempoEstimate) -> TempoEstimate {
        guard frames.count >= 3 else { return fallback }
        let fps = signal.framesPerSecond
        let intervals = (1..<frames.count).map { Double(frames[$0] - frames[$0 - 1]) }
        func median(_ x: [Double]) -> Double {
            let s = x.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        var curve: [TempoPoint] = []
        for i in 0..<intervals.count {
            let window = Array(intervals[max(0, i - 4)...min(intervals.count - 1, i + 4)])
            let centre = Double(frames[i] + frames[i + 1]) / 2
            curve.append(TempoPoint(seconds: signal.seconds(ofFrame: centre), bpm: 60 * fps / median(window)))
        }
        return TempoEstimate(globalBPM: 60 * fps / median(intervals), curve: curve, confidence: fallback.confidence)
    }
}
