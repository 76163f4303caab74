/// One event of a style pattern, on a grid of `ticksPerBeat` ticks per beat (12: divisible into
/// eighths, triplets and sixteenths, the resolution of most MIDI groove templates).
public struct PatternStep: Sendable, Equatable {
    /// Ticks per beat of the pattern grid.
    public static let ticksPerBeat = 12

    /// Onset, in ticks from the start of the pattern.
    public var tick: Int
    /// Written length, in ticks (the cell plus its holds).
    public var lengthTicks: Int
    /// What sounds.
    public var action: StepAction
    /// Written MIDI velocity before intensity, section and humanization: `accent`, `normal` or
    /// `ghost` from the style file.
    public var velocity: UInt8

    public static let accent: UInt8 = 112
    public static let normal: UInt8 = 90
    public static let ghost: UInt8 = 48

    public init(tick: Int, lengthTicks: Int, action: StepAction, velocity: UInt8) {
        self.tick = tick
        self.lengthTicks = lengthTicks
        self.action = action
        self.velocity = velocity
    }

    /// Whether the step is a ghost note (thinned out at low intensity).
    public var isGhost: Bool { velocity <= PatternStep.ghost }
}
