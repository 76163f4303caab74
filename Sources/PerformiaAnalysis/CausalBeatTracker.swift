import PerformiaCore
import PerformiaMusic
import PerformiaNeural

/// Live beat tracking: the onset detector's novelty, normalised causally, drives the forward pass
/// of the Krebs–Böck–Widmer bar-pointer model (`BarPointerViterbi`, shared with the offline
/// `BeatTracker`); a beat is reported when the most likely state enters a beat (position 0) and
/// at least 60 % of its period has passed since the last one — the online decision of Böck,
/// Krebs & Widmer ("A multi-model approach to beat tracking considering heterogeneous music
/// styles", ISMIR 2014) without look-ahead. Tempo changes are followed within a few beats; a
/// pause keeps the last tempo, and the tracker re-locks when the playing resumes.
///
/// - Learned form (`beatModel`, a causal `BeatTCN`): a `BandSpectrumDetector` with the onset
///   detector's hop and window (its frame k is the onset frame k) feeds the streaming network
///   (`StreamingBeatTCN`, no look-ahead); its beat probability is the decoder's activation, and
///   each beat's bar evidence is the log-odds of its downbeat probability (the most over the
///   beat's frame and the 2 before it), credited to that beat as it is found. A beat is reported
///   only where the beat probability of those frames reaches `minimumBeatProbability`. The
///   novelty below is still kept, for the 6/8 accent and the dotted quarters' placement.
/// - Activation (signal form): full-band plus low-band flux, minus its mean over the past 0.5 s (clipped at
///   0), divided by the 95th percentile of the past 6 s (recomputed every 0.25 s) — the causal
///   form of `BeatActivation`.
/// - Bars (signal form): each beat's downbeat evidence — as `DownbeatTracker` computes it: the chroma change
///   from the previous beat plus half the low-band onset strength within ±3 frames of the beat,
///   each standardised (here by running means and variances) — is accumulated per position
///   modulo `beatsPerBar`, decaying over about 8 bars; the strongest position is beat 1.
/// - Meter (`detectsMeter`): 3 or 4 from that evidence (`LiveMeterDetector`), 6/8 from the accent
///   in the middle of a bar of three (`LiveCompoundDetector`), reported as dotted-quarter beats;
///   while the bars are compound the decoding is confined to within `compoundTempoWindow` of
///   the recent beat period, so the eighth-note level cannot take over. A 6/8 known beforehand
///   (`compound`, a chart's time signature) is counted so from the first bar: with its written
///   tempo (`expectedBPM`, dotted quarters a minute) the dotted quarters themselves are tracked,
///   confined to within `compoundTempoWindow` of that tempo and then of their recent average;
///   without it, three quarter beats a bar are tracked and reported as two dotted quarters,
///   confined from the first beat (a 6/8 whose first beats are tracked at another level is
///   then counted wrong: the written tempo is what tells the levels apart).
/// - Tempo and prediction: the beats' frames feed an α–β filter (a constant-tempo Kalman
///   filter in steady state; Kalata, "The tracking index", IEEE TAES 1984, β = α²/(2 − α)) whose
///   beat phase and period are fractional frames, where the decoder's own period is whole frames
///   (56, 57 or 58 frames at 104 BPM: 107.1, 105.3 or 103.4 BPM). On the steady demo the
///   reported tempo stays within 103.9–104.1 BPM and the predicted beats' spacing within
///   ±0.8 %. A beat off the prediction by more than `phaseResetRatio` of a period, or a decoder period more
///   than `tempoResetRatio` from the filter's, restarts the filter there (a new tempo, a re-lock).
/// - Output: one `BeatEvent` per beat, stamped at the beat's frame centre, with the filter's
///   period averaged over `tempoSmoothingBeats` as the tempo and its prediction of the next beat.
/// - Latency: the onset detector's, `frameSize/2 − 1` (1023 frames, 23 ms at 44.1 kHz): a beat
///   is reported on the frame that shows it. The same in the learned form: the band spectrum's
///   window is the onset detector's and the network looks 0 frames ahead.
/// - Real-time safe after `prepare` (both forms allocate nothing in `process`).
public final class CausalBeatTracker: Processor {
    /// Beats per bar as reported (2 for a 6/8 counted in dotted quarters).
    public let beatsPerBar: Int
    /// The bars are known to be 6/8: dotted quarters are reported from the first bar (tracked
    /// themselves around `expectedBPM`, or re-tapped from three tracked quarters without it);
    /// the meter is not looked for.
    public let compound: Bool
    /// Tracked beats per bar: three quarter beats in a known 6/8 without a written tempo, else
    /// `beatsPerBar`.
    private let trackedBeatsPerBar: Int
    /// A known 6/8's written tempo in dotted quarters a minute, if any: the dotted quarters are
    /// tracked around it.
    public let expectedBPM: Double?
    public let minimumBPM: Double
    public let maximumBPM: Double
    /// Tempo stiffness λ of the bar-pointer model (madmom's default 100; lower follows tempo
    /// changes sooner and wanders more on steady music).
    public let transitionLambda: Double
    /// Gain of the beat filter's phase correction α (its period gain is α²/(2 − α)). 0.5 keeps
    /// up with a player whose tempo wanders (the dev set's second takes: ±3 % a beat; the band's
    /// beat F there fell from 0.90 to 0.87 at 0.2) and still spaces the predicted beats of the
    /// steady demo within ±0.8 % (the decoder's whole frames: −2.2…+3.5 %); docs/decisions.md.
    public var phaseGain = 0.5
    /// Beats over which the reported tempo averages the filter's period (a one-pole smoother):
    /// the tempo a display or a tempo map shows, steadier than the beats the band plays on.
    public var tempoSmoothingBeats = 8.0
    /// A beat further than this share of a period from the filter's prediction restarts it.
    public var phaseResetRatio = 0.2
    /// A decoder period further than this ratio from the filter's restarts it (a tempo change).
    public var tempoResetRatio = 0.1

    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0
    /// Learned form: a beat is reported only where the network's beat probability of its frame
    /// or the 2 before reaches this (silence gives no beats). At 0.1 the causal model's low
    /// probabilities on a quiet waltz lost most of its beats (performer-alone set, band beat F
    /// 0.58; 0.59 at 0.02).
    public var minimumBeatProbability: Float = 0.02

