import PerformiaCore
import PerformiaDSP

/// Streaming NNLS Chroma (Mauch & Dixon, "Approximate note transcription for the improved
/// identification of difficult chords", ISMIR 2010), the front end of chord and key recognition:
///
/// 1. STFT with a Hann window of `frameSize` ≈ 0.37 s (16384 at 44.1 kHz) and hop `frameSize/8`
///    (≈ 46 ms): the resolution the bass register needs.
/// 2. `LogFrequencySpectrum`: three bins per semitone, MIDI 20…105.7.
/// 3. Tuning: the phase of the three-bin periodicity, Σⱼ xⱼ e^{2πi j/3}, accumulated over the
///    stream, gives the offset of the instrument tuning from A4 = 440 Hz in ±½ semitone; the
///    spectrum is shifted by it (linear interpolation) so notes land on the semitone grid.
///    `tuningCents` reports it.
/// 4. Whitening: each bin minus the mean over ±1 octave (clipped at 0), divided by the standard
///    deviation there, which removes the timbral slope and broadband noise.
/// 5. Non-negative least squares against `NoteDictionary` (84 notes A0…G#7, 20 partials, decay
///    0.85) with `NNLSSolver`: partials are explained by their fundamentals, so a C's G harmonic
///    does not read as a G.
/// 6. Bass and treble chroma from the note activations with raised-cosine register weights.
///
/// - Input: any channel count (mixed to mono), sample rates 22.05…96 kHz.
/// - Output: one `ChromaFrame` per hop, stamped at the centre of its window.
/// - Latency: `frameSize/2 − 1` frames (186 ms at 44.1 kHz): the second half of the window.
/// - Real-time safe after `prepare` (no allocation or locks; NNLS iterations are bounded).
public final class NNLSChromaDetector: Processor {
    /// MIDI pitch of the first log-frequency bin.
    public static let lowestBinPitch = 20.0
    /// Log-frequency bins: MIDI 20 … 105.7 (about 3.5 kHz).
    public static let logBinCount = 258
    public static let lowestNote = 21
    public static let noteCount = 84

    public private(set) var frameSize = 0
    public private(set) var hopFrames = 0
    public private(set) var latencyFrames = 0
    public private(set) var maximumEventsPerBlock = 0
    /// The tuning estimated so far, in cents from A4 = 440 Hz (−50…50).
    public var tuningCents: Double {
        tuningReal == 0 && tuningImaginary == 0 ? 0 : 100 * Math.atan2(tuningImaginary, tuningReal) / (2 * Math.pi)
    }

    private var stft: StreamingSTFT?
    private var logSpectrum: LogFrequencySpectrum?
    private var solver: NNLSSolver?
    private var columnStarts: UnsafeMutablePointer<Int32>?
    private var columnLengths: UnsafeMutablePointer<Int32>?
    private var columnBins: UnsafeMutablePointer<Int32>?
    private var columnWeights: UnsafeMutablePointer<Double>?
    private var bassWeight: UnsafeMutablePointer<Float>?
    private var trebleWeight: UnsafeMutablePointer<Float>?
    private var mono: UnsafeMutablePointer<Float>?
    private var raw: UnsafeMutablePointer<Float>?
    private var tuned: UnsafeMutablePointer<Float>?
    private var whitened: UnsafeMutablePointer<Double>?
    private var atb: UnsafeMutablePointer<Double>?
    private var notes: UnsafeMutablePointer<Double>?
    private var tuningReal = 0.0
    private var tuningImaginary = 0.0

    /// The window is the smallest power of two of at least this many seconds.
    public let minimumWindowSeconds: Double

    /// - Parameter minimumWindowSeconds: 0.3 gives 16384 frames at 44.1 and 48 kHz (the
    ///   resolution the bass register needs); 0.15 halves window and latency.
    public init(minimumWindowSeconds: Double = 0.3) {
        self.minimumWindowSeconds = minimumWindowSeconds
    }

