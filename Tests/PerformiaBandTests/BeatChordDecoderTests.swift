import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct BeatChordDecoderTests {
    let hop: SampleTime = 2048
    let beatFrames: SampleTime = 24000

    /// An idealised chroma frame sounding `pitchClasses` (bass on the first), at `level`.
    func frame(at time: SampleTime, _ pitchClasses: [Int], level: Float = 1) -> ChromaFrame {
        var bass = SIMD16<Float>(), treble = SIMD16<Float>()
        if let root = pitchClasses.first { bass[root] = level }
        for p in pitchClasses { treble[p] = level }
        return ChromaFrame(time: time, bass: bass, treble: treble, level: level)
    }

    @Test func aChangeIsHeardFromTheFirstFramesOfItsBeat() {
        var decoder = BeatChordDecoder(edgeGuardFrames: 4096)
        var t: SampleTime = 0
        // Four beats of C major, then G major from beat 4; frames every hop.
        func feed(until end: SampleTime) {
            while t < end {
                decoder.add(frame(at: t, t < 4 * beatFrames ? [0, 4, 7] : [7, 11, 2]))
                t += hop
            }
        }
        for beat in 0..<3 {
            feed(until: SampleTime(beat + 2) * beatFrames)
            let chord = decoder.completeBeat(start: SampleTime(beat) * beatFrames, end: SampleTime(beat + 1) * beatFrames,
                                             changeProbability: beat % 4 == 0 ? 0.35 : 0.04)
            #expect(chord == ChordLabel(root: 0, quality: .major))
        }
        feed(until: 4 * beatFrames)
        #expect(decoder.currentChord(start: 4 * beatFrames, changeProbability: 0.35) == nil, "no frame of beat 4 yet")
        _ = decoder.completeBeat(start: 3 * beatFrames, end: 4 * beatFrames, changeProbability: 0.04)
        // A third of the way into beat 4 its first frames are in.
        feed(until: 4 * beatFrames + 8000)
        #expect(decoder.currentChord(start: 4 * beatFrames, changeProbability: 0.35) == ChordLabel(root: 7, quality: .major))
    }

    /// A beat of F, then a beat sounding only E (in the bass) and C: C major or A minor, equally: the chord
    /// the song already uses is heard.
    /// (`expecting`: the chord a sheet says comes next; `held`: the second beat still sounds F.)
    func ambiguousChange(vocabulary: ChordLabel, expecting: ChordLabel = .noChord, held: Bool = false) -> ChordLabel {
        var decoder = BeatChordDecoder(edgeGuardFrames: 4096)
        decoder.addToSongVocabulary(ChordLabel(root: 5, quality: .major), beats: 8)
        decoder.addToSongVocabulary(vocabulary, beats: 8)
        decoder.expectedChange = expecting
        var t: SampleTime = 0
        while t < 3 * beatFrames {
            decoder.add(frame(at: t, t < beatFrames || held ? [5, 9, 0] : [4, 0]))
            t += hop
        }
        _ = decoder.completeBeat(start: 0, end: beatFrames, changeProbability: 0.35)
        return decoder.completeBeat(start: beatFrames, end: 2 * beatFrames, changeProbability: 0.35)
    }

    @Test func anAmbiguousChangeGoesToAChordTheSongUses() {
        #expect(ambiguousChange(vocabulary: ChordLabel(root: 0, quality: .major)) == ChordLabel(root: 0, quality: .major))
        #expect(ambiguousChange(vocabulary: ChordLabel(root: 9, quality: .minor)) == ChordLabel(root: 9, quality: .minor))
    }

    @Test func anAmbiguousChangeGoesToTheChordTheSheetExpectsButNoChangeIsInvented() {
        let c = ChordLabel(root: 0, quality: .major), am = ChordLabel(root: 9, quality: .minor)
        let f = ChordLabel(root: 5, quality: .major)
        // The song has used C as much as F; the sheet says A minor comes next.
        #expect(ambiguousChange(vocabulary: c, expecting: am) == am)
        #expect(ambiguousChange(vocabulary: c) == c)
        // F sounding on: the expected change is not heard.
        #expect(ambiguousChange(vocabulary: c, expecting: am, held: true) == f)
    }

    @Test func theKeyPriorPrefersTheKeysChords() {
        // Without a song vocabulary: a corpus prior that knows only A minor decides.
        var decoder = BeatChordDecoder(edgeGuardFrames: 4096)
        decoder.setKeyPrior { $0 == ChordLabel(root: 9, quality: .minor) ? 1 : 0 }
        var t: SampleTime = 0
        while t < 3 * beatFrames {
            decoder.add(frame(at: t, t < beatFrames ? [5, 9, 0] : [4, 0]))
            t += hop
        }
        _ = decoder.completeBeat(start: 0, end: beatFrames, changeProbability: 0.35)
        #expect(decoder.completeBeat(start: beatFrames, end: 2 * beatFrames, changeProbability: 0.35) == ChordLabel(root: 9, quality: .minor))
    }

    @Test func aQuietBeatIsNoChordAndDecodingAllocatesNothing() {
        var decoder = BeatChordDecoder(edgeGuardFrames: 4096)
        var t: SampleTime = 0
        while t < 2 * beatFrames {
            decoder.add(frame(at: t, [9, 0, 4]))
            t += hop
        }
        #expect(decoder.completeBeat(start: 0, end: beatFrames, changeProbability: 0.35) == ChordLabel(root: 9, quality: .minor))
        var quiet: ChordLabel?
        var frames: [ChromaFrame] = []
        while t < 4 * beatFrames {
            frames.append(frame(at: t, [9, 0, 4], level: 0.001))
            t += hop
        }
        decoder.expectedChange = ChordLabel(root: 5, quality: .major)
        let allocations = countAllocations {
            // (An index loop: a debug build's array iterator in a closure allocates.)
            for i in 0..<frames.count { decoder.add(frames[i]) }
            _ = decoder.completeBeat(start: beatFrames, end: 2 * beatFrames, changeProbability: 0.04)
            quiet = decoder.currentChord(start: 3 * beatFrames, changeProbability: 0.04)
        }
        #expect(allocations == 0)
        #expect(quiet?.isNoChord == true)
    }
}