    private let onsets = OnsetDetector()
    private var onsetEvents = EventBuffer<OnsetFrame>(capacity: 0)
    /// Learned form: the streaming network, its input spectrum, and the beat and downbeat
    /// probabilities of the last 3 frames (oldest first).
    private let network: StreamingBeatTCN?
    private let spectrum: BandSpectrumDetector?
    private var spectrumEvents = EventBuffer<BandSpectrumFrame>(capacity: 0)
    private var recentBeat = SIMD4<Float>()
    private var recentDownbeat = SIMD4<Float>()
    private var model: BarPointerViterbi?
    private var framesPerSecond = 100.0
    private var hopFrames = 441
    // Causal activation: rings of the past novelty.
    private var history: UnsafeMutablePointer<Float>?
    private var scratch: UnsafeMutablePointer<Float>?
    private var historyCount = 0
    private var historyCapacity = 0
    private var meanRing: UnsafeMutablePointer<Float>?
    private var meanCapacity = 0
    private var meanSum: Float = 0
    private var level: Float = 0
    private var frame = 0
    // Beats.
    private var lastBeatFrame = -1
    /// The beat filter's last beat and period, in fractional frames (period 0: not started),
    /// and the beats it has taken since it started.
    private var filteredBeatFrame = 0.0
    private var filteredPeriod = 0.0
    private var filteredBeats = 0
    /// The reported tempo's period, in fractional frames.
    private var reportedPeriod = 0.0
    private var beatCount = 0
    private var barEvidence: UnsafeMutablePointer<Float>?
    private var beatChroma = SIMD16<Float>()
    private var previousBeatChroma = SIMD16<Float>()
    private var beatLowFlux: Float = 0
    private var recentLowFlux = SIMD4<Float>()
    private var framesSinceBeat = 0
    private var changeStats = RunningStatistics()
    private var lowStats = RunningStatistics()
    /// Whether the meter (3 or 4 beats, 6/8 as two dotted quarters) is found from the playing;
    /// otherwise `beatsPerBar` is counted.
    public let detectsMeter: Bool
    private var meterDetector: LiveMeterDetector
    private var compoundDetector = LiveCompoundDetector()
    private var barStartBeat = -1
    private var barStartFrame = -1
    private var secondBeatFrame = -1
    private var lastEmittedIndex = -1
    private var lastEmittedTrackedBeat = -1
    /// While the bars are compound (or a known 6/8's dotted quarters are tracked), the tracked
    /// beat period in frames, averaged over about eight beats (0: not confined): the tracker
    /// keeps to within `compoundTempoWindow` of it.
    private var compoundInterval = 0.0
    /// How far (a ratio) the tempo may move from its recent average while the bars are
    /// compound: a 6/8 song's eighth notes (1.5 × its quarter pulse) are the level a tracker
    /// drifts to and counts no bar of three in; this keeps it at the quarter pulse where the
    /// dotted quarters are found, and lets it follow the player's tempo a little at a time.
    public var compoundTempoWindow = 1.25