    deinit { release() }

    public func prepare(_ spec: ProcessSpec) {
        release()
        var size = 1024
        while Double(size) < spec.sampleRate * minimumWindowSeconds { size *= 2 }
        frameSize = size
        hopFrames = size / 8
        latencyFrames = size / 2 - 1
        maximumEventsPerBlock = spec.maximumBlockFrames / hopFrames + 2
        let transform = StreamingSTFT(frameSize: size, hopFrames: hopFrames)
        stft = transform
        logSpectrum = LogFrequencySpectrum(linearBinCount: transform.binCount, frameSize: size,
                                           sampleRate: spec.sampleRate, lowestPitch: Self.lowestBinPitch,
                                           binCount: Self.logBinCount)
        let dictionary = NoteDictionary(lowestNote: Self.lowestNote, noteCount: Self.noteCount,
                                        binPitchOrigin: Self.lowestBinPitch, binCount: Self.logBinCount)
        let nnls = NNLSSolver(gram: dictionary.gram(), columnCount: Self.noteCount)
        nnls.warmStart = true
        solver = nnls
        let columns = dictionary.sparseColumns
        let total = columns.reduce(0) { $0 + $1.count }
        let starts = UnsafeMutablePointer<Int32>.allocate(capacity: Self.noteCount)
        let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: Self.noteCount)
        let bins = UnsafeMutablePointer<Int32>.allocate(capacity: total)
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: total)
        var offset = 0
        for n in 0..<Self.noteCount {
            starts[n] = Int32(offset)
            lengths[n] = Int32(columns[n].count)
            for e in columns[n] {
                bins[offset] = Int32(e.bin)
                weights[offset] = e.weight
                offset += 1
            }
        }
        columnStarts = starts; columnLengths = lengths; columnBins = bins; columnWeights = weights
        let bass = UnsafeMutablePointer<Float>.allocate(capacity: Self.noteCount)
        let treble = UnsafeMutablePointer<Float>.allocate(capacity: Self.noteCount)
        for n in 0..<Self.noteCount {
            let pitch = Double(Self.lowestNote + n)
            bass[n] = Float(Self.raisedCosine(pitch, centre: 39, halfWidth: 18))
            treble[n] = Float(Self.raisedCosine(pitch, centre: 62.5, halfWidth: 42))
        }
        bassWeight = bass; trebleWeight = treble
        mono = .allocate(capacity: max(spec.maximumBlockFrames, 1))
        raw = .allocate(capacity: Self.logBinCount)
        tuned = .allocate(capacity: Self.logBinCount)
        whitened = .allocate(capacity: Self.logBinCount)
        atb = .allocate(capacity: Self.noteCount)
        notes = .allocate(capacity: Self.noteCount)
        reset()
    }

    public func reset() {
        stft?.reset()
        solver?.reset()
        tuningReal = 0
        tuningImaginary = 0
    }

    public func process(_ block: AudioBlock, events: inout EventBuffer<ChromaFrame>) {
        guard let stft, let mono, block.frameCount > 0 else { return }
        block.mixDown(into: mono)
        stft.push(mono, count: block.frameCount) { index, magnitudes in
            emitFrame(index: index, magnitudes: magnitudes, events: &events)
        }
    }

    /// Nothing to flush: a frame is emitted as soon as its window is complete.
    public func finish(events: inout EventBuffer<ChromaFrame>) {}

    private func emitFrame(index: Int, magnitudes: UnsafePointer<Float>, events: inout EventBuffer<ChromaFrame>) {
        guard let logSpectrum, let solver, let raw, let tuned, let whitened, let atb, let notes,
              let columnStarts, let columnLengths, let columnBins, let columnWeights,
              let bassWeight, let trebleWeight else { return }
        let binCount = Self.logBinCount
        logSpectrum.apply(magnitudes, into: raw)
        var level: Float = 0
        var re = 0.0
        var im = 0.0
        // e^{2πi j/3} for j mod 3 = 0, 1, 2 is 1, (−½, √3/2), (−½, −√3/2).
        for j in 0..<binCount {
            let v = Double(raw[j])
            level += raw[j]
            switch j % 3 {
            case 0: re += v
            case 1: re -= 0.5 * v; im += 0.8660254037844386 * v
            default: re -= 0.5 * v; im -= 0.8660254037844386 * v
            }
        }
        level /= Float(binCount)
        tuningReal += re
        tuningImaginary += im
        // Shift by the tuning: a note δ semitones sharp sits 3δ bins up.
        let shift = tuningReal == 0 && tuningImaginary == 0
            ? 0 : 3 * Math.atan2(tuningImaginary, tuningReal) / (2 * Math.pi)
        for j in 0..<binCount {
            let position = Double(j) + shift
            let lower = Int(position.rounded(.down))
            let fraction = Float(position - Double(lower))
            let a = lower >= 0 && lower < binCount ? raw[lower] : 0
            let b = lower + 1 >= 0 && lower + 1 < binCount ? raw[lower + 1] : 0
            tuned[j] = a + fraction * (b - a)
        }
        whiten(tuned, into: whitened, count: binCount)
        for n in 0..<Self.noteCount {
            var s = 0.0
            let start = Int(columnStarts[n])
            for e in start..<(start + Int(columnLengths[n])) {
                s += columnWeights[e] * whitened[Int(columnBins[e])]
            }
            atb[n] = s
        }
        solver.solve(atb: atb, solution: notes)
        var bass = SIMD16<Float>()
        var treble = SIMD16<Float>()
        for n in 0..<Self.noteCount {
            let value = Float(notes[n])
            if value <= 0 { continue }
            let pc = (Self.lowestNote + n) % 12
            bass[pc] += value * bassWeight[n]
            treble[pc] += value * trebleWeight[n]
        }
        let time = SampleTime(index * hopFrames + frameSize / 2)
        events.append(ChromaFrame(time: time, bass: bass, treble: treble, level: level))
    }

    /// Standardises each bin against its ±18-bin (one octave) neighbourhood: (x − mean)/std,
    /// clipped at zero.
    private func whiten(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Double>, count: Int) {
        let radius = 18
        var sum = 0.0
        var squares = 0.0
        var low = 0
        var high = -1
        for j in 0..<count {
            while high < min(count - 1, j + radius) {
                high += 1
                let v = Double(x[high])
                sum += v
                squares += v * v
            }
            while low < j - radius {
                let v = Double(x[low])
                sum -= v
                squares -= v * v
                low += 1
            }
            let width = Double(high - low + 1)
            let mean = sum / width
            let variance = max(0, squares / width - mean * mean)
            let deviation = variance.squareRoot()
            let value = Double(x[j]) - mean
            y[j] = value > 0 && deviation > 1e-9 ? value / deviation : 0
        }
    }

    private static func raisedCosine(_ x: Double, centre: Double, halfWidth: Double) -> Double {
        let d = (x - centre) / halfWidth
        if d <= -1 || d >= 1 { return 0 }
        return 0.5 + 0.5 * Math.cos(Math.pi * d)
    }

    private func release() {
        stft = nil; logSpectrum = nil; solver = nil
        columnStarts?.deallocate(); columnLengths?.deallocate(); columnBins?.deallocate(); columnWeights?.deallocate()
        bassWeight?.deallocate(); trebleWeight?.deallocate()
        mono?.deallocate(); raw?.deallocate(); tuned?.deallocate(); whitened?.deallocate()
        atb?.deallocate(); notes?.deallocate()
        columnStarts = nil; columnLengths = nil; columnBins = nil; columnWeights = nil
        bassWeight = nil; trebleWeight = nil
        mono = nil; raw = nil; tuned = nil; whitened = nil; atb = nil; notes = nil
    }
}
