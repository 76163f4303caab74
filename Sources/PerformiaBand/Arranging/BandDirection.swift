import PerformiaAnalysis
import PerformiaMusic

/// What the band is told to do, beat by beat: how busy to play, which parts play, which section
/// this is, and the cues a bandleader gives (fill, ending, count-in). Plain value; set by the
/// conductor or the user. Key changes are applied outside the arranger, by transposition.
public struct BandDirection: Sendable, Equatable {
    /// 0 (sparse) … 1 (dense): chooses the pattern level, thins out ghost notes at the bottom of
    /// a level and raises velocities.
    public var intensity: Double
    /// One bit per part, `1 << BandPart.rawValue`; a cleared bit silences the part.
    public var enabledParts: UInt8
    /// The section being played: a chorus plays denser and louder than a verse, an intro or outro
    /// sparser; nil when unknown.
    public var section: SectionLabel?
    /// Play the fill in this bar (from the beat its fill pattern starts), e.g. before a new section.
    public var fillRequested: Bool
    /// Play the ending figure from the next downbeat, then stop.
    public var ending: Bool
    /// Count in: the drums strike the count-in sound on every beat (accenting the downbeat);
    /// every other part rests.
    public var countIn: Bool

    /// Every part on.
    public static let allParts: UInt8 = 0b1_1111

    public init(intensity: Double = 0.5, enabledParts: UInt8 = BandDirection.allParts, section: SectionLabel? = nil,
                fillRequested: Bool = false, ending: Bool = false, countIn: Bool = false) {
        self.intensity = intensity
        self.enabledParts = enabledParts
        self.section = section
        self.fillRequested = fillRequested
        self.ending = ending
        self.countIn = countIn
    }

    public func isEnabled(_ part: BandPart) -> Bool { enabledParts & (1 << UInt8(part.rawValue)) != 0 }

    public mutating func setEnabled(_ part: BandPart, _ enabled: Bool) {
        let bit: UInt8 = 1 << UInt8(part.rawValue)
        enabledParts = enabled ? enabledParts | bit : enabledParts & ~bit
    }

    /// Intensity after the section's push or pull (chorus +0.2, bridge +0.05, intro and outro
    /// −0.25), clamped to 0…1.
    public var effectiveIntensity: Double {
        var offset = 0.0
        switch section {
        case .chorus: offset = 0.2
        case .bridge: offset = 0.05
        case .intro, .outro: offset = -0.25
        case .verse, .none: offset = 0
        }
        return min(1, max(0, intensity + offset))
    }

    /// Velocity factor of the section: chorus 1.08, intro and outro 0.9, else 1.
    public var sectionVelocityFactor: Double {
        switch section {
        case .chorus: 1.08
        case .intro, .outro: 0.9
        default: 1
        }
    }
}
