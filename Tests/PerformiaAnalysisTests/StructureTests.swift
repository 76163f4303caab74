@testable import PerformiaAnalysis
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// A song made directly as detector output: 100 frames per second, 4/4 at 120 BPM (50 frames a
/// beat), every section a chord progression (one chord a bar) played with its own spectral
/// envelope and loudness, with a kick on beats 1 and 3 and uniform noise on every lane.
struct SyntheticSong {
    struct Part {
        var name: String
        /// Pitch classes of the chord of each bar.
        var chords: [[Int]]
        /// Spectral-envelope profile (16 slices) and overall level.
        var envelope: SIMD16<Float>
        var level: Float = 1
    }

    static let sampleRate = 44100.0
    static let hop = 441
    static let framesPerBeat = 50
    static let beatsPerBar = 4

    var signal = OnsetSignal(sampleRate: sampleRate, hopFrames: hop)
    var rhythm = RhythmAnalysis(tempo: TempoEstimate(globalBPM: 120, curve: [], confidence: 1),
                                meter: Meter(beatsPerBar: 4, subdivision: 2), beats: [], confidence: 1)
    /// Bar index at which each part starts, and the total bar count.
    var partStartBars: [Int] = []
    var barCount = 0

    init(_ parts: [Part], noise: Float = 0.6, seed: UInt64 = 7, leadInFrames: Int = 60) {
        var rng = XorshiftGenerator(seed: seed)
        func jitter() -> Float { Float.random(in: -noise...noise, using: &rng) }
        signal.firstTime = 1024
        var beats: [Beat] = []
        for _ in 0..<leadInFrames { append(chroma: SIMD16(), timbre: SIMD16(), flux: 0, lowFlux: 0, jitter: jitter) }
        var bar = 0
        for part in parts {
            partStartBars.append(bar)
            for chord in part.chords {
                bar += 1
                for beat in 0..<Self.beatsPerBar {
                    beats.append(Beat(time: signal.time(ofFrame: Double(signal.count)), bar: bar, beatInBar: beat + 1))
                    for f in 0..<Self.framesPerBeat {
                        var chroma = SIMD16<Float>(repeating: 2)
                        for pc in chord { chroma[pc] = 8 }
                        var timbre = part.envelope * part.level
                        let kick = f < 5 && beat % 2 == 0
                        if kick { timbre[0] += 2; timbre[1] += 1.5 }
                        let onset: Float = f == 0 ? (kick ? 3 : 1.5) : 0.1
                        append(chroma: chroma * part.level, timbre: timbre, flux: onset * part.level,
                               lowFlux: kick && f == 0 ? 2 : 0.05, jitter: jitter)
                    }
                }
            }
        }
        barCount = bar
        for _ in 0..<leadInFrames { append(chroma: SIMD16(), timbre: SIMD16(), flux: 0, lowFlux: 0, jitter: jitter) }
        rhythm.beats = beats
    }

    private mutating func append(chroma: SIMD16<Float>, timbre: SIMD16<Float>, flux: Float, lowFlux: Float,
                                 jitter: () -> Float) {
        var c = chroma
        var t = timbre
        for i in 0..<12 { c[i] = max(0, c[i] + jitter()) }
        for i in 0..<16 { t[i] = max(0, t[i] + 0.3 * jitter()) }
        let k = signal.count
        signal.append(OnsetFrame(time: signal.firstTime + SampleTime(k * Self.hop), flux: max(0, flux + 0.1 * jitter()),
                                 lowFlux: max(0, lowFlux + 0.05 * jitter()), chroma: c, timbre: t))
    }

    /// SampleTime of the downbeat of bar index `bar` (0-based).
    func time(ofBar bar: Int) -> SampleTime { rhythm.beats[bar * Self.beatsPerBar].time }

    var barSamples: SampleTime { SampleTime(Self.beatsPerBar * Self.framesPerBeat * Self.hop) }

    // MARK: material

    static let c = [0, 4, 7], am = [9, 0, 4], f = [5, 9, 0], g = [7, 11, 2], dm = [2, 5, 9], em = [4, 7, 11]
    static let bb = [10, 2, 5], eb = [3, 7, 10], ab = [8, 0, 3], d = [2, 6, 9], e = [4, 8, 11], bm = [11, 2, 6]

