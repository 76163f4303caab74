extension FuzzTarget {
    /// Every parser under fuzzing; `scripts/fuzz` and the smoke test look targets up here.
    public static let all: [FuzzTarget] = [
        .style,
        .harmonyModel,
        .songMap,
        .audioHeader,
        .chordPro,
    ]

    /// The target called `name`, if any.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
