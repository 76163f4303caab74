import PerformiaCore
import PerformiaDSP

/// Streaming fundamental-frequency candidates of a monophonic lead voice: stage 1 of pYIN
/// (M. Mauch & S. Dixon, "pYIN: a fundamental frequency estimator using probabilistic threshold
/// distributions", ICASSP 2014), built on YIN (A. de Cheveigné & H. Kawahara, "YIN, a fundamental
/// frequency estimator for speech and music", JASA 2002).
///
/// Per frame: the YIN difference function with a fixed integration window, computed through the
/// FFT (`RealFFT`); its cumulative-mean-normalised form d′(τ); then, instead of YIN's single
/// threshold, a prior over 100 thresholds (0.01…1.00, a beta distribution with α = 2 and mean
/// `thresholdPriorMean`). Each threshold picks YIN's answer, the first trough of d′ below it; a
/// trough's probability is the prior mass of the thresholds that pick it. Thresholds below every
/// trough give their mass, times p_a = 0.01, to the deepest trough. Troughs are refined by
/// parabolic interpolation. `MelodyTranscriber` (stage 2 and the notes) consumes the frames.
///
/// The prior's mean is 0.30, the highest of the pYIN implementation's beta priors (the paper's
/// default is 0.15): the Song Map analyses mixes, where the accompaniment makes the voice's
/// troughs shallower. On the eval's isolated vocals 0.15 and 0.30 score the same; on the mixes
/// 0.30 finds more of the voice (docs: see the melody eval figures in the report).
///
/// - Input: any channel count (mixed to mono), any sample rate ≥ 8 kHz. The mono signal is
///   low-passed (4th-order Butterworth at 0.35 × the analysis rate, two `Biquad`s) and decimated
///   by `decimation` = ⌊sampleRate / 11025⌋, to `analysisSampleRate` (11025 Hz from 44.1 kHz,
///   12 kHz from 48 kHz): harmonics up to ~4 kHz are all YIN needs for a voice's fundamental.
///   A 2nd-order high-pass at `highPassHz` (80 Hz) then removes what lies below the range.
/// - Range: `minimumHz`…`maximumHz` (80…1000 Hz, MIDI 39.5…83.2), a lead voice or melody
///   instrument.
/// - Frames: the paper's timing at any rate — hop ≈ 5.8 ms (`hopFrames` = 256 at 44.1 kHz),
///   integration window W ≈ 23.2 ms (1024 samples at 44.1 kHz); a frame spans W + the longest lag
///   + 1 analysis samples (`frameSize`, 395 at 44.1 kHz ≈ 35.8 ms).
/// - Time stamps: frame k covers analysis samples `[k·hop, k·hop + frameSize)` (analysis sample m
///   is input frame m·decimation). The difference at lag τ weighs the samples `[0, W + τ)`
///   symmetrically, so its centre is (W + τ)/2: the frame is stamped at `stampOffset` = (W + τ₀)/2
///   after its start, τ₀ the lag of the range's geometric centre (283 Hz), i.e. at
///   `(k·hop + stampOffset)·decimation`; a candidate's own centre is within 4.5 ms of it.
/// - Latency: `(frameSize − 1 − stampOffset)·decimation` frames, 988 at 44.1 kHz (22.4 ms); the
///   filters add a group delay, not compensated: 0.1 ms (low-pass) plus 2.8 ms at 80 Hz, 1 ms at
///   150 Hz and < 0.5 ms above 200 Hz (high-pass) — within a frame hop.
/// - Causal; real-time safe after `prepare` (no allocation, locks or I/O in `process`; verified by
///   `ProcessorVerifier`). Frames of digital silence carry no candidates.
public final class PitchTracker: Processor {
    /// Lowest fundamental searched, in Hz.
    public static let minimumHz = 80.0
    /// Highest fundamental searched, in Hz.
    public static let maximumHz = 1000.0
    /// The decimated analysis rate aimed at, in Hz: the input is decimated by ⌊rate / this⌋.
    public static let targetAnalysisRateHz = 11025.0
    /// Hop between frames, in seconds (pYIN's 256 samples at 44.1 kHz).
    public static let hopSeconds = 256.0 / 44100.0
    /// YIN integration window, in seconds (pYIN's 1024 samples at 44.1 kHz).
    public static let integrationSeconds = 1024.0 / 44100.0
    /// Mean of the beta prior over thresholds, in (0, 1); set before `prepare`. 0.3 (see above);
    /// 0.15 is the paper's default for clean monophonic recordings.
    public var thresholdPriorMean = 0.3
    /// α of the beta prior over thresholds (the paper's 2).
    public static let thresholdPriorAlpha = 2.0
    /// p_a: the weight given to the deepest trough for thresholds below every trough.
    public static let globalMinimumWeight: Float = 0.01

