import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

/// Generated melodies for the melody tests: notes of known MIDI pitch and timing.
enum MelodyFixtures {
    struct Note {
        var midi: Int
        var start: Double
        var seconds: Double
    }

    /// Consecutive notes of `seconds` each, separated by `gapSeconds`, starting at `offset`.
    static func sequence(_ pitches: [Int], seconds: Double, gapSeconds: Double, offset: Double = 0.3) -> [Note] {
        var t = offset
        return pitches.map { midi in
            defer { t += seconds + gapSeconds }
            return Note(midi: midi, start: t, seconds: seconds)
        }
    }

    /// A voice: each note a sum of `harmonics` partials with 1/k amplitudes (or a pure sine with
    /// `harmonics: 1`), a sinusoidal vibrato of ±`vibratoCents` at 5.5 Hz, 20 ms linear attack
    /// and release.
    static func voice(_ notes: [Note], sampleRate: Double = 44100, harmonics: Int = 8, vibratoCents: Double = 0,
                      amplitude: Float = 0.3, tailSeconds: Double = 0.4) -> [Float] {
        let end = notes.map { $0.start + $0.seconds }.max() ?? 0
        var out = [Float](repeating: 0, count: Int((end + tailSeconds) * sampleRate))
        let ramp = 0.02
        for note in notes {
            let first = Int(note.start * sampleRate), count = Int(note.seconds * sampleRate)
            let hz = 440 * Math.pow(2, Double(note.midi - 69) / 12)
            var phase = 0.0
            var norm = 0.0
            for k in 1...harmonics { norm += 1 / Double(k) }
            for i in 0..<count where first + i < out.count {
                let s = Double(i) / sampleRate
                let cents = vibratoCents * Math.sin(2 * Math.pi * 5.5 * s)
                phase += 2 * Math.pi * hz * Math.pow(2, cents / 1200) / sampleRate
                var x = 0.0
                for k in 1...harmonics where Double(k) * hz < sampleRate / 2 { x += Math.sin(Double(k) * phase) / Double(k) }
                let envelope = min(1, s / ramp, (note.seconds - s) / ramp)
                out[first + i] += amplitude * Float(envelope * x / norm)
            }
        }
        return out
    }

    /// Sung syllables: each note starts with `consonantSeconds` of soft noise (an unvoiced onset
    /// consonant), then its vowel — the voice of `voice(_:)` — until the next note starts.
    static func syllables(_ notes: [Note], consonantSeconds: Double, sampleRate: Double = 44100) -> [Float] {
        let vowels = notes.map { Note(midi: $0.midi, start: $0.start + consonantSeconds, seconds: $0.seconds - consonantSeconds) }
        var out = voice(vowels, sampleRate: sampleRate)
        let noise = Signals.noise(seconds: consonantSeconds, sampleRate: sampleRate, amplitude: 0.04, seed: 7)
        for note in notes {
            let first = Int(note.start * sampleRate)
            for i in 0..<noise.count where first + i < out.count { out[first + i] += noise[i] }
        }
        return out
    }

    static func frames(_ channels: [[Float]], sampleRate: Double = 44100, blockFrames: Int = 4096) -> [PitchFrame] {
        var frames: [PitchFrame] = []
        OfflineRunner(blockFrames: blockFrames).run(PitchTracker(), source: ArraySource(channels: channels, sampleRate: sampleRate)) { events in
            for i in 0..<events.count { frames.append(events[i]) }
        }
        return frames
    }

    static func transcribe(_ audio: [Float], sampleRate: Double = 44100,
                           with transcriber: MelodyTranscriber = MelodyTranscriber()) -> [MelodyNote] {
        transcriber.transcribe(frames([audio], sampleRate: sampleRate), sampleRate: sampleRate)
    }

    /// Reference notes matched one-to-one, in order, by onset within `onsetSeconds` and exact pitch.
    static func matches(_ notes: [MelodyNote], _ reference: [Note], sampleRate: Double = 44100,
                        onsetSeconds: Double = 0.05) -> Int {
        var used = Set<Int>()
        var matched = 0
        for r in reference {
            if let k = notes.indices.first(where: { !used.contains($0) && notes[$0].midiPitch == r.midi
                && abs(Double(notes[$0].start) / sampleRate - r.start) <= onsetSeconds }) {
                used.insert(k)
                matched += 1
            }
        }
        return matched
    }
}

