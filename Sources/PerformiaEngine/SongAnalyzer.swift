import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaIO
import PerformiaMusic
import PerformiaNeural

/// Turns an audio file into a Song Map: streams the file through libsndfile, resampled to
/// `analysisSampleRate` and mixed to mono, through the front-end processors under an
/// `OfflineRunner` (`FeatureExtraction`), then runs the offline `RhythmAnalyzer` on the collected
/// detection function — with the learned beat model's activation (`BeatTCN` over the band
/// spectrum) unless `rhythmMethod` is `.dsp` — and the chord (with the learned chord model's
/// `ChordCNN` over the same spectrum when `chordMethod` is `.learned`), key, section and melody
/// stages.
/// Memory is bounded by the collected frames (`FeatureExtraction`), never the audio.
public struct SongAnalyzer: Sendable {
    /// Every file is analysed at this rate, in Hz.
    public static let analysisSampleRate = 44100.0
    public var rhythm = RhythmAnalyzer()
    public var chords = ChordRecognizer()
    public var keys = KeyEstimator()
    public var structure = StructureAnalyzer()
    public var melody = MelodyTranscriber()
    /// Where it finds no lead voice, the map reports no melody and a warning.
    public var leadVoice = LeadVoiceDetector()
    public var blockFrames = 4096
    /// How beats, downbeats and tempo are found (the learned model by default).
    public var rhythmMethod = RhythmMethod.learned
    /// The learned beat model's weights file; nil: `Resources/models/beat-tcn.pfnn`.
    public var beatModelPath: String?
    /// How chords are heard: NNLS chroma by default. The learned model beat it on majmin and
    /// sevenths on both evaluation sets but names chords on a click track alone and reads a
    /// synthetic F#m as D:maj7 (docs/benchmarks.md), so it is an option until that is fixed.
    public var chordMethod = ChordMethod.nnls
    /// The learned chord model's weights file; nil: `Resources/models/chord-cnn.pfnn`.
    public var chordModelPath: String?
    /// When set, the file is first separated into stems written to this folder (`separation`)
    /// and the map records them.
    public var stemsDirectory: String?
    public var separation = StemSeparation()
    /// Where the melody is heard when there are stems: the mix (the default: with today's
    /// separator the vocal stem gives note F 0.198 against the mix's 0.194 on the sung dev songs,
    /// no gain worth a second pitch pass; the true vocal stem would give 0.37) or the vocal stem.
    public var melodyFromVocalStem = false
    /// When there are stems, hear the chords (and so the key) on the bass and other stems, without
    /// drums and voice, on the mix's beats: dev-set majmin 0.947 against 0.917 on the mix, sevenths
    /// 0.856 against 0.808 (docs/benchmarks.md, "Stems").
    public var chordsFromHarmonicStems = true
    /// A chart's lyrics to place in the song (`LyricsAnalysis`): heard on the separated vocal
    /// stem (separated for the purpose, into a temporary folder, when `stemsDirectory` is nil).
    public var lyrics: LyricsAnalysis?

    public init() {}

