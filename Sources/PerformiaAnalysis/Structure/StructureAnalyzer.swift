import PerformiaCore

public struct StructureAnalyzer: Sendable {
    public init() {}

    public func analyze(_ signal: OnsetSignal, rhythm: RhythmAnalysis, beatChroma: [SIMD16<Float>]? = nil) -> [SongSection] {
        guard let first = rhythm.beats.first, let last = rhythm.beats.last, last.time > first.time else { return [] }
        return [SongSection(start: first.time, end: last.time, group: "A")]
    }
}