@Suite struct MelodyPitchTrackerTests {
    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 1024) { PitchTracker() }
    let input = [MelodyFixtures.voice(MelodyFixtures.sequence([57, 60, 64], seconds: 0.3, gapSeconds: 0.05),
                                      vibratoCents: 30)]

    @Test func identicalEventsForAnyBlockSize() {
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
    }

    @Test func identicalEventsForAnyBlockSizeInStereoAt48kHz() {
        let stereo = ProcessorVerifier(sampleRate: 48000, maximumBlockFrames: 512, channelCount: 2) { PitchTracker() }
        let left = MelodyFixtures.voice(MelodyFixtures.sequence([62, 55], seconds: 0.3, gapSeconds: 0.05), sampleRate: 48000)
        #expect(stereo.verifyBlockSizeIndependence(input: [left, left.map { $0 * 0.5 }]) == nil)
    }

    @Test func resetReproducesFirstRun() {
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func impulseShowsDeclaredLatency() {
        // Every frame whose RMS span (centred on its stamp) holds the impulse has the same RMS; the
        // middle one of them is centred on the impulse (within a hop), and must be emitted exactly
        // latencyFrames later.
        let failure = verifier.verifyLatency(impulseFrame: 20000, frameCount: 30000, stampToleranceFrames: 256) { events in
            let loudest = events.map(\.rms).max() ?? 0
            let loud = events.filter { $0.rms > 0.5 * loudest }
            return loud.isEmpty ? nil : loud[loud.count / 2]
        }
        #expect(failure == nil)
    }

    @Test func processDoesNotAllocate() {
        #expect(verifier.verifyNoAllocations(input: input) == nil)
    }

    @Test func declaresGeometryFromSampleRate() {
        let tracker = PitchTracker()
        tracker.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 2))
        #expect(tracker.decimation == 4)
        #expect(tracker.analysisSampleRate == 11025)
        #expect(tracker.hopFrames == 256)
        #expect(tracker.integrationFrames == 256)
        #expect(tracker.latencyFrames == (tracker.frameSize - 1 - tracker.stampOffset) * 4)
        tracker.prepare(ProcessSpec(sampleRate: 16000, maximumBlockFrames: 512, channelCount: 1))
        #expect(tracker.decimation == 1)
        #expect(abs(Double(tracker.hopFrames) / 16000 - PitchTracker.hopSeconds) < 0.0001)
    }

    /// A steady tone's best candidate lies within 5 cents of its pitch (10 cents above 700 Hz,
    /// where the lag is only 11…16 analysis samples and the parabolic refinement is coarser), with
    /// a voiced probability near 1, over the whole range, at 44.1, 48 and 16 kHz.
    @Test(arguments: [(82.4, 44100.0), (110.0, 44100.0), (261.6, 44100.0), (440.0, 48000.0), (659.3, 44100.0),
                      (987.8, 44100.0), (196.0, 16000.0)])
    func steadyToneGivesItsPitch(hz: Double, sampleRate: Double) {
        let frames = MelodyFixtures.frames([Signals.sine(hz: hz, seconds: 1, sampleRate: sampleRate, amplitude: 0.3)],
                                           sampleRate: sampleRate)
        let expected = Float(69 + 12 * Math.log2(hz / 440))
        let inner = frames.dropFirst(5).dropLast(5)
        #expect(inner.count > 100)
        let tolerance: Float = hz > 700 ? 0.1 : 0.05
        let worstError = inner.map { abs(($0.bestPitch ?? 0) - expected) }.max() ?? 0
        #expect(worstError < tolerance)
        #expect(inner.map(\.voicedProbability).min() ?? 0 > 0.9)
    }

    @Test func harmonicVoiceGivesItsFundamentalNotAnOctave() {
        let audio = MelodyFixtures.voice([.init(midi: 50, start: 0.1, seconds: 1)], harmonics: 12)
        let frames = MelodyFixtures.frames([audio]).filter { $0.time > 8000 && $0.time < 40000 }
        let right = frames.filter { abs(($0.bestPitch ?? 0) - 50) < 0.2 }.count
        #expect(Double(right) > 0.95 * Double(frames.count))
    }

    @Test func silenceHasNoCandidates() {
        let frames = MelodyFixtures.frames([[Float](repeating: 0, count: 44100)])
        #expect(frames.count > 150)
        #expect(frames.allSatisfy { $0.candidateCount == 0 && $0.rms == 0 })
    }

    @Test func noiseHasALowVoicedProbability() {
        let frames = MelodyFixtures.frames([Signals.noise(seconds: 2, amplitude: 0.3)])
        let mean = frames.map(\.voicedProbability).reduce(0, +) / Float(frames.count)
        #expect(mean < 0.1)
    }

    @Test func stereoIsMixedToMono() {
        let mono = MelodyFixtures.voice(MelodyFixtures.sequence([60, 64], seconds: 0.3, gapSeconds: 0.1))
        let a = MelodyFixtures.frames([mono])
        let b = MelodyFixtures.frames([mono, mono])
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.time == y.time && x.candidateCount == y.candidateCount)
            #expect(abs((x.bestPitch ?? 0) - (y.bestPitch ?? 0)) < 0.001)
        }
    }
}

