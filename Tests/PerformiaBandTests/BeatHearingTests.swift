import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
import Testing

/// `BeatHearing` alone: the chord of each beat, skipped beats, changes and the harmonic rhythm.
@Suite struct BeatHearingTests {
    let hop: SampleTime = 2048
    let beatFrames: SampleTime = 24000
    let c = ChordLabel(root: 0, quality: .major), g = ChordLabel(root: 7, quality: .major)

    func frame(at time: SampleTime, _ pitchClasses: [Int]) -> ChromaFrame {
        var bass = SIMD16<Float>(), treble = SIMD16<Float>()
        if let root = pitchClasses.first { bass[root] = 1 }
        for p in pitchClasses { treble[p] = 1 }
        return ChromaFrame(time: time, bass: bass, treble: treble, level: 1)
    }

    /// C major for `changeBeat` beats, then G major, a frame every hop up to `end`.
    func feed(_ hearing: inout BeatHearing, from start: inout SampleTime, until end: SampleTime, changeBeat: Int) {
        while start < end {
            hearing.hear(frame(at: start, start < SampleTime(changeBeat) * beatFrames ? [0, 4, 7] : [7, 11, 2]))
            start += hop
        }
    }

    @Test func completedBeatsNameTheirChordAndTheChangeOnTheBeatItHappens() {
        var hearing = BeatHearing(beatsPerBar: 4, sampleRate: 48000)
        #expect(!hearing.hearsChroma && hearing.completedThrough == Int.min)
        var t: SampleTime = 0
        var changes: [Int: ChordLabel] = [:]
        for beat in 0..<8 {
            feed(&hearing, from: &t, until: SampleTime(beat + 2) * beatFrames, changeBeat: 4)
            let p = hearing.changeProbability(ofBeat: beat, beatInBar: beat % 4 + 1, beatsPerBar: 4)
            let completed = hearing.complete(beat: beat, start: SampleTime(beat) * beatFrames,
                                             end: SampleTime(beat + 1) * beatFrames, changeProbability: p, expecting: .noChord)
            #expect(completed.isHeard && completed.skippedBeats == 0)
            #expect(completed.chord == (beat < 4 ? c : g), "beat \(beat): \(completed.chord)")
            if let change = completed.change { changes[beat] = change }
        }
        #expect(hearing.hearsChroma && hearing.completedThrough == 7)
        // The first beat follows none: no change; C → G on beat 4.
        #expect(changes == [4: g])
        // The sounding beat 8 is heard from its first frames.
        feed(&hearing, from: &t, until: 8 * beatFrames + 8000, changeBeat: 4)
        #expect(hearing.sounding(start: 8 * beatFrames, changeProbability: 0.35, expecting: .noChord) == g)
    }

    @Test func beatsNeverCompletedAreCountedAndBreakTheRhythm() {
        var hearing = BeatHearing(beatsPerBar: 4, sampleRate: 48000)
        var t: SampleTime = 0
        feed(&hearing, from: &t, until: 12 * beatFrames, changeBeat: 100)
        _ = hearing.complete(beat: 0, start: 0, end: beatFrames, changeProbability: 0.35, expecting: .noChord)
        let after = hearing.complete(beat: 5, start: 5 * beatFrames, end: 6 * beatFrames, changeProbability: 0.04,
                                     expecting: .noChord)
        #expect(after.skippedBeats == 4 && after.change == nil && after.chord == c)
        let far = hearing.complete(beat: 20, start: 10 * beatFrames, end: 11 * beatFrames, changeProbability: 0.04,
                                   expecting: .noChord)
        #expect(far.skippedBeats == 8, "at most 8")
    }

    @Test func theKeyFollowsTheChordsHeardAndResetForgetsEverything() {
        var hearing = BeatHearing(beatsPerBar: 4, sampleRate: 48000)
        #expect(hearing.key(atBeat: 0) == nil)
        let f = ChordLabel(root: 5, quality: .major), g7 = ChordLabel(root: 7, quality: .dominantSeventh)
        for (i, chord) in [c, f, g7, c, f, g7, c].enumerated() { hearing.hearKey(chord, atBeat: Double(4 * i)) }
        #expect(hearing.key(atBeat: 28) == MusicalKey(tonic: 0, isMinor: false))
        var t: SampleTime = 0
        feed(&hearing, from: &t, until: 2 * beatFrames, changeBeat: 4)
        hearing.reset()
        #expect(!hearing.hearsChroma && hearing.completedThrough == Int.min && hearing.key(atBeat: 28) == nil)
    }
}