    private static let thresholdCount = 100
    /// Frames whose mean square is below this (−100 dBFS) are treated as silence.
    private static let silenceMeanSquare: Float = 1e-10

    public private(set) var decimation = 1
    public private(set) var analysisSampleRate = 0.0
    /// Input frames between frame starts.
    public private(set) var hopFrames = 0
    /// Analysis samples per frame (W + the longest lag + 1).
    public private(set) var frameSize = 0
    /// The YIN integration window W, in analysis samples.
    public private(set) var integrationFrames = 0
    /// Analysis samples from a frame's start to its time stamp, (W + τ₀)/2.
    public private(set) var stampOffset = 0
    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0

    private var hop = 0
    private var minimumLag = 0
    private var maximumLag = 0
    private var fftSize = 0
    private var channelCount = 1
    private var fft: RealFFT?
    private var history: UnsafeMutablePointer<Float>?
    private var buffer: UnsafeMutablePointer<Float>?
    private var real: UnsafeMutablePointer<Float>?
    private var imaginary: UnsafeMutablePointer<Float>?
    private var kernelReal: UnsafeMutablePointer<Float>?
    private var kernelImaginary: UnsafeMutablePointer<Float>?
    private var difference: UnsafeMutablePointer<Float>?
    private var troughLag: UnsafeMutablePointer<Int32>?
    private var troughProbability: UnsafeMutablePointer<Float>?
    /// `thresholdTail[k]`: prior mass of the thresholds above k/100, k = 0…100.
    private var thresholdTail: UnsafeMutablePointer<Float>?
    private var lowPass1 = Biquad(.lowPass, cutoffHz: 1000, sampleRate: 44100)
    private var lowPass2 = Biquad(.lowPass, cutoffHz: 1000, sampleRate: 44100)
    private var highPass = Biquad(.highPass, cutoffHz: 80, sampleRate: 44100)
    private var highPassActive = false
    private var filled = 0
    private var phase = 0
    private var frameIndex = 0

    /// Corner of the 2nd-order Butterworth high-pass applied to the analysis signal, in Hz
    /// (0: none); set before `prepare`. By default `minimumHz`: what lies below the lowest
    /// fundamental searched (a bass line, a kick drum) can only mislead the difference function.
    public var highPassHz = PitchTracker.minimumHz

    public init() {}

    deinit { release() }

    public func prepare(_ spec: ProcessSpec) {
        release()
        channelCount = spec.channelCount
        decimation = max(1, Int(spec.sampleRate / Self.targetAnalysisRateHz))
        let rate = spec.sampleRate / Double(decimation)
        analysisSampleRate = rate
        hop = max(1, Int((rate * Self.hopSeconds).rounded()))
        hopFrames = hop * decimation
        integrationFrames = Int((rate * Self.integrationSeconds).rounded())
        minimumLag = max(2, Int(rate / Self.maximumHz))
        maximumLag = Int((rate / Self.minimumHz).rounded(.up))
        precondition(integrationFrames > maximumLag, "PitchTracker needs a sample rate of at least 8 kHz")
        frameSize = integrationFrames + maximumLag + 1
        let centreLag = Int((rate / (Self.minimumHz * Self.maximumHz).squareRoot()).rounded())
        stampOffset = (integrationFrames + centreLag) / 2
        var size = 16
        while size < frameSize { size *= 2 }
        fftSize = size
        latencyFrames = (frameSize - 1 - stampOffset) * decimation
        maximumEventsPerBlock = spec.maximumBlockFrames / hopFrames + 2
        if decimation > 1 {
            // 4th-order Butterworth: two sections with Q = 1/(2 cos(π/8)) and 1/(2 cos(3π/8)).
            let cutoff = 0.35 * rate
            lowPass1 = Biquad(.lowPass, cutoffHz: cutoff, q: 0.5411961001461969, sampleRate: spec.sampleRate)
            lowPass2 = Biquad(.lowPass, cutoffHz: cutoff, q: 1.3065629648763766, sampleRate: spec.sampleRate)
        }
        highPassActive = highPassHz > 0
        if highPassActive { highPass = Biquad(.highPass, cutoffHz: highPassHz, sampleRate: rate) }
        fft = RealFFT(size: fftSize)
        history = .allocate(capacity: frameSize)
        history?.initialize(repeating: 0, count: frameSize)
        buffer = .allocate(capacity: fftSize)
        real = .allocate(capacity: fftSize / 2 + 1)
        imaginary = .allocate(capacity: fftSize / 2 + 1)
        kernelReal = .allocate(capacity: fftSize / 2 + 1)
        kernelImaginary = .allocate(capacity: fftSize / 2 + 1)
        difference = .allocate(capacity: maximumLag + 2)
        troughLag = .allocate(capacity: maximumLag + 2)
        troughProbability = .allocate(capacity: maximumLag + 2)
        thresholdTail = .allocate(capacity: Self.thresholdCount + 1)
        fillThresholdPrior()
        reset()
    }

