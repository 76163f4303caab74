/// The patterns a part has in a style: three intensity levels, a fill and an ending.
public enum PatternKind: Int, Sendable, CaseIterable {
    case sparse, medium, dense, fill, ending

    /// Number of kinds (without building `allCases`: real-time safe).
    public static var count: Int { 5 }

    /// Name used in style files.
    public var name: String {
        switch self {
        case .sparse: "sparse"
        case .medium: "medium"
        case .dense: "dense"
        case .fill: "fill"
        case .ending: "ending"
        }
    }
}