@Suite struct MelodyTranscriberTests {
    let tune = [60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 72, 55]

    /// Notes separated by rests longer than `consonantSeconds`: onsets at the tones' starts.
    @Test func sineMelodyGivesItsNotes() {
        let reference = MelodyFixtures.sequence(tune, seconds: 0.35, gapSeconds: 0.25)
        let notes = MelodyFixtures.transcribe(MelodyFixtures.voice(reference, harmonics: 1))
        #expect(notes.count == reference.count)
        #expect(MelodyFixtures.matches(notes, reference, onsetSeconds: 0.02) == reference.count)
        for (n, r) in zip(notes, reference) {
            #expect(abs(Double(n.end) / 44100 - (r.start + r.seconds)) < 0.05)
            #expect(n.confidence > 0.8)
        }
    }

    @Test func legatoMelodyGivesItsNotes() {
        let reference = MelodyFixtures.sequence(tune, seconds: 0.3, gapSeconds: 0)
        let notes = MelodyFixtures.transcribe(MelodyFixtures.voice(reference, harmonics: 6))
        #expect(notes.count == reference.count)
        #expect(MelodyFixtures.matches(notes, reference) >= reference.count - 1)
    }

    @Test func vibratoVoiceGivesOneNotePerSungNote() {
        let reference = MelodyFixtures.sequence([57, 59, 60, 62, 64, 62, 60], seconds: 0.6, gapSeconds: 0)
        let notes = MelodyFixtures.transcribe(MelodyFixtures.voice(reference, vibratoCents: 30))
        #expect(notes.count == reference.count)
        #expect(MelodyFixtures.matches(notes, reference) == reference.count)
    }