    /// - Parameter progress: called with the fraction 0…1 of the audio read so far.
    public func analyze(path: String, progress: (Double) -> Void = { _ in }) throws(AnalysisError) -> SongMap {
        let clock = ContinuousClock()
        let started = clock.now
        let beatModel = try rhythmMethod == .learned
            ? BeatModelFile.load(path: beatModelPath ?? ResourceFolder.path(BeatModelFile.offlineResource)) : nil
        let chordModel = try chordMethod == .learned
            ? ChordModelFile.load(path: chordModelPath ?? ResourceFolder.path(ChordModelFile.resource)) : nil
        var lyricStems: String?
        defer { if let lyricStems { try? FileManager.default.removeItem(atPath: lyricStems) } }
        if lyrics != nil && stemsDirectory == nil {
            lyricStems = NSTemporaryDirectory() + "performia-lyrics-\(UUID().uuidString)"
        }
        let separated = try (stemsDirectory ?? lyricStems).map { directory throws(AnalysisError) in
            var form = separation
            if stemsDirectory == nil { form.stems = ["vocals"]; form.twoStems = nil }
            return try form.separate(path: path, into: directory) { progress(0.5 * $0) }
        }
        let share = separated == nil ? 1.0 : 0.5
        let reader: AudioFileReader
        do {
            reader = try AudioFileReader(path: path, targetSampleRate: Self.analysisSampleRate, downmixToMono: true)
        } catch {
            throw .audio(error)
        }
        let info = reader.info
        let sha256: String
        do {
            sha256 = try FileDigest.sha256(path: path)
        } catch {
            throw .digest(path: path, reason: error.reason)
        }
        let expectedFrames = max(1, Double(info.frameCount) * Self.analysisSampleRate / info.sampleRate)
        let features: SongFeatures
        do {
            features = try FeatureExtraction(blockFrames: blockFrames, melody: melody).run(reader) { frames in
                progress(1 - share + share * min(1, Double(frames) / expectedFrames))
            }
        } catch {
            throw .audio(error)
        }
        let signal = features.onsets
        let result: RhythmAnalysis
        if let beatModel {
            let activation = beatModel.activations(spectrum: features.spectrum.values,
                                                   frameCount: features.spectrum.frameCount)
            result = rhythm.analyze(signal, learned: LearnedActivation(beat: activation.beat,
                                                                       downbeat: activation.downbeat))
        } else {
            result = rhythm.analyze(signal)
        }
        let learnedChords = chordModel.map {
            LearnedChordActivation(probabilities: $0.posteriors(
                                       spectrum: LearnedChordActivation.retuned(features.spectrum.values, bandCount: BandSpectrum.bandCount,
                                                                                cents: features.tuningCents),
                                       frameCount: features.spectrum.frameCount),
                                   firstTime: features.spectrum.firstTime, hopFrames: features.spectrum.hopFrames)
        }
        var chroma = features.chroma
        var stemUses: [String: String] = [:]
        if chordsFromHarmonicStems, let stems = separated {
            let harmonic = stems.files.filter { $0.name == "bass" || $0.name == "other" }
            if harmonic.count == 2 {
                do {
                    let source = try SummedSource(paths: harmonic.map(\.path), sampleRate: Self.analysisSampleRate)
                    chroma = try FeatureExtraction(blockFrames: blockFrames, melody: melody).chromaOnly(source)
                } catch {
                    throw .audio(error)
                }
                stemUses["chords"] = "bass+other"
            }
        }
        let chordSegments = chords.recognize(chroma, rhythm: result.beats, beatsPerBar: result.meter.beatsPerBar,
                                             learned: learnedChords)
        let keyAnalysis = keys.estimate(chordSegments)
        let spelling = keyAnalysis.global.map { PitchSpelling(key: $0) } ?? .flats
        // The detection function's own chroma segments better than the NNLS one (F@3 s 0.89
        // against 0.85 on the dev set): repetition needs texture, not just harmony.
        let sectionList = structure.analyze(signal, rhythm: result)
        var notes = features.melody
        if melodyFromVocalStem, let vocals = separated?.files.first(where: { $0.name == "vocals" }) {
            do {
                let stem = try AudioFileReader(path: vocals.path, targetSampleRate: Self.analysisSampleRate, downmixToMono: true)
                notes = try FeatureExtraction(blockFrames: blockFrames, melody: melody).melodyOnly(stem) { _ in }
            } catch {
                throw .audio(error)
            }
            stemUses["melody"] = "vocals"
        }
        let elapsed = clock.now - started
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

        var warnings: [String] = []
        if reader.nonFiniteSampleCount > 0 {
            warnings.append("\(reader.nonFiniteSampleCount) NaN or infinite samples were replaced by silence")
        }
        if info.durationSeconds < 5 {
            warnings.append("only \(String(format: "%.1f", info.durationSeconds)) s of audio: too short for a reliable tempo")
        }
        if result.beats.isEmpty {
            warnings.append(String(format: "no steady pulse (pulse clarity %.2f, below %.2f): no beats and no tempo",
                                   result.tempo.pulseClarity, rhythm.minimumPulseClarity))
        }
        switch leadVoice.verdict(notes, chroma: features.chroma) {
        case .lead:
            break
        case .doublesBass(let share):
            warnings.append("no lead voice found: the pitch heard doubles the bass line \(percent(share)) of the time; melody left empty")
            notes = []
        case .inBassRegister(let share):
            warnings.append("no lead voice found: the pitch heard stays in the bass register \(percent(share)) of the time; melody left empty")
            notes = []
        }
        let meter = result.meter
        var map = SongMap(
            source: .init(path: path, sha256: sha256, durationSeconds: info.durationSeconds,
                          sampleRate: info.sampleRate, channels: info.channelCount, format: info.formatName),
            tempo: .init(bpm: result.beats.isEmpty ? nil : result.tempo.globalBPM,
                         confidence: result.beats.isEmpty ? 0 : clamp(result.tempo.confidence),
                         curve: result.tempo.curve.map { .init(time: $0.seconds, bpm: $0.bpm) }),
            meter: .init(beatsPerBar: meter.beatsPerBar, subdivision: meter.subdivision,
                         timeSignature: "\(meter.numerator)/\(meter.denominator)"),
            beats: result.beats.map {
                .init(time: Double($0.time) / Self.analysisSampleRate, bar: $0.bar, beat: $0.beatInBar)
            },
            tuning: .init(cents: features.tuningCents, referenceHz: 440 * pow(2, features.tuningCents / 1200)),
            key: keyAnalysis.global.map { global in
                .init(name: global.name, confidence: keyAnalysis.confidence,
                      segments: keyAnalysis.segments.map {
                          .init(start: seconds($0.start), end: seconds($0.end), name: $0.key.name)
                      })
            },
            chords: chordSegments.map {
                .init(start: seconds($0.start), end: seconds($0.end), label: $0.chord.harte(spelling: spelling),
                      symbol: $0.chord.chartSymbol(spelling: spelling), confidence: Double($0.confidence))
            },
            sections: sectionList.map {
                .init(start: seconds($0.start), end: seconds($0.end), group: $0.group, label: $0.label?.rawValue)
            },
            melody: notes.map {
                .init(start: seconds($0.start), end: seconds($0.end), pitch: $0.midiPitch,
                      confidence: Double($0.confidence))
            },
            analysis: .init(engine: "performia", version: EngineVersion.string, elapsedSeconds: elapsedSeconds,
                            realTimeFactor: elapsedSeconds > 0 ? info.durationSeconds / elapsedSeconds : 0,
                            confidence: clamp(result.confidence), warnings: warnings),
            stems: separated.map { stems in
                .init(separator: separation.form == .live ? "live" : "offline",
                      model: URL(fileURLWithPath: stems.modelPath).lastPathComponent,
                      files: stems.files.map { .init(name: $0.name, path: $0.path) },
                      residualDecibels: max(-200, stems.residualDecibels ?? 0), usedFor: stemUses)
            })
        if lyricStems != nil { map.stems = nil }
        if let lyrics {
            let vocals = separated?.files.first { $0.name == "vocals" }
            map.lyrics = try lyrics.align(voicePath: vocals?.path ?? path, heardOn: vocals == nil ? "mix" : "vocals", map: map)
            if stemsDirectory != nil, vocals != nil { map.stems?.usedFor["lyrics"] = "vocals" }
        }
        return map
    }

