import PerformiaBand
import Testing

@Suite struct HumanizerTests {
    @Test func sameSeedSameStreamOtherSeedOtherStream() {
        var a = Humanizer(seed: 42), b = Humanizer(seed: 42), c = Humanizer(seed: 43)
        let first = (0..<64).map { _ in a.next() }
        #expect(first == (0..<64).map { _ in b.next() })
        #expect(first != (0..<64).map { _ in c.next() })
        var zero = Humanizer(seed: 0)
        #expect(zero.next() != 0)
    }

    @Test func velocityStaysWithinAccentPlusRange() {
        var h = Humanizer(seed: 7, velocityRange: 8)
        var low = Int.max, high = Int.min
        for i in 0..<20_000 {
            let tick = (i % 48)
            let accent = Humanizer.accent(tickInBar: tick, beatsPerBar: 4)
            let v = Int(h.velocity(80, tickInBar: tick, beatsPerBar: 4))
            let deviation = v - 80 - accent
            low = min(low, deviation)
            high = max(high, deviation)
        }
        #expect(low >= -8 && high <= 8)
        #expect(low <= -6 && high >= 6)  // it does vary across most of the range
        // Clamped to MIDI's range.
        #expect(h.velocity(300, tickInBar: 0, beatsPerBar: 4) == 127)
        #expect(h.velocity(-40, tickInBar: 0, beatsPerBar: 4) == 1)
    }

    @Test func accentsFollowTheMeter() {
        #expect(Humanizer.accent(tickInBar: 0, beatsPerBar: 4) > Humanizer.accent(tickInBar: 24, beatsPerBar: 4))
        #expect(Humanizer.accent(tickInBar: 24, beatsPerBar: 4) > Humanizer.accent(tickInBar: 12, beatsPerBar: 4))
        #expect(Humanizer.accent(tickInBar: 12, beatsPerBar: 4) > Humanizer.accent(tickInBar: 6, beatsPerBar: 4))
        #expect(Humanizer.accent(tickInBar: 6, beatsPerBar: 4) > Humanizer.accent(tickInBar: 3, beatsPerBar: 4))
        #expect(Humanizer.accent(tickInBar: 12, beatsPerBar: 3) == Humanizer.accent(tickInBar: 24, beatsPerBar: 3))
    }

    @Test func timingStaysWithinItsMilliseconds() {
        var h = Humanizer(seed: 1, timingRangeMilliseconds: 5)
        let bound = 0.005 * 120 / 60  // 5 ms at 120 BPM, in beats
        var largest = 0.0
        for _ in 0..<10_000 {
            let offset = h.timingOffsetBeats(tempoBPM: 120)
            largest = max(largest, abs(offset))
        }
        #expect(largest <= bound)
        #expect(largest > 0.9 * bound)
    }

    @Test func swingMovesOnlyTheOffBeats() {
        #expect(abs(Humanizer.swing(0.5, ratio: 2, subdivision: .eighth) - 2.0 / 3) < 1e-12)
        #expect(abs(Humanizer.swing(7.5, ratio: 2, subdivision: .eighth) - (7 + 2.0 / 3)) < 1e-12)
        #expect(abs(Humanizer.swing(0.5, ratio: 3, subdivision: .eighth) - 0.75) < 1e-12)
        #expect(Humanizer.swing(3, ratio: 2, subdivision: .eighth) == 3)
        #expect(Humanizer.swing(0.25, ratio: 2, subdivision: .eighth) == 0.25)
        #expect(Humanizer.swing(0.5, ratio: 1, subdivision: .eighth) == 0.5)
        #expect(abs(Humanizer.swing(0.25, ratio: 2, subdivision: .sixteenth) - 1.0 / 3) < 1e-12)
        #expect(abs(Humanizer.swing(2.75, ratio: 2, subdivision: .sixteenth) - (2.5 + 1.0 / 3)) < 1e-12)
        #expect(Humanizer.swing(0.5, ratio: 2, subdivision: .sixteenth) == 0.5)
    }
}
