import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
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
        BeatEvent(time: SampleTime(k) * period + 4800, index: k, beatInBar: k % 4 + 1, beatsPerBar: 4, tempoBPM: 120,
                  nextBeatTime: SampleTime(k + 1) * period + 4800)
    }

    @Test func eachBeatIsPlayedWhereTheGridPredictsItWithTheHeardChord() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        var messages: [MIDIMessage] = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 2, quality: .major), confidence: 1))
        // 128-frame blocks; the tracker reports each beat 30 ms after it happens.
        var heard = 0
        var t: SampleTime = 0
        var leads: [SampleTime] = []
        conductor.onBeatPlayed = { leads.append($0.schedulingLeadFrames) }
        while t < 9 * period {
            if heard < 8 && t >= beat(heard).time + 1440 {
                conductor.hear(beat(heard), now: t)
                heard += 1
            }
            t += 128
            conductor.render(until: t) { messages.append($0) }
        }
        let ons = messages.filter(\.isNoteOn)
        // Beats 1…8 were scheduled ahead, each exactly on its beat, as D (38).
        #expect(ons.map(\.time) == (1...8).map { SampleTime($0) * period + 4800 })
        // Each was decided as late as it could be: 20 ms before it, within one block.
        #expect(leads.allSatisfy { $0 >= 960 && $0 < 960 + 128 }, "\(leads)")
        #expect(ons.allSatisfy { $0.pitch == 38 })
        #expect(conductor.lateNotes == 0)
    }

    @Test func aBeatThatComesSoonerThanTheGridSaidIsPlayedLateNotDropped() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        var messages: [MIDIMessage] = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 2, quality: .major), confidence: 1))
        var played: [(beat: Int, time: SampleTime)] = []
        conductor.onBeatPlayed = { played.append(($0.beat, $0.time)) }
        // Beats 0…3 on the 120 BPM grid; then the performer pushes: beat 4 comes 100 ms early
        // (and 5 on its new grid), each reported 20 ms after it happens.
        let early: SampleTime = 4800
        func event(_ k: Int) -> BeatEvent {
            var e = beat(k)
            if k >= 4 {
                e.time -= early
                e.nextBeatTime -= early
            }
            return e
        }
        var heard = 0
        var t: SampleTime = 0
        while t < 6 * period + period / 2 {
            if heard < 6 && t >= event(heard).time + 960 {
                conductor.hear(event(heard), now: t)
                heard += 1
            }
            t += 128
            conductor.render(until: t) { messages.append($0) }
        }
        #expect(played.map(\.beat) == Array(1...6))
        // Beat 4 sounds as soon as the tracker reports it: a block after its report, 20 ms late.
        let four = try! #require(played.first { $0.beat == 4 })
        #expect(four.time >= event(4).time + 960 && four.time <= event(4).time + 960 + 128)
        #expect(messages.filter(\.isNoteOn).count == 6)
        // Far past (more than `lateBeatLimitFrames`), the beat is not played: the band comes in on the next.
        conductor.reset()
        played = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 2, quality: .major), confidence: 1))
        conductor.lateBeatLimitFrames = 480
        heard = 0
        t = 0
        while t < 6 * period + period / 2 {
            if heard < 6 && t >= event(heard).time + 960 {
                conductor.hear(event(heard), now: t)
                heard += 1
            }
            t += 128
            conductor.render(until: t) { _ in }
        }
        #expect(played.map(\.beat) == [1, 2, 3, 5, 6])
    }

    @Test func aPauseIsBridgedForABarThenTheBandRestsAndComesBack() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        conductor.keepTimeBeats = 4
        var messages: [MIDIMessage] = []
        conductor.hear(ChordEvent(time: 0, chord: ChordLabel(root: 7, quality: .major), confidence: 1))
        var t: SampleTime = 0
        for k in 0..<4 {
            conductor.hear(beat(k), now: beat(k).time + 100)
            while t < beat(k + 1).time - 2400 {
                t += 480
                conductor.render(until: t) { messages.append($0) }
            }
        }
        // The player stops: render on in 10 ms blocks for four seconds.
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
        func play(_ beats: Range<Int>) {
            for k in beats {
                conductor.hear(beat(k), now: beat(k).time)
                var t = beat(k).time
                while t < beat(k + 1).time {
                    t += 128
                    conductor.render(until: t) { _ in delivered += 1 }
                }
            }
        }
        play(0..<4)
        let allocations = countAllocations { play(4..<64) }
        #expect(allocations == 0)
        #expect(delivered > 0)
    }

    /// A chroma frame sounding `pitchClasses` (bass on the first; none: a flat spectrum) at `level`.
    func chroma(at time: SampleTime, _ pitchClasses: [Int], level: Float = 1) -> ChromaFrame {
        var bass = SIMD16<Float>(), treble = SIMD16<Float>()
        if pitchClasses.isEmpty {
            for i in 0..<12 { bass[i] = level; treble[i] = level }
        }
        if let root = pitchClasses.first { bass[root] = level }
        for p in pitchClasses { treble[p] = level }
        return ChromaFrame(time: time, bass: bass, treble: treble, level: level)
    }

    @Test func anUnclearBeatKeepsTheChordAndOnlySilenceStopsTheHarmony() {
        let conductor = BandConductor(arranger: RootOnEveryBeat(), predictor: NoPrediction?.none, beatsPerBar: 4, sampleRate: rate)
        var played: [Int: ChordLabel] = [:]
        conductor.onBeatPlayed = { played[$0.beat] = $0.chord }
        // Beats 0–7 C major, 8–11 a flat spectrum at the same level (a drum break), 12– silence.
        func sounding(_ t: SampleTime) -> (pitches: [Int], level: Float) {
            let beatIndex = Int((t - 4800) / period)
            if beatIndex < 8 { return ([0, 4, 7], 1) }
            if beatIndex < 12 { return ([], 1) }
            return ([0, 4, 7], 0.0001)
        }
        var t: SampleTime = 0
        var nextFrame: SampleTime = 0
        var heard = 0
        while t < beat(18).time {
            while nextFrame <= t - 8192 {
                let s = sounding(nextFrame)
                conductor.hear(chroma(at: nextFrame, s.pitches, level: s.level))
                nextFrame += 2048
            }
            if heard < 18 && t >= beat(heard).time + 1440 {
                conductor.hear(beat(heard), now: t)
                heard += 1
            }
            t += 128
            conductor.render(until: t) { _ in }
        }
        let c = ChordLabel(root: 0, quality: .major)
        #expect(played[7] == c)
        #expect((9...12).allSatisfy { played[$0] == c }, "the break keeps C: \(played.sorted { $0.key < $1.key })")
        #expect(played[17]?.isNoChord == true, "silence is N")
    }
}
