import PerformiaAnalysis
import PerformiaCore
import PerformiaIO

/// Everything the offline analysis collects from one pass over the audio.
public struct SongFeatures: Sendable {
    public var onsets: OnsetSignal
    public var chroma: [ChromaFrame]
    public var melody: [MelodyNote]
    /// Tuning of the recording in cents from A4 = 440 Hz, as `NNLSChromaDetector` measured it.
    public var tuningCents: Double
}

/// Streams a source once through every front-end processor of the Song Map (onsets, NNLS
/// chroma, pYIN pitch), in blocks, the way a live runner would, and collects their events.
/// Memory is bounded by the collected frames (about 17 KB per second of audio), never the audio:
/// the pitch frames (15 KB/s, with 100 KB/s of HMM back-pointers to transcribe them) are
/// transcribed in chunks of about `melodyChunkSeconds` as they arrive.
struct FeatureExtraction {
    var blockFrames = 4096
    var melody = MelodyTranscriber()
    var melodyChunkSeconds = 30.0

    func run<S: AudioSource>(_ source: S, progress: (SampleTime) -> Void) throws(S.Failure) -> SongFeatures {
        let spec = ProcessSpec(sampleRate: source.sampleRate, maximumBlockFrames: blockFrames,
                               channelCount: source.channelCount)
        let onsetDetector = OnsetDetector()
        let chromaDetector = NNLSChromaDetector()
        let pitchTracker = PitchTracker()
        onsetDetector.prepare(spec)
        chromaDetector.prepare(spec)
        pitchTracker.prepare(spec)
        var onsets = OnsetSignal(sampleRate: source.sampleRate, hopFrames: onsetDetector.hopFrames)
        var chroma: [ChromaFrame] = []
        var onsetEvents = EventBuffer<OnsetFrame>(capacity: onsetDetector.maximumEventsPerBlock)
        var pitch: [PitchFrame] = []
        var notes: [MelodyNote] = []
        let pitchPerSecond = source.sampleRate / Double(max(1, pitchTracker.hopFrames))
        let chunkFrames = Int(melodyChunkSeconds * pitchPerSecond)
        var chromaEvents = EventBuffer<ChromaFrame>(capacity: chromaDetector.maximumEventsPerBlock)
        var pitchEvents = EventBuffer<PitchFrame>(capacity: pitchTracker.maximumEventsPerBlock)
        let buffer = AudioBuffer(channelCount: source.channelCount, capacityFrames: blockFrames)
        var position: SampleTime = 0
        while true {
            let frames = try source.read(into: buffer.channelPointers, maximumFrames: blockFrames)
            if frames == 0 { break }
            let block = buffer.block(frameCount: frames, startTime: position)
            onsetEvents.removeAll()
            chromaEvents.removeAll()
            pitchEvents.removeAll()
            onsetDetector.process(block, events: &onsetEvents)
            chromaDetector.process(block, events: &chromaEvents)
            pitchTracker.process(block, events: &pitchEvents)
            for i in 0..<onsetEvents.count { onsets.append(onsetEvents[i]) }
            for i in 0..<chromaEvents.count { chroma.append(chromaEvents[i]) }
            for i in 0..<pitchEvents.count { pitch.append(pitchEvents[i]) }
            if pitch.count >= chunkFrames,
               let cut = MelodyTranscriber.splitIndex(pitch, minimumFrames: chunkFrames, gapFrames: Int(0.3 * pitchPerSecond)) {
                notes += melody.transcribe(Array(pitch[..<cut]), sampleRate: source.sampleRate)
                pitch.removeFirst(cut)
            }
            position += SampleTime(frames)
            progress(position)
        }
        pitchEvents.removeAll()
        pitchTracker.finish(events: &pitchEvents)
        for i in 0..<pitchEvents.count { pitch.append(pitchEvents[i]) }
        notes += melody.transcribe(pitch, sampleRate: source.sampleRate)
        return SongFeatures(onsets: onsets, chroma: chroma, melody: notes, tuningCents: chromaDetector.tuningCents)
    }
}
