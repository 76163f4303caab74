import PerformiaCore
import PerformiaMusic

/// The observation model shared by the offline and causal chord recognisers: how well a bass +
/// treble chroma observation fits each chord of the vocabulary (N plus 12 roots × 9 qualities).
///
/// Score of chord c (after Mauch & Dixon 2010, Chordino, which matches bass and treble chroma to
/// chord templates): cosine of the treble chroma with the chord's binary pitch-class template,
/// plus `bassWeight` × the share of the bass chroma on the chord's root. N ("no chord") scores
/// the better of the flat template (noise, drums, unpitched sound) and — when only one pitch
/// class reaches `accompanimentShare` of the strongest — that pitch class less
/// `singleNoteMargin` (one sustained note or a unison line is no chord; a chord under a loud
/// melody note still is). The log-likelihood passed to the HMMs is `sharpness` × score.
public struct ChordModel: Sendable {
    /// State 0 is N; state 1 + root·9 + quality is a chord.
    public static let stateCount = 1 + 12 * ChordQuality.count
    public var sharpness: Float = 20
    public var bassWeight: Float = 0.2
    /// Bass share credited to N (a chord's root gets its measured share).
    public var noChordBassShare: Float = 1.0 / 6
    /// Log prior (nats) of the rarer qualities — sus2, sus4, dim, aug — against triads and
    /// sevenths; in pop and jazz charts they hold only a few percent of the time (Burgoyne,
    /// Wild & Fujinaga, "An expert ground-truth set for audio chord recognition and music
    /// analysis", ISMIR 2011).
    public var rareQualityLogPrior: Float = -2.5
    /// How much purer than a chord's fit a single pitch class must be to read as N.
    public var singleNoteMargin: Float = 0.1
    /// A pitch class below this share of the strongest one does not count as a second note.
    public var accompanimentShare: Float = 0.2
    /// Log prior (nats) of N against the chords.
    public var noChordLogPrior: Float = 0
    private let templates: [SIMD16<Float>]

    public init() {
        var flat = SIMD16<Float>()
        for pc in 0..<12 { flat[pc] = 1 }
        var list: [SIMD16<Float>] = [Self.normalised(flat)]
        for root in 0..<12 {
            for quality in ChordQuality.allCases {
                var t = SIMD16<Float>()
                for interval in quality.intervals { t[(root + interval) % 12] = 1 }
                list.append(Self.normalised(t))
            }
        }
        templates = list
    }

    public static func label(ofState state: Int) -> ChordLabel {
        if state == 0 { return .noChord }
        let q = ChordQuality.count
        return ChordLabel(root: (state - 1) / q, quality: ChordQuality(rawValue: (state - 1) % q) ?? .major)
    }

    public static func state(of label: ChordLabel) -> Int {
        guard let root = label.root else { return 0 }
        return 1 + root * ChordQuality.count + label.quality.rawValue
    }

    /// Writes `stateCount` log-likelihoods for one observation into `output`. Real-time safe.
    @inline(__always)
    public func logLikelihoods(bass: SIMD16<Float>, treble: SIMD16<Float>, into output: UnsafeMutablePointer<Float>) {
        let t = Self.normalised(treble)
        let bassTotal = bass.sum()
        let b = bassTotal > 1e-9 ? bass / bassTotal : SIMD16<Float>()
        let silent = (t * t).sum() < 0.5
        let flatFit = (t * templates[0]).sum()
        // A lone pitch class: nothing else reaches `accompanimentShare` of the strongest.
        let strongest = t.max()
        var count = 0
        for i in 0..<12 where strongest > 0 && t[i] >= accompanimentShare * strongest { count += 1 }
        let singleFit = count == 1 ? strongest - singleNoteMargin : 0
        output[0] = sharpness * (max(flatFit, singleFit) + bassWeight * noChordBassShare) + noChordLogPrior
        if silent { output[0] = sharpness * (1 + bassWeight) }
        let q = ChordQuality.count
        for root in 0..<12 {
            let bassShare = b[root]
            for k in 0..<q {
                let state = 1 + root * q + k
                output[state] = silent ? 0 : sharpness * ((t * templates[state]).sum() + bassWeight * bassShare)
                    + (k >= ChordQuality.diminished.rawValue ? rareQualityLogPrior : 0)
            }
        }
    }

    @inline(__always)
    static func normalised(_ v: SIMD16<Float>) -> SIMD16<Float> {
        let norm = (v * v).sum().squareRoot()
        return norm > 1e-9 ? v / norm : SIMD16<Float>()
    }
}
