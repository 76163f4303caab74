/// A functional name for a section, given only where the evidence supports it
/// (see `SectionLabeler` in PerformiaAnalysis).
public enum SectionLabel: String, Sendable {
    case intro, verse, chorus, bridge, outro
}
