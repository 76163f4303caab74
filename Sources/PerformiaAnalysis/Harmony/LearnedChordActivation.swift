import PerformiaCore
import PerformiaMusic

/// The learned chord model's output for a song (`ChordCNN` over the band spectrum, after
/// Korzeniowski & Widmer, "A fully convolutional deep auditory model for musical chord
/// recognition", MLSP 2016): per frame, the probabilities of no chord and of the major and minor
/// triad on each root. `ChordRecognizer` adds their log, averaged over each beat, to its
/// emissions.
public struct LearnedChordActivation: Sendable {
    /// Classes per frame: 0 = no chord, 1 + 2·root = major, 2 + 2·root = minor (root 0 = C).
    public static let classCount = 25
    /// `classCount` probabilities per frame, row-major.
    public var probabilities: [Float]
    /// The time of frame 0 (samples).
    public var firstTime: SampleTime
    /// Samples between frames.
    public var hopFrames: Int

    public init(probabilities: [Float], firstTime: SampleTime, hopFrames: Int) {
        precondition(probabilities.count % Self.classCount == 0 && hopFrames > 0, "LearnedChordActivation: rows of 25 classes")
        self.probabilities = probabilities
        self.firstTime = firstTime
        self.hopFrames = hopFrames
    }

    public var frameCount: Int { probabilities.count / Self.classCount }

    /// The band spectrum as an in-tune recording would give it, the chord model's input: each
    /// row's semitone bands (fixed centres, A4 = 440 Hz) read `cents` higher by linear
    /// interpolation between neighbouring bands (the last band held), so a recording tuned
    /// `cents` away (`NNLSChromaDetector.tuningCents`) puts its notes on the bands the network
    /// was trained on. `values`: rows of `bandCount`.
    public static func retuned(_ values: [Float], bandCount: Int, cents: Double) -> [Float] {
        let shift = cents / 100
        guard bandCount > 0, shift.isFinite, abs(shift) > 1e-3 else { return values }
        let whole = Int(shift.rounded(.down))
        let fraction = Float(shift - Double(whole))
        var result = values
        for row in 0..<(values.count / bandCount) {
            let base = row * bandCount
            for band in 0..<bandCount {
                let low = min(max(band + whole, 0), bandCount - 1), high = min(max(band + whole + 1, 0), bandCount - 1)
                result[base + band] = (1 - fraction) * values[base + low] + fraction * values[base + high]
            }
        }
        return result
    }

    /// The class that speaks for a state of `ChordModel`: its triad's (a seventh counts as its
    /// triad, augmented as major, diminished as minor); nil for N and the suspended chords, which
    /// the caller reads from class 0 and from the likelier triad on the root.
    static func triadClass(ofState state: Int) -> Int? {
        guard state > 0 else { return nil }
        let label = ChordModel.label(ofState: state)
        guard let root = label.root else { return nil }
        switch label.quality {
        case .major, .dominantSeventh, .majorSeventh, .augmented: return 1 + 2 * root
        case .minor, .minorSeventh, .diminished: return 2 + 2 * root
        case .suspendedSecond, .suspendedFourth: return nil
        }
    }

    /// The mean class probabilities of the frames stamped in [start, end) (the nearest frame when
    /// none is), into `output` (`classCount` values).
    func mean(from start: SampleTime, to end: SampleTime, into output: inout [Float]) {
        for i in 0..<Self.classCount { output[i] = 0 }
        guard frameCount > 0 else { return }
        let hop = SampleTime(hopFrames)
        var first = start > firstTime ? Int((start - firstTime + hop - 1) / hop) : 0
        var last = end > firstTime ? Int((end - firstTime + hop - 1) / hop) : 0  // exclusive
        first = min(first, frameCount - 1)
        last = min(max(last, first + 1), frameCount)
        let scale = 1 / Float(last - first)
        for frame in first..<last {
            for i in 0..<Self.classCount { output[i] += probabilities[frame * Self.classCount + i] * scale }
        }
    }
}