    static func envelope(tilt: Float, bump: Int) -> SIMD16<Float> {
        var v = SIMD16<Float>()
        for i in 0..<16 { v[i] = max(0.05, 2 - tilt * Float(i) / 15) }
        v[bump] += 1.5
        return v
    }
}

@Suite struct StructureTests {
    typealias Song = SyntheticSong

    /// Asserts that the sections tile the beats: first starts at the first beat, each ends where
    /// the next starts, the last ends after the last beat.
    func expectTiling(_ sections: [SongSection], _ song: Song, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let first = sections.first, let last = sections.last else {
            Issue.record("no sections", sourceLocation: sourceLocation)
            return
        }
        #expect(first.start == song.rhythm.beats[0].time, sourceLocation: sourceLocation)
        #expect(last.end > song.rhythm.beats[song.rhythm.beats.count - 1].time, sourceLocation: sourceLocation)
        for k in sections.indices {
            #expect(sections[k].end > sections[k].start, sourceLocation: sourceLocation)
            if k > 0 { #expect(sections[k].start == sections[k - 1].end, sourceLocation: sourceLocation) }
        }
    }

    /// Index of the bar whose downbeat is nearest `time`, and the distance in bars.
    func nearestBar(_ time: SampleTime, _ song: Song) -> (bar: Int, bars: Double) {
        let beat = song.rhythm.beats.indices.min { abs(song.rhythm.beats[$0].time - time) < abs(song.rhythm.beats[$1].time - time) }!
        let bars = Double(abs(song.rhythm.beats[beat].time - time)) / Double(song.barSamples)
        return (beat / Song.beatsPerBar + (beat % Song.beatsPerBar >= 2 ? 1 : 0), bars)
    }

    static let verse = Song.Part(name: "A", chords: [Song.c, Song.am, Song.f, Song.g, Song.c, Song.am, Song.dm, Song.g],
                                 envelope: Song.envelope(tilt: 1.8, bump: 5), level: 0.8)
    static let chorus = Song.Part(name: "B", chords: [Song.f, Song.g, Song.em, Song.am, Song.f, Song.g, Song.c, Song.c],
                                  envelope: Song.envelope(tilt: 1.0, bump: 9), level: 1.2)
    static let bridge = Song.Part(name: "C", chords: [Song.eb, Song.bb, Song.ab, Song.bb, Song.eb, Song.bb, Song.ab, Song.g],
                                  envelope: Song.envelope(tilt: 1.4, bump: 12), level: 1.0)

    @Test func findsTheFormOfAVerseChorusBridgeSong() {
        let song = Song([Self.verse, Self.chorus, Self.verse, Self.chorus, Self.bridge, Self.chorus])
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: song.rhythm)
        expectTiling(sections, song)
        #expect(sections.count == 6)
        guard sections.count == 6 else { return }
        for (k, section) in sections.enumerated() {
            let (bar, distance) = nearestBar(section.start, song)
            #expect(bar == song.partStartBars[k], "section \(k) starts at bar \(bar)")
            #expect(distance < 0.01)
        }
        #expect(sections.map { $0.group } == ["A", "B", "A", "B", "C", "B"])
        #expect(sections.map { $0.label } == [.verse, .chorus, .verse, .chorus, .bridge, .chorus])
    }

