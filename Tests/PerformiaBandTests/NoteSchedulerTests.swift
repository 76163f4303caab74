import PerformiaBand
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct NoteSchedulerTests {
    let grid = BeatGrid(anchorBeat: 10, anchorTime: 48000, framesPerBeat: 24000)  // 120 BPM at 48 kHz

    func drain(_ scheduler: inout NoteScheduler, before time: SampleTime) -> [MIDIMessage] {
        var out: [MIDIMessage] = []
        scheduler.popDue(before: time) { out.append($0) }
        return out
    }

    @Test func notesLandOnThePredictedGridInTimeOrder() {
        var scheduler = NoteScheduler()
        scheduler.schedule(BandNote(beat: 11.5, lengthBeats: 0.25, channel: 1, pitch: 64, velocity: 90), on: grid, now: 48000)
        scheduler.schedule(BandNote(beat: 11, lengthBeats: 1, channel: 0, pitch: 36, velocity: 100), on: grid, now: 48000)
        let messages = drain(&scheduler, before: 200_000)
        #expect(messages.map(\.time) == [72000, 84000, 90000, 96000])
        #expect(messages.map(\.velocity) == [100, 90, 0, 0])
        #expect(scheduler.lateNotes == 0 && !scheduler.isSounding)
    }

    @Test func aNoteDueInThePastStartsNowAndIsCounted() {
        var scheduler = NoteScheduler()
        scheduler.schedule(BandNote(beat: 10, lengthBeats: 1, channel: 0, pitch: 40, velocity: 80), on: grid, now: 50000)
        let messages = drain(&scheduler, before: 100_000)
        #expect(messages.first?.time == 50000 && messages.last?.time == 74000)
        #expect(scheduler.lateNotes == 1)
    }

    @Test func aRepeatedPitchIsReattackedAndSilenceEndsEverything() {
        var scheduler = NoteScheduler()
        scheduler.schedule(BandNote(beat: 11, lengthBeats: 2, channel: 2, pitch: 60, velocity: 70), on: grid, now: 0)
        scheduler.schedule(BandNote(beat: 12, lengthBeats: 2, channel: 2, pitch: 60, velocity: 70), on: grid, now: 0)
        scheduler.schedule(BandNote(beat: 12, lengthBeats: 4, channel: 3, pitch: 67, velocity: 70), on: grid, now: 0)
        let early = drain(&scheduler, before: 96001)
        // On at 72000; at 96000 the second attack is preceded by an off of the first.
        let sixty = early.filter { $0.pitch == 60 }.map { "\($0.time):\($0.velocity)" }
        #expect(sixty == ["72000:70", "96000:0", "96000:70"])
        #expect(early.contains { $0.pitch == 67 && $0.time == 96000 && $0.velocity == 70 })
        var offs: [MIDIMessage] = []
        scheduler.silence(at: 100_000) { offs.append($0) }
        #expect(Set(offs.map(\.pitch)) == [60, 67] && offs.allSatisfy { $0.velocity == 0 && $0.time == 100_000 })
        #expect(!scheduler.isSounding && scheduler.pendingCount == 0)
        #expect(drain(&scheduler, before: .max).isEmpty)
    }

    @Test func schedulingAndDeliveringAllocateNothing() {
        var scheduler = NoteScheduler(capacity: 256)
        var delivered = 0
        let run = {
            for i in 0..<50 {
                scheduler.schedule(BandNote(beat: 10 + Double(i) / 4, lengthBeats: 0.5, channel: 1, pitch: UInt8(50 + i % 12), velocity: 80),
                                   on: grid, now: 0)
            }
            scheduler.popDue(before: .max) { _ in delivered += 1 }
        }
        run()
        let allocations = countAllocations { for _ in 0..<20 { run() } }
        #expect(allocations == 0)
        #expect(delivered > 0)
    }
}