    /// - Parameters:
    ///   - beatsPerBar: the meter to count in (4 for 4/4, 3 for 3/4, 2 for 6/8 counted in two).
    ///   - minimumBPM, maximumBPM: the tempo range followed.
    ///   - detectsMeter: find the meter from the playing, starting from `beatsPerBar` (3 or 4).
    ///   - compound: the meter is known to be 6/8 (`beatsPerBar` 2, `detectsMeter` false).
    ///   - expectedBPM: a known 6/8's written tempo (dotted quarters a minute); ignored outside
    ///     the tempo range.
    ///   - beatModel: a causal `BeatTCN` over `BandSpectrumDetector.bandCount` bands (the learned
    ///     form); nil: the signal form. Its streaming buffers are allocated here.
    public init(beatsPerBar: Int = 4, detectsMeter: Bool = false, compound: Bool = false, expectedBPM: Double? = nil,
                minimumBPM: Double = 55, maximumBPM: Double = 215, transitionLambda: Double = 100,
                beatModel: BeatTCN? = nil) {
        precondition(beatsPerBar >= 1 && minimumBPM > 0 && maximumBPM > minimumBPM)
        precondition(beatModel.map { $0.causal && $0.bandCount == BandSpectrumDetector.bandCount } ?? true,
                     "CausalBeatTracker needs a causal beat model over the band spectrum's bands")
        network = try? beatModel?.prepareStreaming()
        spectrum = beatModel == nil ? nil : BandSpectrumDetector()
        precondition(!detectsMeter || beatsPerBar == 3 || beatsPerBar == 4)
        precondition(!compound || (beatsPerBar == 2 && !detectsMeter))
        self.beatsPerBar = beatsPerBar
        self.compound = compound
        let expected = expectedBPM.flatMap { compound && (minimumBPM...maximumBPM).contains($0) ? $0 : nil }
        self.expectedBPM = expected
        trackedBeatsPerBar = compound && expected == nil ? 3 : beatsPerBar
        self.detectsMeter = detectsMeter
        meterDetector = LiveMeterDetector(beatsPerBar: beatsPerBar == 3 ? 3 : 4)
        self.transitionLambda = transitionLambda
        self.minimumBPM = minimumBPM
        self.maximumBPM = maximumBPM
    }

    /// Smallest onset level the activation is normalised by.
    static let minimumLevel: Float = 1e-3

    deinit { release() }

