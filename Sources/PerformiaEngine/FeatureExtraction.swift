import PerformiaAnalysis
import PerformiaCore
import PerformiaIO

/// Everything the offline analysis collects from one pass over the audio.
public struct SongFeatures: Sendable {
    public var onsets: OnsetSignal
    public var chroma: [ChromaFrame]
    public var pitch: [PitchFrame]
    /// Tuning of the recording in cents from A4 = 440 Hz, as `NNLSChromaDetector` measured it.
    public var tuningCents: Double
    /// Frames read, at the analysis sample rate.
    public var frameCount: SampleTime
}

/// Streams a source once through every front-end processor of the Song Map (onsets, NNLS
/// chroma, pYIN pitch), in blocks, the way a live runner would, and collects their events. Memory is bounded
/// by the collected frames (about 8 KB per second of audio), never the audio.
struct FeatureExtraction {
    var blockFrames = 4096

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
            position += SampleTime(frames)
            progress(position)
        }
        pitchEvents.removeAll()
        pitchTracker.finish(events: &pitchEvents)
        for i in 0..<pitchEvents.count { pitch.append(pitchEvents[i]) }
        return SongFeatures(onsets: onsets, chroma: chroma, pitch: pitch, tuningCents: chromaDetector.tuningCents,
                            frameCount: position)
    }
}
