@testable import PerformiaBand
import Testing

/// The tempo the live status line shows holds still on a steady input.
@Suite struct StatusTempoTests {
    /// The demo's played beats (104 BPM, 10 ms blocks at 44.1 kHz) came 56–59 blocks apart; shown
    /// gap by gap they read 102 / 103 / 107 BPM.
    @Test func aSteadyTempoReadsSteadyThroughJitteredBeats() {
        let log = BandPlayLog(maximumBeats: 16, maximumMessages: 16)
        let block = 441.0, sampleRate = 44_100.0
        var shown: [Double] = []
        for (index, blocks) in [58, 57, 59, 56, 58, 57, 59, 58, 56, 58, 57, 59, 58, 57].enumerated() {
            log.foldStatusPeriod(Double(blocks) * block)
            if index >= 4 { shown.append(60 * sampleRate / log.statusPeriodFrames) }
        }
        #expect(shown.allSatisfy { abs($0 - 104) < 1.0 }, "\(shown)")
        #expect((shown.max()! - shown.min()!) < 1.5, "\(shown)")
        // A new tempo is shown at once, not blended in over beats.
        log.foldStatusPeriod(0.5 * sampleRate)
        #expect(abs(60 * sampleRate / log.statusPeriodFrames - 120) < 0.01)
    }
}