    public func prepare(_ spec: ProcessSpec) {
        release()
        onsets.prepare(spec)
        onsetEvents = EventBuffer<OnsetFrame>(capacity: onsets.maximumEventsPerBlock)
        hopFrames = onsets.hopFrames
        framesPerSecond = spec.sampleRate / Double(hopFrames)
        latencyFrames = onsets.latencyFrames
        maximumEventsPerBlock = onsets.maximumEventsPerBlock
        if let spectrum {
            spectrum.prepare(spec)
            precondition(spectrum.hopFrames == hopFrames && spectrum.frameSize == onsets.frameSize,
                         "the band spectrum's frames must be the onset detector's")
            spectrumEvents = EventBuffer<BandSpectrumFrame>(capacity: spectrum.maximumEventsPerBlock)
            latencyFrames = max(latencyFrames, spectrum.latencyFrames + network!.latencyFrames)
        }
        let minInterval = max(3, Int((60 * framesPerSecond / maximumBPM).rounded(.down)))
        let maxInterval = max(minInterval, Int((60 * framesPerSecond / minimumBPM).rounded(.up)))
        model = BarPointerViterbi(minimumInterval: minInterval, maximumInterval: maxInterval,
                                  transitionLambda: transitionLambda)
        historyCapacity = max(8, Int(6 * framesPerSecond))
        history = .allocate(capacity: historyCapacity)
        scratch = .allocate(capacity: historyCapacity)
        meanCapacity = max(1, Int(0.5 * framesPerSecond))
        meanRing = .allocate(capacity: meanCapacity)
        barEvidence = .allocate(capacity: trackedBeatsPerBar)
        reset()
    }

    public func reset() {
        onsets.reset()
        spectrum?.reset()
        network?.reset()
        recentBeat = SIMD4()
        recentDownbeat = SIMD4()
        model?.reset()
        historyCount = 0
        meanSum = 0
        if let meanRing { for i in 0..<meanCapacity { meanRing[i] = 0 } }
        level = 0
        frame = 0
        lastBeatFrame = -1
        filteredBeatFrame = 0
        filteredPeriod = 0
        filteredBeats = 0
        reportedPeriod = 0
        beatCount = 0
        if let barEvidence { for i in 0..<trackedBeatsPerBar { barEvidence[i] = 0 } }
        beatChroma = SIMD16()
        previousBeatChroma = SIMD16()
        beatLowFlux = 0
        recentLowFlux = SIMD4()
        framesSinceBeat = 0
        changeStats = RunningStatistics()
        lowStats = RunningStatistics()
        meterDetector.reset(beatsPerBar: beatsPerBar == 3 ? 3 : 4)
        compoundDetector.reset()
        barStartBeat = -1
        barStartFrame = -1
        secondBeatFrame = -1
        lastEmittedIndex = -1
        lastEmittedTrackedBeat = -1
        compoundInterval = expectedBPM.map { 60 * framesPerSecond / $0 } ?? 0
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<BeatEvent>) {
        onsetEvents.removeAll()
        onsets.process(block, events: &onsetEvents)
        guard let spectrum, let network else {
            for i in 0..<onsetEvents.count { step(onsetEvents[i], learned: nil, events: &events) }
            return
        }
        spectrumEvents.removeAll()
        spectrum.process(block, events: &spectrumEvents)
        // The same STFT frames: one spectrum frame for every onset frame.
        for i in 0..<min(onsetEvents.count, spectrumEvents.count) {
            let probabilities = withUnsafeBytes(of: spectrumEvents[i].lanes) { bytes in
                network.process(frame: bytes.baseAddress!.assumingMemoryBound(to: Float.self))
            }
            step(onsetEvents[i], learned: probabilities, events: &events)
        }
    }

    /// Nothing is held back: beats are reported as they are heard.
    public func finish(events: inout EventBuffer<BeatEvent>) {}

