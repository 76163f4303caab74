import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaTestSupport
import Testing

/// One bass note on every beat: the chord's root.
final class RootOnEveryBeat: BeatArranger {
    func arrange(_ context: BeatContext, emit: (BandNote) -> Void) {
        guard let root = context.chord.root else { return }
        emit(BandNote(beat: Double(context.beat), lengthBeats: 0.5, channel: 0, pitch: UInt8(36 + root), velocity: 100))
    }
}

final class NoPrediction: NextChordPredicting {
    func mostLikelyNext(after chord: ChordLabel, previous: ChordLabel?, key: MusicalKey?) -> (chord: ChordLabel, probability: Double)? { nil }
}

@Suite struct BandConductorTests {
    let rate = 48000.0
    let period: SampleTime = 24000  // 120 BPM

    func beat(_ k: Int) -> BeatEvent {
        BeatEvent(time: SampleTime(k) * period + 4800, index: k, beatInBar: k % 4 + 1, tempoBPM: 120,
                  nextBeatTime: SampleTime(k + 1) * period + 4800)
    }

    @Test func eachBeatIsPlayedWhereTheGridPredictsItWithTheHeardChord() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        var messages: [MIDIMessage] = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 2, quality: .major), confidence: 1))
        for k in 0..<8 {
            // The tracker reports each beat 30 ms after it happens.
            let heardAt = beat(k).time + 1440
            conductor.render(until: heardAt) { messages.append($0) }
            conductor.hear(beat(k), now: heardAt)
        }
        conductor.render(until: 9 * period) { messages.append($0) }
        let ons = messages.filter(\.isNoteOn)
        // Beats 1…8 were scheduled one beat ahead, each exactly on its beat, as D (38).
        #expect(ons.map(\.time) == (1...8).map { SampleTime($0) * period + 4800 })
        #expect(ons.allSatisfy { $0.pitch == 38 })
        #expect(conductor.lateNotes == 0)
    }

    @Test func aPauseIsBridgedForABarThenTheBandRestsAndComesBack() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        conductor.keepTimeBeats = 4
        var messages: [MIDIMessage] = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 7, quality: .major), confidence: 1))
        for k in 0..<4 { conductor.hear(beat(k), now: beat(k).time + 100) }
        // The player stops: render on in 10 ms blocks for four seconds.
        var t = beat(3).time
        while t < beat(3).time + 4 * 48000 {
            t += 480
            conductor.render(until: t) { messages.append($0) }
        }
        let ons = messages.filter(\.isNoteOn).map(\.time).filter { $0 > beat(3).time }
        #expect(ons.count == 1 + 4, "beat 4 as scheduled, then four beats kept by the band: \(ons)")
        #expect(ons.last == beat(8).time)
        #expect(conductor.resting && !conductor.stopped)
        // Every note that started also ended.
        #expect(messages.filter(\.isNoteOn).count == messages.filter { !$0.isNoteOn }.count)
        // The player comes back: the band with them, from the next beat.
        messages.removeAll()
        conductor.hear(beat(20), now: beat(20).time + 100)
        conductor.render(until: beat(22).time) { messages.append($0) }
        #expect(messages.filter(\.isNoteOn).map(\.time) == [beat(21).time])
        // stop() is for good.
        conductor.stop(at: beat(22).time) { _ in }
        conductor.hear(beat(22), now: beat(22).time)
        messages.removeAll()
        conductor.render(until: beat(25).time) { messages.append($0) }
        #expect(messages.isEmpty && conductor.stopped)
    }

    @Test func hearingAndRenderingAllocateNothing() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 0, quality: .major), confidence: 1))
        var delivered = 0
        for k in 0..<4 { conductor.hear(beat(k), now: beat(k).time); conductor.render(until: beat(k).time + 100) { _ in delivered += 1 } }
        let allocations = countAllocations {
            for k in 4..<64 {
                conductor.hear(beat(k), now: beat(k).time)
                conductor.render(until: beat(k).time + 100) { _ in delivered += 1 }
            }
        }
        #expect(allocations == 0)
        #expect(delivered > 0)
    }
}
