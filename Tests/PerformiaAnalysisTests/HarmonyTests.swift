import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// Beats every `60/bpm` s from `offset`, `beatsPerBar` to the bar.
private func grid(bpm: Double, beats: Int, beatsPerBar: Int = 4, offset: Double = 0.5, sampleRate: Double = 44100) -> [Beat] {
    (0..<beats).map { b in
        Beat(time: SampleTime((offset + Double(b) * 60 / bpm) * sampleRate), bar: b / beatsPerBar + 1,
             beatInBar: b % beatsPerBar + 1)
    }
}

/// Chroma frames of `audio` from `NNLSChromaDetector`.
private func chromaFrames(_ audio: [Float], sampleRate: Double = 44100) -> (frames: [ChromaFrame], tuningCents: Double) {
    let detector = NNLSChromaDetector()
    var frames: [ChromaFrame] = []
    let source = ArraySource(channels: [audio], sampleRate: sampleRate)
    _ = OfflineRunner(blockFrames: 4096).run(detector, source: source, onEvents: { events in
        for i in 0..<events.count { frames.append(events[i]) }
    })
    return (frames, detector.tuningCents)
}

/// Renders a progression, one chord per `beatsPerChord` beats at `bpm`, and recognises it.
private func recognise(_ chords: [ChordLabel], bpm: Double = 120, beatsPerChord: Int = 4,
                       detuneCents: Double = 0) -> (segments: [ChordSegment], beats: [Beat]) {
    let beats = grid(bpm: bpm, beats: chords.count * beatsPerChord)
    let beatSeconds = 60 / bpm
    var events: [ChordSignals.Event] = []
    for (i, chord) in chords.enumerated() {
        guard let root = chord.root else { continue }
        let start = 0.5 + Double(i * beatsPerChord) * beatSeconds
        events.append(.init(notes: ChordSignals.voicing(root: root, intervals: chord.quality.intervals),
                            start: start, end: start + Double(beatsPerChord) * beatSeconds))
    }
    let seconds = 0.5 + Double(chords.count * beatsPerChord) * beatSeconds + 1
    let audio = ChordSignals.render(events, seconds: seconds, detuneCents: detuneCents)
    let frames = chromaFrames(audio).frames
    let segments = ChordRecognizer().recognize(frames, rhythm: beats, beatsPerBar: 4)
    return (segments, beats)
}

/// The chord recognised at each beat.
private func chordPerBeat(_ segments: [ChordSegment], beats: [Beat]) -> [ChordLabel] {
    beats.map { beat in segments.first { $0.start <= beat.time && beat.time < $0.end }?.chord ?? .noChord }
}