    /// One frame: `learned` holds the network's beat and downbeat probabilities of it (the
    /// learned form), nil in the signal form.
    private func step(_ onset: OnsetFrame, learned: (beat: Float, downbeat: Float)?, events: inout EventBuffer<BeatEvent>) {
        guard let model, let history, let meanRing, let barEvidence else { return }
        // Causal activation.
        let raw = onset.flux + onset.lowFlux
        let m = frame % meanCapacity
        meanSum += raw - meanRing[m]
        meanRing[m] = raw
        if m == meanCapacity - 1 {
            // Re-add the ring once per lap: the running sum drifts by rounding, and a drift below
            // zero made silence look like faint onsets (and, normalised, like beats).
            meanSum = 0
            for i in 0..<meanCapacity { meanSum += meanRing[i] }
        }
        let novelty = max(0, raw - meanSum / Float(min(frame + 1, meanCapacity)))
        history[frame % historyCapacity] = novelty
        historyCount = min(historyCount + 1, historyCapacity)
        if frame % max(1, Int(0.25 * framesPerSecond)) == 0 { level = percentile95() }
        // The level has a floor far below any music's (≈ 8 for a full mix): near-silence is not
        // stretched into beats.
        var activation = min(1, novelty / max(level, Self.minimumLevel))
        var beatHeard = activation > 0
        if let learned {
            activation = learned.beat
            recentBeat = SIMD4(recentBeat[1], recentBeat[2], learned.beat, 0)
            recentDownbeat = SIMD4(recentDownbeat[1], recentDownbeat[2], learned.downbeat, 0)
            beatHeard = recentBeat.max() >= minimumBeatProbability
        }
        model.step(activation: activation, backPointers: nil)
        let window = Int(compoundInterval / compoundTempoWindow)...Int(compoundInterval * compoundTempoWindow)
        if compoundInterval > 0 { model.confine(to: window) }

        beatChroma += onset.chroma
        // Low-band onset within ±3 frames of the last beat: the 3 frames before it (kept in
        // `recentLowFlux` when it was found) and the 3 after.
        if framesSinceBeat <= 3 { beatLowFlux = max(beatLowFlux, onset.lowFlux) }
        framesSinceBeat += 1
        let state = compoundInterval > 0 ? model.bestState(periods: window) : model.bestState()
        let interval = model.intervals[state.tempo]
        let sinceLast = lastBeatFrame < 0 ? Int.max : frame - lastBeatFrame
        if state.position == 0 && beatHeard && sinceLast >= interval * 6 / 10 && frame >= interval {
            // A beat the decoder skipped (a gap of about two periods) still counts in the bar.
            if lastBeatFrame >= 0 {
                beatCount += max(1, Int((Double(sinceLast) / Double(interval)).rounded())) - 1
            }
            let decay = Math.exp(-1 / Float(8 * trackedBeatsPerBar))
            if learned != nil {
                // The network's downbeat evidence is this beat's own.
                let p = min(max(recentDownbeat.max(), 1e-4), 1 - 1e-4)
                let evidence = Math.log(p / (1 - p))
                for q in 0..<trackedBeatsPerBar { barEvidence[q] *= decay }
                barEvidence[beatCount % trackedBeatsPerBar] += evidence
                if detectsMeter { meterDetector.add(evidence, beat: beatCount) }
            }
            // Signal form: the downbeat evidence of the beat that just ended is credited to its
            // bar position.
            let change = 1 - DownbeatTracker.chromaCosine(beatChroma, previousBeatChroma)
            let previousPosition = (beatCount + trackedBeatsPerBar - 1) % trackedBeatsPerBar
            if learned == nil && beatCount > 0 {
                changeStats.add(change)
                lowStats.add(beatLowFlux)
                for p in 0..<trackedBeatsPerBar { barEvidence[p] *= decay }
                let evidence = changeStats.standardised(change) + 0.5 * lowStats.standardised(beatLowFlux)
                barEvidence[previousPosition] += evidence
                if detectsMeter { meterDetector.add(evidence, beat: beatCount - 1) }
            }
            let meter = detectsMeter ? meterDetector.beatsPerBar : trackedBeatsPerBar
            var downbeat = 0
            if detectsMeter {
                downbeat = meterDetector.downbeatPhase
            } else {
                for p in 1..<max(1, trackedBeatsPerBar) where barEvidence[p] > barEvidence[downbeat] { downbeat = p }
            }
            let position = (beatCount - downbeat + meter * 1000) % meter
            let time = SampleTime(Double(onset.time))
            followBeat(atFrame: frame, interval: interval)
            let bpm = 60 * framesPerSecond / reportedPeriod
            // From this beat's stamp to the filter's beat, in samples.
            let phase = (filteredBeatFrame - Double(frame)) * Double(hopFrames)
            let period = filteredPeriod * Double(hopFrames)
            if detectsMeter && meter == 3 {
                // A bar of three tracked beats just ended (this beat is the next downbeat): its
                // middle against its beats 2 and 3.
                if position == 0 && barStartBeat == beatCount - 3 && barStartFrame >= 0 {
                    compoundDetector.addBar(middlePeak: noveltyPeak(around: (barStartFrame + frame) / 2).value,
                                            beatTwoPeak: noveltyPeak(around: secondBeatFrame).value,
                                            beatThreePeak: noveltyPeak(around: lastBeatFrame).value)
                }
            } else {
                compoundDetector.reset()
            }
            if position == 0 {
                barStartBeat = beatCount
                barStartFrame = frame
            }
            if position == 1 { secondBeatFrame = frame }
            if meter == 3 && retapsQuarters {
                // Dotted-quarter beats: the downbeat, and the bar's middle once its third beat is in.
                if position == 0 {
                    emit(time: time, trackedBeat: beatCount, beatInBar: 1, beatsPerBar: 2, bpm: bpm * 2 / 3,
                         framesToNextBeat: phase + 1.5 * period, into: &events)
                } else if position == 2 && lastBeatFrame >= 0 {
                    let middle = noveltyPeak(around: (lastBeatFrame + frame) / 2).frame
                    emit(time: time - SampleTime((frame - middle) * hopFrames), trackedBeat: beatCount, beatInBar: 2,
                         beatsPerBar: 2, bpm: bpm * 2 / 3, framesToNextBeat: 1.5 * period, into: &events)
                }
            } else {
                emit(time: time, trackedBeat: beatCount, beatInBar: position + 1, beatsPerBar: meter, bpm: bpm,
                     framesToNextBeat: phase + period, into: &events)
            }
            if (meter == 3 && retapsQuarters) || expectedBPM != nil {
                if compoundInterval == 0 {
                    compoundInterval = Double(interval)
                } else if interval > window.lowerBound && interval < window.upperBound {
                    // A beat at the window's edge is pulled by a better path outside it (the
                    // eighths): the average does not follow it there.
                    compoundInterval = 0.875 * compoundInterval + 0.125 * Double(interval)
                }
            } else {
                compoundInterval = 0
            }
            previousBeatChroma = beatChroma
            beatChroma = SIMD16()
            beatLowFlux = max(max(recentLowFlux[0], recentLowFlux[1]), max(recentLowFlux[2], onset.lowFlux))
            framesSinceBeat = 0
            lastBeatFrame = frame
            beatCount += 1
        }
        recentLowFlux = SIMD4(recentLowFlux[1], recentLowFlux[2], onset.lowFlux, 0)
        frame += 1
    }