    @Test func labelsIntroAndOutro() {
        let intro = Song.Part(name: "I", chords: [Song.c, Song.g], envelope: Song.envelope(tilt: 0.5, bump: 2), level: 0.6)
        let outro = Song.Part(name: "O", chords: [Song.f, Song.c], envelope: Song.envelope(tilt: 0.3, bump: 14), level: 0.5)
        let song = Song([intro, Self.verse, Self.chorus, Self.verse, Self.chorus, outro])
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: song.rhythm)
        expectTiling(sections, song)
        #expect(sections.map { nearestBar($0.start, song).bar } == song.partStartBars)
        #expect(sections.map { $0.label } == [.intro, .verse, .chorus, .verse, .chorus, .outro])
        #expect(sections.map { $0.group } == ["A", "B", "C", "B", "C", "D"])
    }

    /// Verse and chorus in one arrangement: only the chords tell them apart, and only the
    /// repetition of the verse places the boundaries.
    @Test func findsBoundariesFromHarmonicRepetitionAlone() {
        let sound = Song.envelope(tilt: 1.2, bump: 7)
        let intro = Song.Part(name: "I", chords: [Song.c, Song.g], envelope: Song.envelope(tilt: 0.4, bump: 3), level: 0.6)
        var verse = Self.verse
        var chorus = Self.chorus
        verse.envelope = sound
        chorus.envelope = sound
        verse.level = 1
        chorus.level = 1
        let song = Song([intro, verse, chorus, verse, intro])
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: song.rhythm)
        expectTiling(sections, song)
        #expect(sections.map { nearestBar($0.start, song).bar } == song.partStartBars)
        if sections.count == 5 {
            #expect(sections[1].group == sections[3].group)
            #expect(sections[2].group != sections[1].group)
        }
    }

    @Test func noBeatsNoSections() {
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        for k in 0..<500 {
            signal.append(OnsetFrame(time: SampleTime(k * 441), flux: 0, lowFlux: 0, chroma: SIMD16(), timbre: SIMD16()))
        }
        let rhythm = RhythmAnalysis(tempo: TempoEstimate(globalBPM: 120, curve: [], confidence: 0),
                                    meter: Meter(beatsPerBar: 4, subdivision: 2), beats: [], confidence: 0)
        #expect(StructureAnalyzer().analyze(signal, rhythm: rhythm).isEmpty)
        #expect(StructureAnalyzer().analyze(OnsetSignal(sampleRate: 44100, hopFrames: 441), rhythm: rhythm).isEmpty)
    }

    @Test func oneUnchangingTextureIsOneSection() {
        let drone = Song.Part(name: "A", chords: [[Int]](repeating: Song.c, count: 32),
                              envelope: Song.envelope(tilt: 1.2, bump: 6))
        let song = Song([drone])
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: song.rhythm)
        expectTiling(sections, song)
        #expect(sections.count == 1)
        #expect(sections.first?.group == "A")
        #expect(sections.first?.label == nil)
    }

    @Test func aLoopedProgressionIsOneSection() {
        let loop = Song.Part(name: "A", chords: (0..<32).map { [Song.c, Song.am, Song.f, Song.g][$0 % 4] },
                             envelope: Song.envelope(tilt: 1.2, bump: 6))
        let song = Song([loop])
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: song.rhythm)
        expectTiling(sections, song)
        #expect(sections.count == 1)
    }

    /// The whole chain on audio: the synthetic band plays one groove and one looping
    /// progression throughout, so it is one section from its first beat to its last.
    @Test func aSteadyBandThroughTheDetectorIsOneSection() {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 24)
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        OfflineRunner().run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: 44100)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        let rhythm = RhythmAnalyzer().analyze(signal)
        let sections = StructureAnalyzer().analyze(signal, rhythm: rhythm)
        #expect(sections.count == 1)
        if let section = sections.first, let first = rhythm.beats.first, let last = rhythm.beats.last {
            #expect(section.start == first.time)
            #expect(section.end > last.time)
            #expect(abs(Double(section.start) / 44100 - reference.beatSeconds[0]) < 0.1)
        }
    }

    /// The bundled demo's chart (scripts/make-demo-song) played by the synthetic band: one
    /// groove, one sound and one level throughout, so only the chords tell the sections apart —
    /// an intro over the verse's first four bars, verse, chorus, verse, chorus, a four-bar outro.
    @Test func findsVerseAndChorusOverOneGroove() {
        let (g, d, em, c): ([Double], [Double], [Double], [Double]) = ([-2, 2, 5], [5, 9, 12], [7, 10, 14], [3, 7, 10])
        let verse = [g, d, em, c, g, d, c, c], chorus = [c, g, d, em, c, g, d, d]
        let chart = [g, d, em, c] + verse + chorus + verse + chorus + [g, d, c, g]
        let (audio, reference) = Signals.band(bpm: 104, beatsPerBar: 4, bars: chart.count, chords: chart)
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        OfflineRunner().run(OnsetDetector(), source: ArraySource(channels: [audio], sampleRate: 44100)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        let sections = StructureAnalyzer().analyze(signal, rhythm: RhythmAnalyzer().analyze(signal))
        let startBars = [0, 4, 12, 20, 28, 36]
        #expect(sections.map { $0.label } == [.intro, .verse, .chorus, .verse, .chorus, .outro])
        #expect(sections.count == startBars.count)
        let barSeconds = 4 * 60 / 104.0
        for (section, bar) in zip(sections, startBars) {
            let seconds = Double(section.start) / 44100
            #expect(abs(seconds - reference.beatSeconds[bar * 4]) < barSeconds / 2, "bar \(bar): \(seconds) s")
        }
        if sections.count == 6 { #expect(sections[1].group == sections[3].group && sections[2].group == sections[4].group) }
    }

    @Test(arguments: [1, 3, 6]) func aVeryShortSongIsOneSection(beats: Int) {
        let part = Song.Part(name: "A", chords: [Song.c, Song.f], envelope: Song.envelope(tilt: 1, bump: 4))
        let song = Song([part])
        var rhythm = song.rhythm
        rhythm.beats = Array(rhythm.beats.prefix(beats))
        let sections = StructureAnalyzer().analyze(song.signal, rhythm: rhythm)
        #expect(sections.count == 1)
        #expect(sections.first?.start == rhythm.beats[0].time)
        if let section = sections.first { #expect(section.end > section.start) }
    }

    @Test func groupLetters() {
        #expect(StructureAnalyzer.letter(0) == "A")
        #expect(StructureAnalyzer.letter(25) == "Z")
        #expect(StructureAnalyzer.letter(26) == "AA")
        #expect(StructureAnalyzer.letter(27) == "AB")
        #expect(StructureAnalyzer.letter(26 * 27) == "AAA")
    }
}

@Suite struct StructureLabelerTests {
    let labeler = SectionLabeler()

    @Test func verseChorusWithIntroBridgeAndOutro() {
        // I V C V C B C O; the chorus (2) louder than the verse (1)
        let labels = labeler.label(groups: [0, 1, 2, 1, 2, 3, 2, 4], lengths: [4, 16, 16, 16, 16, 8, 16, 4],
                                   loudness: [0.5, 1, 2, 1, 2, 1.5, 2, 0.5])
        #expect(labels == [.intro, .verse, .chorus, .verse, .chorus, .bridge, .chorus, .outro])
    }

    @Test func louderRepeatedGroupIsTheChorusWhicheverComesFirst() {
        let labels = labeler.label(groups: [0, 1, 0, 1], lengths: [8, 8, 8, 8], loudness: [2, 1, 2, 1])
        #expect(labels == [.chorus, .verse, .chorus, .verse])
    }

    @Test func aabaMakesABridge() {
        let labels = labeler.label(groups: [0, 1, 1, 2, 1, 3], lengths: [4, 8, 8, 8, 8, 2], loudness: [1, 1, 1, 1, 1, 1])
        #expect(labels == [.intro, .verse, .verse, .bridge, .verse, .outro])
    }

    @Test func verseOnceChorusTwiceAfterIt() {
        // I V C C O with a louder chorus
        let labels = labeler.label(groups: [0, 1, 2, 2, 3], lengths: [2, 8, 8, 8, 2], loudness: [1, 1, 2, 2, 1])
        #expect(labels == [.intro, .verse, .chorus, .chorus, .outro])
    }

    @Test func noRepetitionNamesOnlyTheEnds() {
        let labels = labeler.label(groups: [0, 1, 2, 3], lengths: [2, 16, 16, 2], loudness: [1, 1, 2, 1])
        #expect(labels == [.intro, nil, nil, .outro])
    }

    @Test func aLongFirstSectionIsNoIntro() {
        let labels = labeler.label(groups: [0, 1, 2, 1], lengths: [32, 8, 8, 8], loudness: [1, 1, 1, 1])
        #expect(labels[0] == nil)
    }

    @Test func anIntroOverHalfTheVerseIsAnIntro() {
        // I (the verse's first half) V C V C O, one arrangement: loudness tells nothing
        let labels = labeler.label(groups: [0, 0, 1, 0, 1, 2], lengths: [4, 8, 8, 8, 8, 4],
                                   loudness: [0.44, 0.435, 0.434, 0.435, 0.431, 0.43])
        #expect(labels == [.intro, .verse, .chorus, .verse, .chorus, .outro])
    }

    @Test func tooFewSectionsGetNoNames() {
        #expect(labeler.label(groups: [0], lengths: [8], loudness: [1]) == [nil])
        #expect(labeler.label(groups: [0, 1], lengths: [8, 8], loudness: [1, 1]) == [nil, nil])
    }
}

@Suite struct StructureSegmenterTests {
    /// Two blocks of bars that differ: one boundary, where they meet.
    @Test func splitsAtTheChangeOfTexture() {
        var d = SelfSimilarity(count: 16)
        for i in 0..<16 { for j in 0..<16 where (i < 8) != (j < 8) { d[i, j] = 0.9 } }
        let boundaries = SectionSegmenter().segment(distance: d, evidence: [Double](repeating: 0, count: 17))
        #expect(boundaries == [0, 8, 16])
    }

    @Test func repetitionEvidenceSplitsANearlyHomogeneousSpan() {
        var d = SelfSimilarity(count: 24)
        for i in 0..<24 { for j in 0..<24 where i / 8 != j / 8 { d[i, j] = 0.05 } }
        var evidence = [Double](repeating: 0, count: 25)
        #expect(SectionSegmenter().segment(distance: d, evidence: evidence) == [0, 24])
        evidence[8] = 1
        evidence[16] = 1
        #expect(SectionSegmenter().segment(distance: d, evidence: evidence) == [0, 8, 16, 24])
    }

    @Test func aStripeLongerThanItsLagVotesAtWholePeriods() {
        // beats 16…88 repeat 16 beats later, plus 8 beats: two sections of 64 beats back to back,
        // and the one after them begins like the first
        let stripe = RepetitionStripes.Stripe(start: 16, end: 88, lag: 64, weight: 1)
        let barStarts = Array(stride(from: 0, through: 164, by: 4))
        let evidence = RepetitionStripes().boundaryEvidence([stripe], barStarts: barStarts, beatCount: 164, snapBeats: 2)
        for bar in evidence.indices {
            #expect(evidence[bar] == ([4, 20, 36].contains(bar) ? 1 : 0), "bar \(bar)")
        }
    }

    @Test func stripesOfARepeatedPassageMarkItsEnds() {
        // beats: 16 of X, 16 of Y, 16 of X again (X, Y random unit vectors per beat)
        var rng = XorshiftGenerator(seed: 11)
        func randomUnit() -> SIMD16<Float> {
            var v = SIMD16<Float>()
            for i in 0..<12 { v[i] = Float.random(in: -1...1, using: &rng) }
            return v / (v * v).sum().squareRoot()
        }
        let x = (0..<16).map { _ in randomUnit() }
        let y = (0..<16).map { _ in randomUnit() }
        let z = (0..<8).map { _ in randomUnit() }
        let s = SelfSimilarity.cosine(z + x + y + x + z)
        let stripes = RepetitionStripes().stripes(in: s, minimumLength: 16, lagTolerance: 4)
        #expect(stripes.count == 1)
        #expect(stripes.first?.lag == 32)
        #expect(stripes.first.map { abs($0.start - 8) <= 1 && abs($0.end - 24) <= 1 } == true)
        let barStarts = Array(stride(from: 0, through: 64, by: 4))
        let evidence = RepetitionStripes().boundaryEvidence(stripes, barStarts: barStarts, beatCount: 64, snapBeats: 2)
        for bar in evidence.indices {
            #expect(evidence[bar] == ([2, 6, 10, 14].contains(bar) ? 1 : 0), "bar \(bar)")
        }
    }
}