@Suite struct NNLSSolverTests {
    /// A random non-negative 40 × 12 dictionary (row-major columns) and its Gram matrix.
    func problem(seed: UInt64) -> (a: [[Double]], gram: [Double]) {
        var rng = XorshiftGenerator(seed: seed)
        let a = (0..<12).map { _ in (0..<40).map { _ in Double.random(in: 0...1, using: &rng) } }
        var gram = [Double](repeating: 0, count: 144)
        for i in 0..<12 { for j in 0..<12 { gram[i * 12 + j] = zip(a[i], a[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        return (a, gram)
    }

    @Test func solutionMeetsTheOptimalityConditions() {
        let (a, gram) = problem(seed: 7)
        var rng = XorshiftGenerator(seed: 9)
        let b = (0..<40).map { _ in Double.random(in: -0.5...1, using: &rng) }
        let atb = (0..<12).map { i in zip(a[i], b).reduce(0) { $0 + $1.0 * $1.1 } }
        var x = [Double](repeating: -1, count: 12)
        NNLSSolver(gram: gram, columnCount: 12).solve(atb: atb, solution: &x)
        // KKT: x ≥ 0; the gradient Aᵀ(b − Ax) is ≤ 0 where x = 0 and 0 where x > 0.
        for i in 0..<12 {
            let gradient = atb[i] - (0..<12).reduce(0) { $0 + gram[i * 12 + $1] * x[$1] }
            #expect(x[i] >= 0)
            if x[i] > 0 { #expect(abs(gradient) < 1e-8, "gradient \(gradient) at active \(i)") }
            else { #expect(gradient < 1e-8, "gradient \(gradient) at bound \(i)") }
        }
        #expect(x.contains { $0 > 0 }, "a non-trivial problem has a non-zero solution")
    }

    @Test func recoversASparseNonNegativeMixture() {
        let (a, gram) = problem(seed: 3)
        let truth: [Double] = [0, 2, 0, 0, 0.5, 0, 0, 0, 1, 0, 0, 0]
        let b = (0..<40).map { r in (0..<12).reduce(0) { $0 + a[$1][r] * truth[$1] } }
        let atb = (0..<12).map { i in zip(a[i], b).reduce(0) { $0 + $1.0 * $1.1 } }
        var x = [Double](repeating: 0, count: 12)
        NNLSSolver(gram: gram, columnCount: 12).solve(atb: atb, solution: &x)
        for i in 0..<12 { #expect(abs(x[i] - truth[i]) < 1e-6, "x[\(i)] = \(x[i])") }
    }
}

extension NNLSSolverTests {
    /// A warm start (the previous problem's support) reaches the same optimum as a cold one, over
    /// a sequence of related problems like consecutive spectrogram frames, and after `reset`.
    @Test func warmStartReachesTheColdOptimum() {
        let (a, gram) = problem(seed: 11)
        let warm = NNLSSolver(gram: gram, columnCount: 12)
        warm.warmStart = true
        let cold = NNLSSolver(gram: gram, columnCount: 12)
        var rng = XorshiftGenerator(seed: 5)
        var b = (0..<40).map { _ in Double.random(in: -0.2...1, using: &rng) }
        var supportsDiffer = false
        var previousSupport: [Bool] = []
        for step in 0..<40 {
            for r in 0..<40 { b[r] = 0.7 * b[r] + 0.3 * Double.random(in: -0.5...1, using: &rng) }
            if step == 20 { warm.reset() }
            let atb = (0..<12).map { i in zip(a[i], b).reduce(0) { $0 + $1.0 * $1.1 } }
            var x = [Double](repeating: -1, count: 12), y = x
            warm.solve(atb: atb, solution: &x)
            cold.solve(atb: atb, solution: &y)
            for i in 0..<12 { #expect(abs(x[i] - y[i]) < 1e-9, "step \(step) x[\(i)] \(x[i]) against \(y[i])") }
            let support = x.map { $0 > 0 }
            if !previousSupport.isEmpty && support != previousSupport { supportsDiffer = true }
            previousSupport = support
        }
        #expect(supportsDiffer, "the sequence must move the support, or the warm start is never tested")
    }
}

@Suite struct NNLSChromaTests {
    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 1024) { NNLSChromaDetector() }
    let input = [ChordSignals.render([.init(notes: [48, 60, 64, 67], start: 0.1, end: 1.2),
                                      .init(notes: [43, 62, 67, 71], start: 1.2, end: 2.0)], seconds: 2.2)]

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func processAllocatesNothing() {
        #expect(verifier.verifyNoAllocations(input: input, calls: 400) == nil)
    }

    @Test func impulseShowsDeclaredLatency() {
        // Frames are centred every hop; put the impulse on a centre: the frame stamped there
        // (the loudest) is emitted frameSize/2 later.
        let detector = NNLSChromaDetector()
        detector.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 1, channelCount: 1))
        let impulse = 2 * detector.hopFrames + detector.frameSize / 2
        #expect(verifier.verifyLatency(impulseFrame: impulse, frameCount: impulse + detector.frameSize,
                                       stampToleranceFrames: 0) { events in
            events.max { $0.level < $1.level }
        } == nil)
    }

    @Test func triadLightsItsThreePitchClassesAndTheRootInTheBass() {
        let audio = ChordSignals.render([.init(notes: ChordSignals.voicing(root: 2, intervals: [0, 4, 7]),
                                               start: 0, end: 3)], seconds: 3)  // D major
        let frames = chromaFrames(audio).frames.filter { $0.time > 20000 && $0.time < 110000 }
        #expect(!frames.isEmpty)
        for frame in frames {
            let top = (0..<12).sorted { frame.treble[$0] > frame.treble[$1] }.prefix(3)
            #expect(Set(top) == [2, 6, 9], "treble \(frame.treble)")
            #expect((0..<12).max { frame.bass[$0] < frame.bass[$1] } == 2, "bass \(frame.bass)")
        }
    }

    @Test(arguments: [-40.0, 25.0, 40.0])
    func tuningIsMeasuredAndCompensated(cents: Double) {
        let audio = ChordSignals.render([.init(notes: ChordSignals.voicing(root: 0, intervals: [0, 3, 7]),
                                               start: 0, end: 4)], seconds: 4, detuneCents: cents)  // C minor
        let (frames, tuning) = chromaFrames(audio)
        #expect(abs(tuning - cents) < 6, "tuning \(tuning) for \(cents) cents")
        let late = frames.filter { $0.time > 88200 && $0.time < 150000 }
        #expect(!late.isEmpty)
        for frame in late {
            let top = (0..<12).sorted { frame.treble[$0] > frame.treble[$1] }.prefix(3)
            #expect(Set(top) == [0, 3, 7], "treble \(frame.treble)")
        }
    }
}

@Suite struct ChordRecognizerTests {
    @Test(arguments: ChordQuality.allCases)
    func recognisesEveryQualityOnEveryKindOfRoot(quality: ChordQuality) {
        let chords = [0, 5, 7, 10, 3, 8].map { ChordLabel(root: $0, quality: quality) }
        let (segments, beats) = recognise(chords)
        let found = chordPerBeat(segments, beats: beats)
        var correct = 0
        for (i, chord) in found.enumerated() where chord == chords[i / 4] { correct += 1 }
        // Augmented triads are symmetric (C+ = E+ = G#+): the bass names the root, so allow the
        // one beat at each change where the old bass still rings.
        #expect(Double(correct) / Double(found.count) >= 0.9,
                "\(quality.harte): \(found.map { $0.harte() })")
    }

    @Test func changesLandOnTheBeat() {
        let chords = [ChordLabel(root: 7, quality: .major), ChordLabel(root: 4, quality: .minor),
                      ChordLabel(root: 0, quality: .major), ChordLabel(root: 2, quality: .dominantSeventh)]
        let (segments, beats) = recognise(chords, bpm: 96, beatsPerChord: 2)
        let tonal = segments.filter { !$0.chord.isNoChord }
        #expect(tonal.map { $0.chord } == chords)
        for (i, segment) in tonal.enumerated() { #expect(segment.start == beats[i * 2].time) }
    }

    @Test func noiseSilenceAndOneNoteAreNoChord() {
        let beats = grid(bpm: 120, beats: 16)
        let seconds = 9.0
        var cases: [(String, [Float])] = [
            ("noise", Signals.noise(seconds: seconds, amplitude: 0.3)),
            ("silence", [Float](repeating: 0, count: Int(seconds * 44100))),
            ("one note", ChordSignals.render([.init(notes: [57], start: 0.3, end: 8.8)], seconds: seconds)),
            ("octaves", ChordSignals.render([.init(notes: [45, 57, 69], start: 0.3, end: 8.8)], seconds: seconds)),
        ]
        cases.append(("clicks", Signals.clickTrack(bpm: 120, seconds: seconds)))
        for (name, audio) in cases {
            let frames = chromaFrames(audio).frames
            let segments = ChordRecognizer().recognize(frames, rhythm: beats, beatsPerBar: 4)
            let chords = chordPerBeat(segments, beats: beats)
            let none = chords.filter { $0.isNoChord }.count
            #expect(Double(none) / Double(chords.count) >= 0.9, "\(name): \(chords.map { $0.harte() })")
        }
    }

    @Test func quarterToneFlatRecordingIsReadConsistently() {
        // 50 cents is exactly between two semitone grids: the tuning may resolve either way, but the
        // chords must then all be read on the same grid — as written, or all a semitone lower.
        let chords = [ChordLabel(root: 9, quality: .minor), ChordLabel(root: 5, quality: .major),
                      ChordLabel(root: 0, quality: .major), ChordLabel(root: 7, quality: .major)]
        let (segments, beats) = recognise(chords, detuneCents: -50)
        let found = chordPerBeat(segments, beats: beats)
        let asWritten = found.enumerated().filter { $0.element == chords[$0.offset / 4] }.count
        let lower = found.enumerated().filter {
            $0.element == ChordLabel(root: chords[$0.offset / 4].root.map { $0 - 1 }, quality: chords[$0.offset / 4].quality)
        }.count
        #expect(Double(max(asWritten, lower)) / Double(found.count) >= 0.9, "\(found.map { $0.harte() })")
    }

    /// C and E alone fit C major and A minor equally: the learned model's probabilities decide,
    /// A minor for the first eight beats and C major for the last eight.
    @Test func learnedEvidenceDecidesAnAmbiguousDyad() {
        let beats = grid(bpm: 120, beats: 16)
        let audio = ChordSignals.render([.init(notes: [60, 64, 72, 76], start: 0.3, end: 8.6)], seconds: 9)
        let frames = chromaFrames(audio).frames
        let hop = 441, frameCount = 900
        var probabilities = [Float](repeating: 0.001, count: frameCount * LearnedChordActivation.classCount)
        for t in 0..<frameCount {
            let minorA = SampleTime(t * hop) < beats[8].time
            probabilities[t * LearnedChordActivation.classCount + (minorA ? 2 + 2 * 9 : 1)] = 0.976
        }
        let learned = LearnedChordActivation(probabilities: probabilities, firstTime: 0, hopFrames: hop)
        let chords = chordPerBeat(ChordRecognizer().recognize(frames, rhythm: beats, beatsPerBar: 4, learned: learned),
                                  beats: beats)
        #expect(chords[1..<8].allSatisfy { $0 == ChordLabel(root: 9, quality: .minor) }, "\(chords.map { $0.harte() })")
        #expect(chords[9..<15].allSatisfy { $0 == ChordLabel(root: 0, quality: .major) }, "\(chords.map { $0.harte() })")
    }
}

/// The chord model's input moved by the tuning: whole and fractional semitones, edges held.
@Suite struct RetunedSpectrumTests {
    @Test func shiftsByInterpolatingNeighbouringBands() {
        let row: [Float] = [0, 1, 0, 0, 2]
        #expect(LearnedChordActivation.retuned(row, bandCount: 5, cents: 0) == row)
        #expect(LearnedChordActivation.retuned(row, bandCount: 5, cents: 100) == [1, 0, 0, 2, 2])
        #expect(LearnedChordActivation.retuned(row, bandCount: 5, cents: -100) == [0, 0, 1, 0, 0])
        #expect(LearnedChordActivation.retuned(row + row, bandCount: 5, cents: 50) == [0.5, 0.5, 0, 1, 2, 0.5, 0.5, 0, 1, 2])
        let down = LearnedChordActivation.retuned(row, bandCount: 5, cents: -25)
        #expect(zip(down, [0, 0.75, 0.25, 0, 1.5] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(down)")
    }
}

@Suite struct KeyEstimatorTests {
    func segments(_ symbols: [String], beatFrames: SampleTime = 22050, beatsEach: SampleTime = 4) -> [ChordSegment] {
        symbols.enumerated().map { i, symbol in
            ChordSegment(start: SampleTime(i) * beatsEach * beatFrames, end: SampleTime(i + 1) * beatsEach * beatFrames,
                         chord: ChordLabel(harte: symbol)!, confidence: 1)
        }
    }

    @Test(arguments: [
        (["D:maj", "G:maj", "A:7", "D:maj", "B:min", "E:min7", "A:7", "D:maj"], "D major"),
        (["A:min", "D:min", "E:7", "A:min", "F:maj", "D:min", "E:7", "A:min"], "A minor"),
        (["E:min", "C:maj", "G:maj", "D:maj", "E:min", "C:maj", "B:7", "E:min"], "E minor"),
        (["Bb:maj7", "G:min7", "C:min7", "F:7", "Bb:maj7", "Eb:maj7", "F:7", "Bb:maj7"], "Bb major"),
    ])
    func findsTheKeyOfAProgression(symbols: [String], key: String) {
        let result = KeyEstimator().estimate(segments(symbols + symbols))
        #expect(result.global?.name == key)
        #expect(result.segments.count == 1)
        #expect(result.confidence > 0.2)
    }

    @Test func followsAModulationUpATone() {
        let inC = ["C:maj", "F:maj", "G:7", "C:maj", "A:min", "D:min", "G:7", "C:maj"]
        let inD = ["D:maj", "G:maj", "A:7", "D:maj", "B:min", "E:min", "A:7", "D:maj"]
        let result = KeyEstimator().estimate(segments(inC + inC + inD + inD + inD))
        #expect(result.segments.map { $0.key.name } == ["C major", "D major"])
        #expect(result.global?.name == "D major")
        let change = Int(result.segments[1].start)
        let written = 16 * 4 * 22050
        let twoBars = 2 * 4 * 22050
        #expect(abs(change - written) <= twoBars, "change at \(change)")
    }

    @Test func noChordsMeanNoKey() {
        let result = KeyEstimator().estimate(segments(["N", "N"]))
        #expect(result.global == nil && result.confidence == 0 && result.segments.isEmpty)
    }
}

@Suite struct CausalChordTrackerTests {
    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 512) { CausalChordTracker() }
    let change = 2.0
    var input: [[Float]] {
        [ChordSignals.render([.init(notes: ChordSignals.voicing(root: 0, intervals: [0, 4, 7]), start: 0.8, end: change),
                              .init(notes: ChordSignals.voicing(root: 7, intervals: [0, 4, 7]), start: change, end: 4)],
                             seconds: 4.5)]
    }

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func processAllocatesNothing() {
        #expect(verifier.verifyNoAllocations(input: input, calls: 400) == nil)
    }

    @Test func changeIsStampedWhenItHappensAndDecidedWithinTheDeclaredLatency() throws {
        let tracker = CausalChordTracker()
        tracker.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 128, channelCount: 1))
        let events = verifier.run(tracker, input: input, finish: false) { _ in 128 }
        #expect(events.map { $0.event.chord.harte() } == ["N", "C:maj", "G:maj"])
        let g = try #require(events.last)
        let stampError = abs(Double(g.event.time) / 44100 - change)
        #expect(stampError < 0.1, "G stamped \(Double(g.event.time) / 44100) s")
        // Decided no later than the declared latency (plus one block and one chroma hop) after
        // its stamp.
        let decisionDelay: SampleTime = g.emittedAt - g.event.time
        let allowed = SampleTime(tracker.latencyFrames + 128 + 2048)
        #expect(decisionDelay <= allowed)
        #expect(Double(tracker.latencyFrames) / 44100 < 0.4)
    }