    /// Feeds a beat found at `frame`, the decoder's period `interval` frames, to the α–β filter.
    /// The first beats after a start take the gains of a least-squares line through the beats so
    /// far, α = 2(2k − 1)/(k(k + 1)) and β = 6/(k(k + 1)) for the k-th beat, until they fall to
    /// the steady gains: the filter settles in a few beats from the decoder's whole-frame period.
    private func followBeat(atFrame frame: Int, interval: Int) {
        let observed = Double(frame)
        if filteredPeriod > 0 {
            let elapsed = max(1, ((observed - filteredBeatFrame) / filteredPeriod).rounded())
            let predicted = filteredBeatFrame + elapsed * filteredPeriod
            let error = observed - predicted
            if abs(error) <= phaseResetRatio * filteredPeriod
                && abs(Double(interval) - filteredPeriod) <= tempoResetRatio * filteredPeriod {
                filteredBeats += 1
                let k = Double(filteredBeats)
                let alpha = max(phaseGain, 2 * (2 * k - 1) / (k * (k + 1)))
                let beta = max(phaseGain * phaseGain / (2 - phaseGain), 6 / (k * (k + 1)))
                filteredBeatFrame = predicted + alpha * error
                filteredPeriod += beta * error / elapsed
                reportedPeriod += (filteredPeriod - reportedPeriod) / min(k, tempoSmoothingBeats)
                return
            }
        }
        filteredBeatFrame = observed
        filteredPeriod = Double(interval)
        reportedPeriod = filteredPeriod
        filteredBeats = 1
    }

