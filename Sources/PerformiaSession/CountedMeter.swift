import PerformiaBand
import PerformiaMusic

/// The bar the band counts from the first beat, whether the meter is still to be found live, and
/// whether it is a known 6/8.
struct CountedMeter: Equatable {
    var beatsPerBar: Int
    /// The band counts the meter it hears (3 or 4 beats, 6/8 in two), starting from `beatsPerBar`.
    var detects: Bool
    /// A known 6/8, counted in dotted quarters from the first bar.
    var compound: Bool

    /// `beatsPerBar` given by the performer, else the chart's time signature, else the style's
    /// (3 or 4 then found live). A 6/8 chart is counted in dotted quarters from the first bar
    /// (`CausalBeatTracker(compound:expectedBPM:)`).
    init(beatsPerBar: Int?, chart: ChartChords?, style: Style) {
        if let beatsPerBar {
            self.init(beatsPerBar: beatsPerBar, detects: false, compound: false)
        } else if let chart, chart.meterWritten {
            self.init(beatsPerBar: chart.beatsPerBar, detects: false, compound: chart.isCompound && chart.beatsPerBar == 2)
        } else {
            self.init(beatsPerBar: style.beatsPerBar, detects: style.beatsPerBar == 3 || style.beatsPerBar == 4, compound: false)
        }
    }

    init(beatsPerBar: Int, detects: Bool, compound: Bool) {
        self.beatsPerBar = beatsPerBar
        self.detects = detects
        self.compound = compound
    }
}
