import PerformiaAnalysis
import PerformiaMusic

/// The chord tones of a `ChordLabel` as intervals above the root, without allocating
/// (`ChordQuality.intervals` builds an array; the band needs these on the audio thread).
///
/// The *guide tones* are the third (for sus chords the suspended 2nd or 4th, which takes its
/// place) and the seventh where present: they define the chord's quality, so voicings keep them
/// (Levine, *The Jazz Piano Book*, 1989; Tymoczko, *A Geometry of Music*, 2011, §2.6).
/// Real-time safe.
public struct ChordTones: Sendable, Equatable {
    /// Root pitch class 0…11.
    public var root: Int
    /// Semitones from the root to the third (or the suspended 2nd/4th).
    public var third: Int
    /// Semitones from the root to the fifth (6 diminished, 8 augmented).
    public var fifth: Int
    /// Semitones from the root to the seventh; nil for triads.
    public var seventh: Int?

    /// Nil for no chord (`N`).
    public init?(_ chord: ChordLabel) {
        guard let root = chord.root else { return nil }
        self.root = root
        switch chord.quality {
        case .major: third = 4; fifth = 7; seventh = nil
        case .minor: third = 3; fifth = 7; seventh = nil
        case .dominantSeventh: third = 4; fifth = 7; seventh = 10
        case .majorSeventh: third = 4; fifth = 7; seventh = 11
        case .minorSeventh: third = 3; fifth = 7; seventh = 10
        case .diminished: third = 3; fifth = 6; seventh = nil
        case .augmented: third = 4; fifth = 8; seventh = nil
        case .suspendedSecond: third = 2; fifth = 7; seventh = nil
        case .suspendedFourth: third = 5; fifth = 7; seventh = nil
        }
    }

    /// Number of distinct chord tones (3 or 4).
    public var count: Int { seventh == nil ? 3 : 4 }

    /// Whether pitch class `pc` (0…11) is a chord tone.
    public func contains(pitchClass pc: Int) -> Bool {
        let interval = ((pc - root) % 12 + 12) % 12
        return interval == 0 || interval == third || interval == fifth || interval == seventh
    }

    /// The chord scale used for passing tones, as a 12-bit mask of intervals above the root:
    /// Ionian for major and major 7th, Mixolydian for dominant and sus chords, Dorian for minor,
    /// whole–half diminished, whole tone for augmented (the usual chord–scale pairing of jazz
    /// pedagogy, e.g. Levine, *The Jazz Theory Book*, 1995).
    public var scaleMask: UInt16 {
        switch (third, fifth, seventh) {
        case (3, 6, _): return 2925  // 0 2 3 5 6 8 9 11
        case (4, 8, _): return 1365  // 0 2 4 6 8 10
        case (3, _, _): return 1709  // 0 2 3 5 7 9 10
        case (4, _, 11), (4, _, nil): return 2741  // 0 2 4 5 7 9 11
        default: return 1717  // 0 2 4 5 7 9 10
        }
    }

    /// Whether pitch class `pc` belongs to the chord scale.
    public func scaleContains(pitchClass pc: Int) -> Bool {
        let interval = ((pc - root) % 12 + 12) % 12
        return scaleMask & (1 << UInt16(interval)) != 0
    }
}