    /// Reports a beat; its index continues the band's count (beats skipped included), in
    /// dotted quarters while the bars are compound (tracked quarters count two thirds of one;
    /// tracked dotted quarters one each).
    private func emit(time: SampleTime, trackedBeat: Int, beatInBar: Int, beatsPerBar meter: Int, bpm: Double,
                      framesToNextBeat: Double, into events: inout EventBuffer<BeatEvent>) {
        let tracked = trackedBeat - lastEmittedTrackedBeat
        let step = meter == 2 && retapsQuarters ? max(1, Int((Double(tracked) / 1.5).rounded())) : max(1, tracked)
        let index = lastEmittedIndex + step
        events.append(BeatEvent(time: time, index: index, beatInBar: beatInBar, beatsPerBar: meter, tempoBPM: bpm,
                                nextBeatTime: time + SampleTime(framesToNextBeat.rounded())))
        lastEmittedIndex = index
        lastEmittedTrackedBeat = trackedBeat
    }

    /// Whether the bars are 6/8 counted as three tracked quarters and re-tapped as two dotted
    /// quarters: known so without a written tempo, or found so live.
    private var retapsQuarters: Bool {
        compound ? expectedBPM == nil : detectsMeter && compoundDetector.isCompound
    }

    /// The novelty peak within ±3 frames of `centre` (a frame number still in the history), and
    /// its frame.
    private func noveltyPeak(around centre: Int) -> (value: Float, frame: Int) {
        guard let history else { return (0, centre) }
        var best: (value: Float, frame: Int) = (-1, centre)
        for f in (centre - 3)...(centre + 3) where f >= 0 && f <= frame && frame - f < historyCount {
            let v = history[f % historyCapacity]
            if v > best.value { best = (v, f) }
        }
        return (max(0, best.value), best.frame)
    }

    /// The 95th percentile of the novelty history (quickselect on a scratch copy; allocation-free).
    private func percentile95() -> Float {
        guard let history, let scratch, historyCount > 0 else { return 0 }
        for i in 0..<historyCount { scratch[i] = history[i] }
        let k = min(historyCount - 1, Int(Double(historyCount) * 0.95))
        var lo = 0
        var hi = historyCount - 1
        while lo < hi {
            let pivot = scratch[(lo + hi) / 2]
            var i = lo
            var j = hi
            while i <= j {
                while scratch[i] < pivot { i += 1 }
                while scratch[j] > pivot { j -= 1 }
                if i <= j {
                    let t = scratch[i]; scratch[i] = scratch[j]; scratch[j] = t
                    i += 1; j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return scratch[k]
    }

    private func release() {
        history?.deallocate(); scratch?.deallocate(); meanRing?.deallocate(); barEvidence?.deallocate()
        history = nil; scratch = nil; meanRing = nil; barEvidence = nil
        model = nil
    }
}

/// Mean and variance of a stream (Welford), for standardising features as they arrive.
struct RunningStatistics {
    private var count: Float = 0
    private var mean: Float = 0
    private var squares: Float = 0

    mutating func add(_ x: Float) {
        count += 1
        let delta = x - mean
        mean += delta / count
        squares += delta * (x - mean)
    }

    /// (x − mean) / standard deviation; 0 until two values are known.
    func standardised(_ x: Float) -> Float {
        guard count >= 2 else { return 0 }
        let deviation = (squares / (count - 1)).squareRoot()
        return deviation > 1e-9 ? (x - mean) / deviation : 0
    }
}