    public func reset() {
        lowPass1.reset()
        lowPass2.reset()
        highPass.reset()
        filled = 0
        phase = 0
        frameIndex = 0
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<PitchFrame>) {
        guard let history, block.frameCount > 0 else { return }
        let n = block.frameCount
        let first = block.channel(0)
        let scale = 1 / Float(channelCount)
        for i in 0..<n {
            var x = first[i]
            if channelCount > 1 {
                for c in 1..<channelCount { x += block.channel(c)[i] }
                x *= scale
            }
            if decimation > 1 {
                x = lowPass2.process(lowPass1.process(x))
            }
            if phase == 0 {
                if highPassActive { x = highPass.process(x) }
                history[filled] = x
                filled += 1
                if filled == frameSize {
                    analyse(events: &events)
                    history.update(from: history + hop, count: frameSize - hop)
                    filled = frameSize - hop
                }
            }
            phase += 1
            if phase == decimation { phase = 0 }
        }
    }

    /// The frames need no input beyond their window, which `process` already waited for.
    public func finish(events: inout EventBuffer<PitchFrame>) {}

    // MARK: - Analysis

    /// Beta(α, β) density at the thresholds 0.01…1.00 with mean `thresholdPriorMean`, normalised
    /// to sum 1, accumulated from the top into `thresholdTail`.
    private func fillThresholdPrior() {
        guard let thresholdTail else { return }
        let alpha = Self.thresholdPriorAlpha
        let beta = alpha * (1 - thresholdPriorMean) / thresholdPriorMean
        var density = [Double](repeating: 0, count: Self.thresholdCount + 1)
        var total = 0.0
        for i in 1...Self.thresholdCount {
            let s = Double(i) / Double(Self.thresholdCount)
            let p = s < 1 ? Math.pow(s, alpha - 1) * Math.pow(1 - s, beta - 1) : 0
            density[i] = p
            total += p
        }
        var tail = 0.0
        thresholdTail[Self.thresholdCount] = 0
        for k in stride(from: Self.thresholdCount - 1, through: 0, by: -1) {
            tail += density[k + 1] / total
            thresholdTail[k] = Float(tail)
        }
    }

    /// Prior mass of the thresholds strictly above `value`.
    @inline(__always)
    private func massAbove(_ value: Float, tail: UnsafeMutablePointer<Float>) -> Float {
        let k = value * Float(Self.thresholdCount)
        if !(k < Float(Self.thresholdCount)) { return 0 }
        return tail[max(0, Int(k))]
    }

