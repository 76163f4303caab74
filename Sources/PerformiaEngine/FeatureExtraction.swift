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
/// the pitch frames (15 KB/s, with 100 KB/s of HMM back-pointers to transcribe them) are
/// transcribed in chunks of about `melodyChunkSeconds` as they arrive.
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
        var pitch: [PitchFrame] = []
        var notes: [MelodyNote] = []
        let melody = melody, chunkSeconds = melodyChunkSeconds, sampleRate = source.sampleRate
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
                    for i in 0..<events.count { pitch.append(events[i]) }
                    // Transcribe a chunk once enough pitch frames arrived, cut in an unvoiced stretch.
                    let pitchPerSecond = sampleRate / Double(max(1, pitchTracker.hopFrames))
                    let chunkFrames = Int(chunkSeconds * pitchPerSecond)
                    if pitch.count >= chunkFrames,
                       let cut = MelodyTranscriber.splitIndex(pitch, minimumFrames: chunkFrames,
                                                              gapFrames: Int(0.3 * pitchPerSecond)) {
                        notes += melody.transcribe(Array(pitch[..<cut]), sampleRate: sampleRate)
                        pitch.removeFirst(cut)
                    }
                }))
        try OfflineRunner(blockFrames: blockFrames).run(taps: taps, source: source, onProgress: progress)
        notes += melody.transcribe(pitch, sampleRate: sampleRate)
        let hopFrames = onsetSpectrumDetector.hopFrames
        let onsetSignal = onsets ?? OnsetSignal(sampleRate: sampleRate, hopFrames: hopFrames)
        let bandSpectrum = spectrum ?? BandSpectrum(sampleRate: sampleRate, hopFrames: hopFrames)
        return SongFeatures(onsets: onsetSignal, spectrum: bandSpectrum, chroma: chroma, melody: notes, tuningCents: chromaDetector.tuningCents)
    }
}