    /// Syllables on one pitch, each starting with an unvoiced consonant: one note per syllable,
    /// starting at its consonant.
    @Test func repeatedPitchSyllablesAreSeparatedAtTheirConsonants() {
        let reference = MelodyFixtures.sequence([60, 60, 60, 62, 62, 57], seconds: 0.4, gapSeconds: 0)
        let notes = MelodyFixtures.transcribe(MelodyFixtures.syllables(reference, consonantSeconds: 0.08))
        #expect(notes.count == reference.count)
        // The first syllable follows silence: its note starts at its vowel.
        #expect(MelodyFixtures.matches(Array(notes.dropFirst()), Array(reference.dropFirst())) == reference.count - 1)
        if let first = notes.first { #expect(abs(Double(first.start) / 44100 - reference[0].start - 0.08) < 0.03) }
    }

    /// Notes on one pitch re-attacked without a break in the voice: the level rise splits them.
    @Test func reattackedNotesOnOnePitchAreSplit() {
        let reference = MelodyFixtures.sequence([62, 62, 62, 62], seconds: 0.4, gapSeconds: 0)
        var audio = MelodyFixtures.voice(reference, vibratoCents: 20)
        // A continuous voice whose level dips by 20 dB for 40 ms before each re-attack.
        let sustained = MelodyFixtures.voice([.init(midi: 62, start: reference[0].start, seconds: 1.6)], vibratoCents: 20)
        for i in 0..<min(audio.count, sustained.count) { audio[i] = 0.9 * audio[i] + 0.1 * sustained[i] }
        let notes = MelodyFixtures.transcribe(audio)
        #expect(notes.count == reference.count)
        #expect(MelodyFixtures.matches(notes, reference) == reference.count)
    }

    /// With `consonantSeconds` 0, a note starts at its first voiced frame; by default, a gap of up
    /// to 0.2 s after the previous note is taken as onset consonants and the note starts at the gap.
    @Test func shortGapsBecomeOnsetConsonants() {
        let reference = MelodyFixtures.sequence([60, 64, 67, 64], seconds: 0.35, gapSeconds: 0.12)
        let audio = MelodyFixtures.voice(reference)
        var voicedOnsets = MelodyTranscriber()
        voicedOnsets.consonantSeconds = 0
        let atVowels = MelodyFixtures.transcribe(audio, with: voicedOnsets)
        #expect(MelodyFixtures.matches(atVowels, reference, onsetSeconds: 0.02) == reference.count)
        let atGaps = MelodyFixtures.transcribe(audio)
        #expect(atGaps.count == reference.count)
        let gapStarts = reference.map { MelodyFixtures.Note(midi: $0.midi, start: $0.start - 0.12, seconds: $0.seconds) }
        #expect(MelodyFixtures.matches(Array(atGaps.dropFirst()), Array(gapStarts.dropFirst()), onsetSeconds: 0.03) == 3)
        for k in 1..<atGaps.count { #expect(atGaps[k].start == atGaps[k - 1].end) }
    }

    @Test func melodyOverAQuietAccompaniment() {
        let reference = MelodyFixtures.sequence([64, 67, 69, 67, 64, 62, 60, 62], seconds: 0.45, gapSeconds: 0)
        let voice = MelodyFixtures.voice(reference, vibratoCents: 20, amplitude: 0.3)
        // A sustained triad an octave below (C3 E3 G3) at about −12 dB, and soft noise.
        var mix = voice
        let noise = Signals.noise(seconds: Double(voice.count) / 44100 + 1, amplitude: 0.01)
        for (k, midi) in [48, 52, 55].enumerated() {
            let tone = MelodyFixtures.voice([.init(midi: midi, start: 0, seconds: Double(voice.count) / 44100)],
                                            harmonics: 4, amplitude: 0.025, tailSeconds: 0)
            for i in 0..<min(mix.count, tone.count) { mix[i] += tone[i] + (k == 0 ? noise[i] : 0) }
        }
        let notes = MelodyFixtures.transcribe(mix)
        // The melody's notes are confident; where the chord sounds alone (before and after the
        // melody) pitch candidates are weak, and any note found there has a low confidence.
        let confident = notes.filter { $0.confidence > 0.5 }
        #expect(confident.count == reference.count)
        #expect(MelodyFixtures.matches(confident, reference) >= reference.count - 1)
        #expect(notes.filter { $0.confidence > 0.2 }.count == confident.count)
    }

    @Test func sustainedNoteGivesOneNote() {
        let notes = MelodyFixtures.transcribe(MelodyFixtures.voice([.init(midi: 55, start: 0.5, seconds: 3)], vibratoCents: 25))
        #expect(notes.count == 1)
        if let note = notes.first {
            #expect(note.midiPitch == 55)
            #expect(abs(Double(note.start) / 44100 - 0.5) < 0.05)
            #expect(abs(Double(note.end) / 44100 - 3.5) < 0.08)
        }
    }

    @Test func noiseGivesNoConfidentNotes() {
        let notes = MelodyFixtures.transcribe(Signals.noise(seconds: 10, amplitude: 0.3))
        #expect(notes.filter { $0.confidence > 0.3 }.isEmpty)
        #expect(notes.count <= 2)
    }

    @Test func silenceGivesNoNotes() {
        #expect(MelodyFixtures.transcribe([Float](repeating: 0, count: 44100 * 3)).isEmpty)
    }

    @Test func tooFewFramesGiveNoNotes() {
        #expect(MelodyTranscriber().transcribe([], sampleRate: 44100).isEmpty)
        #expect(MelodyTranscriber().transcribe([PitchFrame(time: 0)], sampleRate: 44100).isEmpty)
    }
}

@Suite struct LeadVoiceDetectorTests {
    /// Bass chroma frames every 10 ms holding `bass` (a pitch class) per second of `line`.
    func chroma(_ line: [Int], sampleRate: Double = 44100) -> [ChromaFrame] {
        var frames: [ChromaFrame] = []
        for (second, pc) in line.enumerated() {
            for k in 0..<100 {
                var bass = SIMD16<Float>(repeating: 0.05)
                for lane in 12..<16 { bass[lane] = 0 }
                bass[pc] = 1
                frames.append(ChromaFrame(time: SampleTime((Double(second) + Double(k) / 100) * sampleRate),
                                          bass: bass, treble: SIMD16(), level: 1))
            }
        }
        return frames
    }

    /// One note a second, 0.9 s long.
    func notes(_ pitches: [Int], sampleRate: Double = 44100) -> [MelodyNote] {
        pitches.enumerated().map { second, pitch in
            MelodyNote(start: SampleTime(Double(second) * sampleRate), end: SampleTime((Double(second) + 0.9) * sampleRate),
                       midiPitch: pitch, confidence: 0.6)
        }
    }

    let bass = [7, 2, 4, 0, 7, 2, 0, 0]  // G D E C G D C C

    @Test func aLineOnTheBassIsNoLead() throws {
        let detector = LeadVoiceDetector()
        // the bass line an octave up: its pitch classes, above the bass register
        let doubled = notes([55, 62, 64, 60, 55, 62, 60, 60])
        #expect(try #require(detector.bassDoubling(doubled, chroma: chroma(bass))) > 0.95)
        #expect(detector.verdict(doubled, chroma: chroma(bass)) == .doublesBass(1))
    }

    @Test func aLineInTheBassRegisterIsNoLead() {
        // chord tones that are not the bass note, but all below E3
        let low = notes([47, 45, 43, 40, 50, 45, 43, 40])
        #expect(LeadVoiceDetector().verdict(low, chroma: chroma(bass)) == .inBassRegister(1))
    }

    @Test func aTuneOverTheBassIsALead() throws {
        let detector = LeadVoiceDetector()
        // meets the bass on one note of eight (the last C), all above E3
        let tune = notes([71, 69, 67, 64, 62, 66, 64, 60])
        #expect(try #require(detector.bassDoubling(tune, chroma: chroma(bass))) < 0.2)
        #expect(detector.verdict(tune, chroma: chroma(bass)) == .lead)
    }

    @Test func aLineAloneDoublesNothing() {
        // one voice, no accompaniment: the bass chroma hears the voice itself
        let line = [7, 2, 4, 0]
        let frames = chroma(line).map { frame in
            var alone = frame
            for lane in 0..<12 { alone.treble[lane] = frame.bass[lane] == 1 ? 1 : 0.01 }
            return alone
        }
        let solo = notes([55, 62, 64, 60])
        #expect(LeadVoiceDetector().bassDoubling(solo, chroma: frames) == nil)
        #expect(LeadVoiceDetector().verdict(solo, chroma: frames) == .lead)
    }

    @Test func withoutNotesOrAClearBassNothingIsDropped() {
        let flat = (0..<100).map { k in
            ChromaFrame(time: SampleTime(k * 441), bass: SIMD16(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0), treble: SIMD16(), level: 1)
        }
        #expect(LeadVoiceDetector().bassDoubling(notes([60]), chroma: flat) == nil)
        #expect(LeadVoiceDetector().verdict(notes([60]), chroma: flat) == .lead)
        #expect(LeadVoiceDetector().verdict([], chroma: chroma([0])) == .lead)
    }
}