    private func analyse(events: inout EventBuffer<PitchFrame>) {
        guard let fft, let history, let buffer, let real, let imaginary, let kernelReal, let kernelImaginary,
              let difference, let troughLag, let troughProbability, let thresholdTail else { return }
        let time = SampleTime((frameIndex * hop + stampOffset) * decimation)
        frameIndex += 1
        // The level of the samples the stamp is the centre of, [0, 2·stampOffset).
        let span = 2 * stampOffset
        var sumSquares: Float = 0
        for j in 0..<span { sumSquares += history[j] * history[j] }
        let rms = (sumSquares / Float(span)).squareRoot()
        guard sumSquares > Self.silenceMeanSquare * Float(span) else {
            events.append(PitchFrame(time: time, rms: rms))
            return
        }

        // Cross-correlation c(τ) = Σ_{j<W} x_j x_{j+τ} through the FFT: C = X · conj(K), K the
        // transform of the first W samples. RealFFT has no inverse; for a Hermitian C with real
        // part A (even) and imaginary part B (odd), the forward transform S of the real sequence
        // A + B (A − B in the upper half) gives N·c(τ) = Re S(τ) + Im S(τ).
        let w = integrationFrames
        let size = fftSize
        let half = size / 2
        buffer.update(from: history, count: frameSize)
        (buffer + frameSize).update(repeating: 0, count: size - frameSize)
        fft.forward(buffer, real: real, imaginary: imaginary)
        (buffer + w).update(repeating: 0, count: frameSize - w)
        fft.forward(buffer, real: kernelReal, imaginary: kernelImaginary)
        for k in 0...half {
            let a = real[k] * kernelReal[k] + imaginary[k] * kernelImaginary[k]
            let b = imaginary[k] * kernelReal[k] - real[k] * kernelImaginary[k]
            buffer[k] = a + b
            if k > 0 && k < half { buffer[size - k] = a - b }
        }
        fft.forward(buffer, real: real, imaginary: imaginary)

        // Difference function d(τ) = e_0 + e_τ − 2 c(τ) (YIN eq. 7), then the cumulative mean
        // normalised d′(τ) = d(τ) τ / Σ_{j≤τ} d(j) (eq. 8), for τ = 1…maximumLag + 1.
        var e0: Float = 0
        for j in 0..<w { e0 += history[j] * history[j] }
        var eTau = e0
        let inverseSize = 1 / Float(size)
        var running: Float = 0
        difference[0] = 1
        for tau in 1...(maximumLag + 1) {
            eTau += history[tau - 1 + w] * history[tau - 1 + w] - history[tau - 1] * history[tau - 1]
            let correlation = (real[tau] + imaginary[tau]) * inverseSize
            let d = max(0, e0 + eTau - 2 * correlation)
            running += d
            difference[tau] = running > 0 ? d * Float(tau) / running : 1
        }

        // Troughs in lag order. A threshold s picks the first trough below it, so a trough takes
        // the prior mass between its own value and the lowest value of the troughs before it.
        var troughCount = 0
        var lowest = Float.infinity
        var lowestMass: Float = 0
        var deepest = -1
        for tau in minimumLag...maximumLag {
            let v = difference[tau]
            guard v <= difference[tau - 1] && v < difference[tau + 1] && v < lowest else { continue }
            let mass = massAbove(v, tail: thresholdTail)
            troughLag[troughCount] = Int32(tau)
            troughProbability[troughCount] = mass - lowestMass
            deepest = troughCount
            troughCount += 1
            lowest = v
            lowestMass = mass
        }
        guard deepest >= 0 else {
            events.append(PitchFrame(time: time, rms: rms))
            return
        }
        troughProbability[deepest] += Self.globalMinimumWeight * (1 - lowestMass)

        // Keep the (at most 8) most probable, as fractional MIDI pitches.
        var pitches = SIMD8<Float>()
        var probabilities = SIMD8<Float>()
        var count = 0
        for t in 0..<troughCount {
            let p = troughProbability[t]
            guard p > 0 else { continue }
            if count == PitchFrame.capacity && p <= probabilities[count - 1] { continue }
            var slot = min(count, PitchFrame.capacity - 1)
            while slot > 0 && probabilities[slot - 1] < p {
                probabilities[slot] = probabilities[slot - 1]
                pitches[slot] = pitches[slot - 1]
                slot -= 1
            }
            probabilities[slot] = p
            pitches[slot] = midiPitch(lag: Int(troughLag[t]), difference: difference)
            count = min(count + 1, PitchFrame.capacity)
        }
        events.append(PitchFrame(time: time, pitches: pitches, probabilities: probabilities,
                                 candidateCount: count, rms: rms))
    }

    /// The trough at `lag` refined by a parabola through d′ at lag − 1, lag, lag + 1, as a MIDI pitch.
    @inline(__always)
    private func midiPitch(lag: Int, difference: UnsafeMutablePointer<Float>) -> Float {
        let a = difference[lag - 1], b = difference[lag], c = difference[lag + 1]
        let curvature = a - 2 * b + c
        var shift: Float = curvature > 0 ? 0.5 * (a - c) / curvature : 0
        shift = min(0.5, max(-0.5, shift))
        let hz = analysisSampleRate / (Double(lag) + Double(shift))
        return Float(69 + 12 * Math.log2(hz / 440))
    }

    private func release() {
        history?.deallocate(); history = nil
        buffer?.deallocate(); buffer = nil
        real?.deallocate(); real = nil
        imaginary?.deallocate(); imaginary = nil
        kernelReal?.deallocate(); kernelReal = nil
        kernelImaginary?.deallocate(); kernelImaginary = nil
        difference?.deallocate(); difference = nil
        troughLag?.deallocate(); troughLag = nil
        troughProbability?.deallocate(); troughProbability = nil
        thresholdTail?.deallocate(); thresholdTail = nil
        fft = nil
    }
}
