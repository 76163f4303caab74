import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct ArrangerTests {
    typealias F = StyleFixtures

    func arranger(_ name: String, seed: UInt64 = 1) throws -> Arranger {
        Arranger(style: try F.style(name), seed: seed)
    }

    /// C – Am – F – G, one bar each, in the style's meter.
    func progression(_ beatsPerBar: Int) -> [F.Span] { F.bars([F.c, F.am, F.f, F.g], beatsPerBar: beatsPerBar) }

    @Test(arguments: StyleFixtures.names)
    func moreNotesAtHigherIntensity(_ name: String) throws {
        let style = try F.style(name)
        var counts: [Int] = []
        for intensity in [0.2, 0.5, 0.9] {
            let notes = F.play(Arranger(style: style, seed: 3), progression(style.beatsPerBar),
                               beatsPerBar: style.beatsPerBar, intensity: intensity)
            #expect(notes.allSatisfy { $0.beat >= 0 && $0.beat < Double(4 * style.beatsPerBar) + 0.05 })
            #expect(notes.allSatisfy { $0.velocity >= 1 && $0.velocity <= 127 && $0.lengthBeats > 0 })
            counts.append(notes.count)
        }
        #expect(counts[0] > 0)
        #expect(counts[0] < counts[1] && counts[1] < counts[2], "\(name): \(counts)")
    }

    @Test(arguments: ["rock", "pop", "waltz"], [0.2, 0.5, 0.9])
    func bassPlaysTheRootOnEachDownbeat(_ name: String, _ intensity: Double) throws {
        let style = try F.style(name)
        let bpb = style.beatsPerBar
        let notes = F.play(Arranger(style: style, seed: 5), progression(bpb), beatsPerBar: bpb, intensity: intensity)
        for (bar, chord) in [F.c, F.am, F.f, F.g].enumerated() {
            let downbeat = notes.filter { $0.part == .bass && abs($0.beat - Double(bar * bpb)) < 0.05 }
            #expect(downbeat.count == 1, "\(name) bar \(bar)")
            #expect(downbeat.allSatisfy { Int($0.pitch) % 12 == chord.root }, "\(name) bar \(bar)")
        }
    }

    /// The bass notes in onset order.
    func bassLine(_ notes: [BandNote]) -> [BandNote] {
        notes.filter { $0.part == .bass }.sorted { $0.beat < $1.beat }
    }

    func checkWalking(_ spans: [F.Span], seed: UInt64) throws {
        let notes = F.play(try arranger("jazz-swing", seed: seed), spans, beatsPerBar: 4, intensity: 0.5)
        let line = bassLine(notes)
        #expect(line.count == spans.reduce(0) { $0 + $1.beats })  // one note a beat
        var start = 0
        for span in spans {
            let landing = try #require(line.firstIndex { abs($0.beat - Double(start)) < 0.05 })
            #expect(Int(line[landing].pitch) % 12 == span.chord.root, "chord at beat \(start)")
            if landing > 0 {
                let step = abs(Int(line[landing].pitch) - Int(line[landing - 1].pitch))
                #expect(step == 1 || step == 2, "approach into beat \(start) moves \(step)")
            }
            start += span.beats
        }
        // Walking: no note repeated on the next beat.
        for i in 1..<line.count { #expect(line[i].pitch != line[i - 1].pitch) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func walkingBassLandsOnEachRootFromAStepAway(_ seed: UInt64) throws {
        let spans = F.bars([F.dm7, F.g7, F.cmaj7, F.a7, F.dm7, F.g7, F.c, F.c], beatsPerBar: 4)
        try checkWalking(spans, seed: seed)
        // Two chords a bar: root on the first beat, approach on the second.
        let halves = [F.dm7, F.g7, F.cmaj7, F.a7, F.f, F.g7, F.c, F.am].map { F.Span(chord: $0, beats: 2) }
        try checkWalking(halves, seed: seed)
    }

    @Test func waltzPlaysThreeBeatBars() throws {
        let notes = F.play(try arranger("waltz"), progression(3), beatsPerBar: 3, intensity: 0.5)
        #expect(notes.allSatisfy { $0.beat < 12.05 })
        let bass = bassLine(notes).map { Int($0.beat.rounded()) }
        #expect(bass == [0, 3, 6, 9])
        let kicks = notes.filter { $0.part == .drums && $0.pitch == 36 }.map { Int($0.beat.rounded()) }
        #expect(kicks == [0, 3, 6, 9])
        // The chord on 2 and 3.
        let keyBeats = Set(notes.filter { $0.part == .keys }.map { Int($0.beat.rounded()) % 3 })
        #expect(keyBeats == [1, 2])
    }

    @Test func swingDelaysOffBeatEighthsByTheStyleRatio() throws {
        let style = try F.style("jazz-swing")
        let notes = F.play(Arranger(style: style, seed: 9), progression(4), beatsPerBar: 4, intensity: 0.5)
        let ride = notes.filter { $0.part == .drums && $0.pitch == 51 }
        let offsets = ride.map { $0.beat - $0.beat.rounded(.down) }.map { $0 > 0.9 ? $0 - 1 : $0 }
        let swung = style.swingRatio / (1 + style.swingRatio)  // 2/3
        let offBeats = offsets.filter { abs($0) > 0.2 }
        #expect(offBeats.count == 8)  // 2& and 4& of four bars
        #expect(offBeats.allSatisfy { abs($0 - swung) < 0.02 })  // humanized by at most 5 ms = 0.01 beat
        // Straight rock keeps its hi-hat off-beats in the middle of the beat.
        let rock = F.play(try arranger("rock"), progression(4), beatsPerBar: 4, intensity: 0.5)
        let hats = rock.filter { $0.part == .drums && $0.pitch == 42 }.map { $0.beat - $0.beat.rounded(.down) }
            .filter { $0 > 0.2 && $0 < 0.8 }
        #expect(hats.count == 16)
        #expect(hats.allSatisfy { abs($0 - 0.5) < 0.02 })
    }

    @Test func countInIsDrumsOnly() throws {
        let style = try F.style("pop")
        let notes = F.play(Arranger(style: style, seed: 1), progression(4).prefix(1).map { $0 }, beatsPerBar: 4) { _ in
            BandDirection(intensity: 0.9, countIn: true)
        }
        #expect(notes.count == 4)
        #expect(notes.allSatisfy { $0.part == .drums && $0.pitch == style.countInNote })
        #expect(notes.map { Int($0.beat.rounded()) } == [0, 1, 2, 3])
    }

    @Test func disabledPartsEmitNothing() throws {
        var direction = BandDirection(intensity: 0.9)
        direction.setEnabled(.bass, false)
        direction.setEnabled(.keys, false)
        let notes = F.play(try arranger("pop"), progression(4), beatsPerBar: 4) { _ in direction }
        #expect(!notes.contains { $0.part == .bass || $0.part == .keys })
        #expect(notes.contains { $0.part == .drums } && notes.contains { $0.part == .guitar })
        let none = F.play(try arranger("pop"), progression(4), beatsPerBar: 4) { _ in
            BandDirection(intensity: 0.9, enabledParts: 0)
        }
        #expect(none.isEmpty)
    }

    @Test func noChordLeavesDrumsOnly() throws {
        let notes = F.play(try arranger("rock"), F.bars([.noChord, .noChord], beatsPerBar: 4), beatsPerBar: 4,
                           intensity: 0.9)
        #expect(!notes.isEmpty)
        #expect(notes.allSatisfy { $0.part == .drums })
    }

    @Test func arrangeBeatAllocatesNothingAfterWarmUp() throws {
        for name in StyleFixtures.names {
            let style = try F.style(name)
            let arranger = Arranger(style: style, seed: 11)
            var list = BandNoteList(capacity: 64 * arranger.maximumNotesPerBeat)
            let chords = [F.dm7, F.g7, F.cmaj7, .noChord, F.a7, F.f, F.g, F.am]
            let sections: [SectionLabel?] = [.intro, .verse, .chorus, nil, .bridge, .outro, .verse, .chorus]
            func run(from first: Int, beats: Int) {
                for beat in first..<(first + beats) {
                    let bar = beat / 4
                    var direction = BandDirection(intensity: Double(bar % 5) / 4, section: sections[bar % 8])
                    direction.fillRequested = bar % 4 == 3
                    direction.ending = bar % 8 == 7
                    direction.countIn = bar % 16 == 0
                    arranger.arrangeBeat(beat, beatInBar: beat % 4, beatsPerBar: 4, chord: chords[bar % 8],
                                         nextChord: chords[(bar + 1) % 8], beatsUntilNextChord: 4 - beat % 4,
                                         direction: direction, tempoBPM: 120, into: &list)
                }
            }
            run(from: 0, beats: 8)  // warm-up: runtime metadata, uncounted
            list.removeAll()
            let allocations = countAllocations { run(from: 8, beats: 56) }
            #expect(allocations == 0, "\(name)")
            #expect(list.droppedCount == 0)
        }
    }

    @Test func maximumNotesPerBeatBoundsEveryBeat() throws {
        for name in StyleFixtures.names {
            let style = try F.style(name)
            let arranger = Arranger(style: style, seed: 2)
            let notes = F.play(arranger, progression(style.beatsPerBar), beatsPerBar: style.beatsPerBar) { beat in
                BandDirection(intensity: 1, section: .chorus, fillRequested: beat % 8 >= 4)
            }
            let perBeat = Dictionary(grouping: notes) { Int(($0.beat + 0.02).rounded(.down)) }.values.map(\.count)
            #expect(perBeat.max()! <= arranger.maximumNotesPerBeat, "\(name)")
        }
    }

    @Test func sameSeedSameNotesOtherSeedOtherVelocities() throws {
        let a = F.play(try arranger("funk", seed: 4), progression(4), beatsPerBar: 4, intensity: 0.7)
        let b = F.play(try arranger("funk", seed: 4), progression(4), beatsPerBar: 4, intensity: 0.7)
        let c = F.play(try arranger("funk", seed: 5), progression(4), beatsPerBar: 4, intensity: 0.7)
        #expect(a == b)
        #expect(a.count == c.count)
        #expect(a.map(\.velocity) != c.map(\.velocity))
        // reset() replays the first performance.
        let arranger = try arranger("funk", seed: 4)
        _ = F.play(arranger, progression(4), beatsPerBar: 4, intensity: 0.3)
        arranger.reset()
        #expect(F.play(arranger, progression(4), beatsPerBar: 4, intensity: 0.7) == a)
    }

    @Test func fillReplacesTheEndOfTheBarAndACymbalFollows() throws {
        let notes = F.play(try arranger("rock"), progression(4), beatsPerBar: 4) { beat in
            BandDirection(intensity: 0.5, fillRequested: beat / 4 == 1)
        }
        let drums = notes.filter { $0.part == .drums }
        let toms = drums.filter { $0.pitch == 47 || $0.pitch == 41 }
        #expect(!toms.isEmpty && toms.allSatisfy { $0.beat > 7 - 0.05 && $0.beat < 8 })  // beat 4 of bar 2
        #expect(drums.contains { $0.pitch == 42 && abs($0.beat - 4) < 0.05 })  // groove before the fill
        #expect(!drums.contains { $0.pitch == 42 && $0.beat > 5.95 && $0.beat < 7.95 })  // not under it
        #expect(drums.contains { $0.pitch == 49 && abs($0.beat - 8) < 0.05 })  // crash on the next downbeat
        #expect(!drums.contains { $0.pitch == 49 && abs($0.beat - 12) < 0.05 })
    }

    @Test func endingPlaysFromTheNextDownbeatThenStops() throws {
        let notes = F.play(try arranger("rock"), progression(4), beatsPerBar: 4) { beat in
            BandDirection(intensity: 0.5, ending: beat >= 6)  // asked in the middle of bar 2
        }
        #expect(notes.contains { $0.beat > 6.9 && $0.beat < 7.5 })  // bar 2 still grooves
        let ending = notes.filter { $0.beat > 7.9 }
        #expect(!ending.isEmpty)
        #expect(ending.allSatisfy { abs($0.beat - 8) < 0.05 })  // one hit on bar 3's downbeat, then nothing
        #expect(ending.contains { $0.part == .drums && $0.pitch == 49 })
        #expect(ending.contains { $0.part == .bass && Int($0.pitch) % 12 == F.f.root && $0.lengthBeats > 3 })
    }

    @Test func theEndingIsOverAfterItsBarsLastBeat() throws {
        let band = try arranger("rock")
        var endedBefore: [Bool] = []  // hasEnded as each beat is about to be arranged
        _ = F.play(band, progression(4), beatsPerBar: 4) { beat in
            endedBefore.append(band.hasEnded)
            return BandDirection(intensity: 0.5, ending: beat >= 6)
        }
        // Asked in bar 2; the ending bar is bar 3 (beats 8–11); over once beat 11 is arranged.
        #expect(endedBefore[..<12].allSatisfy { !$0 })
        #expect(endedBefore[12...].allSatisfy { $0 })
        // Withdrawing the cue brings the band back.
        _ = F.play(band, progression(4), beatsPerBar: 4, startBeat: 16) { _ in BandDirection(intensity: 0.5) }
        #expect(!band.hasEnded)
    }

    @Test func anOffBeatHeldOverAChangeAnticipatesTheNextChord() throws {
        // Jazz medium keys: a push on the "and" of 4 of every other bar, tied into the next bar.
        let notes = F.play(try arranger("jazz-swing"), progression(4), beatsPerBar: 4, intensity: 0.5)
        let push = notes.filter { $0.part == .keys && $0.beat > 3.5 && $0.beat < 3.8 }
        #expect(!push.isEmpty)
        #expect(Set(push.map { Int($0.pitch) % 12 }) == [9, 0, 4])  // Am, the next chord
        #expect(!notes.contains { $0.part == .keys && abs($0.beat - 4) < 0.1 })  // tied: no re-strike
        // Bossa bass: the "and" of 4 plays the next chord's root.
        let bossa = F.play(try arranger("bossa-nova"), progression(4), beatsPerBar: 4, intensity: 0.5)
        for (bar, next) in [F.am, F.f, F.g].enumerated() {
            let pickup = bossa.filter { $0.part == .bass && abs($0.beat - Double(bar * 4) - 3.5) < 0.05 }
            #expect(pickup.count == 1 && Int(pickup[0].pitch) % 12 == next.root)
        }
    }

    @Test func heldChordsAreReStruckAtAChordChange() throws {
        // Classical strings, sparse: a whole-bar chord, with the harmony changing every two beats.
        let spans = [F.c, F.am, F.f, F.g].map { F.Span(chord: $0, beats: 2) }
        let notes = F.play(try arranger("classical-strings"), spans, beatsPerBar: 4, intensity: 0.2)
        for (i, chord) in [F.c, F.am, F.f, F.g].enumerated() {
            let struck = notes.filter { $0.part == .strings && abs($0.beat - Double(2 * i)) < 0.05 }
            #expect(struck.count == 4, "chord \(i)")
            #expect(Set(struck.map { Int($0.pitch) % 12 }) == Set(ChordQuality.major.intervals.map { (chord.root! + $0) % 12 })
                    || chord == F.am)
            #expect(struck.allSatisfy { $0.beat + $0.lengthBeats <= Double(2 * i + 2) + 0.01 })  // cut at the change
        }
    }

    @Test func chorusIsBusierAndLouderThanVerseAndIntroSparser() throws {
        func play(_ section: SectionLabel) throws -> [BandNote] {
            F.play(try arranger("pop"), progression(4), beatsPerBar: 4) { _ in
                BandDirection(intensity: 0.5, section: section)
            }
        }
        let verse = try play(.verse), chorus = try play(.chorus), intro = try play(.intro)
        #expect(chorus.count > verse.count && verse.count > intro.count)
        func meanVelocity(_ n: [BandNote]) -> Double { Double(n.reduce(0) { $0 + Int($1.velocity) }) / Double(n.count) }
        #expect(meanVelocity(chorus) > meanVelocity(verse))
    }
}