    @Test func lagForATempoKeepsLatencyWithinABeat() {
        for bpm in [90.0, 140.0, 180.0] {
            let tracker = CausalChordTracker(maximumTempoBPM: bpm, sampleRate: 48000)
            tracker.prepare(ProcessSpec(sampleRate: 48000, maximumBlockFrames: 128, channelCount: 1))
            #expect(Double(tracker.latencyFrames) <= 60 / bpm * 48000, "\(bpm) BPM")
        }
    }
}

@Suite struct ChordLabelTests {
    @Test func harteRoundTripsAndSpellsForTheKey() throws {
        for text in ["N", "C:maj", "Eb:min7", "F#:7", "B:maj7", "G:dim", "Ab:aug", "D:sus2", "A:sus4", "C#:min"] {
            let label = try #require(ChordLabel(harte: text), "\(text)")
            let spelling: PitchSpelling = text.contains("#") ? .sharps : .flats
            #expect(label.harte(spelling: spelling) == text)
        }
        #expect(ChordLabel(harte: "H:maj") == nil && ChordLabel(harte: "C:min9") == nil && ChordLabel(harte: "") == nil)
        #expect(ChordLabel(harte: "Bb:min7")?.chartSymbol() == "Bbm7")
        #expect(PitchSpelling(key: MusicalKey(tonic: 4, isMinor: true)) == .sharps)  // E minor: F#
        #expect(PitchSpelling(key: MusicalKey(tonic: 2, isMinor: true)) == .flats)   // D minor: Bb
        #expect(MusicalKey(tonic: 6, isMinor: false).name == "F# major")
        #expect(MusicalKey(tonic: 10, isMinor: true).chartName == "Bbm")
    }

    @Test(arguments: ChordQuality.allCases)
    func theMaskHoldsTheIntervalsFromTheRoot(quality: ChordQuality) {
        for root in 0..<12 {
            let mask = ChordLabel(root: root, quality: quality).pitchClassMask
            let expected = quality.intervals.reduce(UInt16(0)) { $0 | 1 << UInt16((root + $1) % 12) }
            #expect(mask == expected, "\(root) \(quality)")
        }
        #expect(ChordLabel.noChord.pitchClassMask == 0)
    }

    @Test func likenessCountsTheSharedNotes() throws {
        let label = { (text: String) in ChordLabel(harte: text)! }
        #expect(label("C:maj").likeness(to: label("C:maj")) == 1)
        #expect(label("A:min7").likeness(to: label("C:maj")) == 0.75)   // A C E G ⊃ C E G
        #expect(label("B:dim").likeness(to: label("D:min")) == 0.5)     // B D F, D F A
        #expect(label("C:maj").likeness(to: label("F#:maj")) == 0)
        #expect(label("C:maj").likeness(to: .noChord) == 0 && ChordLabel.noChord.likeness(to: .noChord) == 0)
    }
}
