import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct RhythmAnalyzerTests {
    func analyze(_ audio: [Float], sampleRate: Double = 44100) -> RhythmAnalysis {
        let detector = OnsetDetector()
        var signal = OnsetSignal(sampleRate: sampleRate, hopFrames: Int((sampleRate / 100).rounded()))
        OfflineRunner().run(detector, source: ArraySource(channels: [audio], sampleRate: sampleRate)) { events in
            for i in 0..<events.count { signal.append(events[i]) }
        }
        return RhythmAnalyzer().analyze(signal)
    }

    func seconds(_ r: RhythmAnalysis) -> [Double] { r.beats.map { Double($0.time) / 44100 } }

    @Test(arguments: [(110.0, 4), (128.0, 4), (120.0, 3), (150.0, 3)])
    func tracksBeatsAndDownbeatsOfASyntheticBand(bpm: Double, beatsPerBar: Int) {
        let (audio, reference) = Signals.band(bpm: bpm, beatsPerBar: beatsPerBar, bars: 16)
        let result = analyze(audio)
        #expect(abs(result.tempo.globalBPM - bpm) / bpm < 0.04)
        #expect(result.meter.beatsPerBar == beatsPerBar)
        #expect(BeatScoring.fMeasure(estimated: seconds(result), reference: reference.beatSeconds) > 0.95)
        let downbeats = result.beats.filter { $0.beatInBar == 1 }.map { Double($0.time) / 44100 }
        let referenceDownbeats = zip(reference.beatSeconds, reference.beatInBar).filter { $0.1 == 1 }.map(\.0)
        #expect(BeatScoring.fMeasure(estimated: downbeats, reference: referenceDownbeats) > 0.9)
    }

    /// Known limitation: on this synthetic band, whose kick dominates the novelty and whose hats
    /// sit on every eighth, the autocorrelation tempo picks the double (slow songs) or the half
    /// (fast songs). The held-out set shows the same on real renders (docs/benchmarks.md).
    /// Marked intermittent so that a borderline case flipping on another machine cannot fail CI;
    /// when a case is fixed for good, move it to the test above.
    @Test(arguments: [(72.0, 4), (96.0, 4), (160.0, 4), (84.0, 3)])
    func octaveErrorsOnStylisedGrooves(bpm: Double, beatsPerBar: Int) {
        let (audio, _) = Signals.band(bpm: bpm, beatsPerBar: beatsPerBar, bars: 16)
        let result = analyze(audio)
        withKnownIssue("tempo octave error on a kick-dominated synthetic groove", isIntermittent: true) {
            #expect(abs(result.tempo.globalBPM - bpm) / bpm < 0.04)
        }
    }

    @Test func followsAnAccelerando() {
        let (audio, reference) = Signals.band(bpm: 100, endBPM: 125, beatsPerBar: 4, bars: 20)
        let result = analyze(audio)
        #expect(BeatScoring.fMeasure(estimated: seconds(result), reference: reference.beatSeconds) > 0.9)
        let curve = result.tempo.curve.map(\.bpm)
        #expect(curve.first! < 108 && curve.last! > 117)
    }

    @Test func silenceGivesNoBeatsAndZeroConfidence() {
        let result = analyze([Float](repeating: 0, count: 44100 * 10))
        #expect(result.beats.isEmpty)
        #expect(result.confidence == 0)
    }

    @Test func noiseGivesLowConfidence() {
        let noise = analyze(Signals.noise(seconds: 20))
        let band = analyze(Signals.band(bpm: 110, beatsPerBar: 4, bars: 10).audio)
        #expect(noise.confidence < band.confidence * 0.6)
    }

    @Test func dcOffsetAndClippingDoNotBreakTracking() {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 12)
        let abused = audio.map { min(0.3, max(-0.3, $0 * 4)) + 0.4 }
        let result = analyze(abused)
        #expect(BeatScoring.fMeasure(estimated: seconds(result), reference: reference.beatSeconds) > 0.9)
    }

    @Test func oneSecondOfAudioDoesNotCrash() {
        let result = analyze(Signals.band(bpm: 120, beatsPerBar: 4, bars: 1).audio.prefix(44100).map { $0 })
        #expect(result.confidence <= 1)
        #expect(result.tempo.globalBPM > 0)
    }
}

@Suite struct SwingRhythmTests {
    func analyze(_ audio: [Float]) -> RhythmAnalysis {
        RhythmAnalyzerTests().analyze(audio)
    }

    /// Issue 14, item 6: a swung piece whose loudest hit is the swung off-beat (OpenTTD's
    /// boogi_marabi, 153 BPM, 3/4) was tracked on that off-beat (beat F 0.25) and read as 9/8.
    @Test(arguments: [(153.0, 3), (120.0, 4)])
    func swungOffBeatsAreNotTheBeat(bpm: Double, beatsPerBar: Int) {
        let (audio, reference) = Signals.swingBand(bpm: bpm, beatsPerBar: beatsPerBar, bars: 16)
        let result = analyze(audio)
        let seconds = result.beats.map { Double($0.time) / 44100 }
        #expect(BeatScoring.fMeasure(estimated: seconds, reference: reference.beatSeconds) > 0.9)
        #expect(result.meter.subdivision == 2)
    }

    /// Both inner triplets played: a compound (12/8) feel, which stays compound.
    @Test func tripletsStayCompound() {
        let (audio, reference) = Signals.swingBand(bpm: 80, beatsPerBar: 4, bars: 12, triplets: true)
        let result = analyze(audio)
        let seconds = result.beats.map { Double($0.time) / 44100 }
        #expect(BeatScoring.fMeasure(estimated: seconds, reference: reference.beatSeconds) > 0.9)
        #expect(result.meter.subdivision == 3)
    }
}