    /// Streams a reader through the `OnsetDetector` and collects its frames.
    /// - Parameter progress: called with the frames consumed so far.
    public func onsetSignal(of reader: AudioFileReader,
                            progress: (SampleTime) -> Void = { _ in }) throws(AnalysisError) -> OnsetSignal {
        var signal = OnsetSignal(sampleRate: reader.sampleRate,
                                 hopFrames: Int((reader.sampleRate / OnsetDetector.framesPerSecond).rounded()))
        do {
            try OfflineRunner(blockFrames: blockFrames).run(OnsetDetector(), source: reader, onEvents: { events in
                for i in 0..<events.count { signal.append(events[i]) }
            }, onProgress: progress)
        } catch {
            throw .audio(error)
        }
        return signal
    }

    /// Streams a reader through the `BandSpectrumDetector` and collects its frames (the learned
    /// beat model's input; `performia-eval spectrum` exports it for training).
    public func bandSpectrum(of reader: AudioFileReader) throws(AnalysisError) -> BandSpectrum {
        var spectrum = BandSpectrum(sampleRate: reader.sampleRate,
                                    hopFrames: Int((reader.sampleRate / BandSpectrumDetector.framesPerSecond).rounded()))
        do {
            try OfflineRunner(blockFrames: blockFrames).run(BandSpectrumDetector(), source: reader, onEvents: { events in
                for i in 0..<events.count { spectrum.append(events[i]) }
            }, onProgress: { _ in })
        } catch {
            throw .audio(error)
        }
        return spectrum
    }

    private func seconds(_ t: SampleTime) -> Double { Double(t) / Self.analysisSampleRate }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    private func clamp(_ x: Double) -> Double { x.isFinite ? min(1, max(0, x)) : 0 }
}
