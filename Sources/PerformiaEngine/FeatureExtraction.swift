import PerformiaAnalysis
import PerformiaCore
import PerformiaIO

/// Everything the offline analysis collects from one pass over the audio.
public struct SongFeatures: Sendable {
    public var onsets: OnsetSignal
    /// The semitone band spectrum, the learned beat model's input.
    public var spectrum: BandSpectrum
    public var chroma: [ChromaFrame]
    public var melody: [MelodyNote]
    /// Tuning of the recording in cents from A4 = 440 Hz, as `NNLSChromaDetector` measured it.
    public var tuningCents: Double
}

/// Streams a source once through every front-end processor of the Song Map (onsets and the band
/// spectrum over one shared STFT, NNLS chroma, pYIN pitch), in blocks, the way a live runner
/// would, and collects their events: the three processors are `EventTap`s side by side
/// (`TapPair`) under one `OfflineRunner`.
/// Memory is bounded by the collected frames (about 59 KB per second of audio, 42 of them the band
/// spectrum), never the audio:
/// the pitch frames are transcribed in chunks of about `melodyChunkSeconds` as they arrive
/// (`MelodyCollector`).
struct FeatureExtraction {
    var blockFrames = 4096
    var melody = MelodyTranscriber()
    var melodyChunkSeconds = 30.0

    func run<S: AudioSource>(_ source: S, progress: (SampleTime) -> Void) throws(S.Failure) -> SongFeatures {
        let onsetSpectrumDetector = OnsetSpectrumDetector()
        let chromaDetector = NNLSChromaDetector()
        let pitchTracker = PitchTracker()
        // The processors' hops are known once the runner has prepared them (before the first
        // block), so what depends on them is set up at the first event.
        var onsets: OnsetSignal?
        var spectrum: BandSpectrum?
        var chroma: [ChromaFrame] = []
        let sampleRate = source.sampleRate
        var melodyNotes = MelodyCollector(transcriber: melody, chunkSeconds: melodyChunkSeconds, sampleRate: sampleRate)
        let taps = TapPair(
            EventTap(onsetSpectrumDetector) { events in
                if onsets == nil {
                    onsets = OnsetSignal(sampleRate: sampleRate, hopFrames: onsetSpectrumDetector.hopFrames)
                    spectrum = BandSpectrum(sampleRate: sampleRate, hopFrames: onsetSpectrumDetector.hopFrames)
                }
                for i in 0..<events.count {
                    onsets!.append(events[i].onset)
                    spectrum!.append(events[i].bands)
                }
            },
            TapPair(
                EventTap(chromaDetector) { events in for i in 0..<events.count { chroma.append(events[i]) } },
                EventTap(pitchTracker) { events in
                    for i in 0..<events.count { melodyNotes.append(events[i], hopFrames: pitchTracker.hopFrames) }
                }))
        try OfflineRunner(blockFrames: blockFrames).run(taps: taps, source: source, onProgress: progress)
        let notes = melodyNotes.finish()
        let hopFrames = onsetSpectrumDetector.hopFrames
        let onsetSignal = onsets ?? OnsetSignal(sampleRate: sampleRate, hopFrames: hopFrames)
        let bandSpectrum = spectrum ?? BandSpectrum(sampleRate: sampleRate, hopFrames: hopFrames)
        return SongFeatures(onsets: onsetSignal, spectrum: bandSpectrum, chroma: chroma, melody: notes, tuningCents: chromaDetector.tuningCents)
    }

    /// The NNLS chroma alone of `source`, e.g. the separated bass and other stems.
    func chromaOnly<S: AudioSource>(_ source: S) throws(S.Failure) -> [ChromaFrame] {
        var chroma: [ChromaFrame] = []
        try OfflineRunner(blockFrames: blockFrames).run(NNLSChromaDetector(), source: source, onEvents: { events in
            for i in 0..<events.count { chroma.append(events[i]) }
        })
        return chroma
    }

    /// The melody alone (pYIN pitch → notes) of `source`, e.g. a separated vocal stem.
    func melodyOnly<S: AudioSource>(_ source: S, progress: (SampleTime) -> Void) throws(S.Failure) -> [MelodyNote] {
        let pitchTracker = PitchTracker()
        var collector = MelodyCollector(transcriber: melody, chunkSeconds: melodyChunkSeconds, sampleRate: source.sampleRate)
        try OfflineRunner(blockFrames: blockFrames).run(pitchTracker, source: source, onEvents: { events in
            for i in 0..<events.count { collector.append(events[i], hopFrames: pitchTracker.hopFrames) }
        }, onProgress: progress)
        return collector.finish()
    }
}
