/// A pattern of one part: whole bars of `PatternStep`s, looped while its level is chosen.
/// Fills and endings are one bar long.
public struct StylePattern: Sendable, Equatable {
    /// Length in beats (bars × the style's beats per bar).
    public var lengthBeats: Int
    /// Steps sorted by onset tick.
    public var steps: [PatternStep]

    public init(lengthBeats: Int, steps: [PatternStep]) {
        self.lengthBeats = lengthBeats
        self.steps = steps
    }

    /// The first beat (0-based) on which a step starts, or nil when the pattern is silent. A fill
    /// takes over from this beat of the bar; the groove plays before it.
    public var firstStepBeat: Int? {
        var first: Int?
        for step in steps {
            let beat = step.tick / PatternStep.ticksPerBeat
            first = min(first ?? beat, beat)
        }
        return first
    }
}
