import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import Testing

@Suite struct ChordMemoryTests {
    let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
    let f = ChordLabel(root: 5, quality: .major), g = ChordLabel(root: 7, quality: .dominantSeventh)

    @Test func aRepeatedProgressionPredictsItsNextChordAndWhen() {
        var memory = ChordMemory()
        // C (4 beats) Am (4) F (2) G (2), twice, then C Am again.
        var beat = 0
        for chord in [c, am, f, g, c, am, f, g, c, am] {
            memory.record(chord, fromBeat: beat)
            beat += (chord == f || chord == g) ? 2 : 4
        }
        let expectation = memory.expectation()
        #expect(expectation?.next == f)
        #expect(expectation?.durationBeats == 4)
        #expect((expectation?.matchedChords ?? 0) >= 4)
        #expect(memory.typicalDurationBeats() == 4 || memory.typicalDurationBeats() == 2)
    }

    @Test func nothingRepeatsYetMeansNoExpectation() {
        var memory = ChordMemory()
        memory.record(c, fromBeat: 0)
        memory.record(am, fromBeat: 4)
        memory.record(f, fromBeat: 8)
        #expect(memory.expectation() == nil)
        // Repeating the current chord is not a change.
        memory.record(f, fromBeat: 9)
        #expect(memory.count == 3)
    }

    @Test func capacityForgetsTheOldestAndStaysConsistent() {
        var memory = ChordMemory(capacity: 8)
        for i in 0..<20 { memory.record(i % 2 == 0 ? c : g, fromBeat: i * 4) }
        #expect(memory.count == 8)
        #expect(memory.startBeat(0) == 48 && memory[7] == g)
        #expect(memory.expectation()?.next == c)
    }
}
