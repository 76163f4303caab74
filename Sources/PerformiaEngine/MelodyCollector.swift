import PerformiaAnalysis

/// Collects pYIN pitch frames as they stream in and transcribes them into notes in chunks of
/// about `chunkSeconds`, each cut in an unvoiced stretch, so memory stays bounded by one chunk's
/// frames (15 KB/s, with 100 KB/s of HMM back-pointers while transcribing) whatever the length.
struct MelodyCollector {
    let transcriber: MelodyTranscriber
    let chunkSeconds: Double
    let sampleRate: Double
    private(set) var notes: [MelodyNote] = []
    private var pitch: [PitchFrame] = []

    init(transcriber: MelodyTranscriber, chunkSeconds: Double, sampleRate: Double) {
        self.transcriber = transcriber
        self.chunkSeconds = chunkSeconds
        self.sampleRate = sampleRate
    }

    /// Takes one frame; transcribes a chunk once enough frames arrived.
    mutating func append(_ frame: PitchFrame, hopFrames: Int) {
        pitch.append(frame)
        let pitchPerSecond = sampleRate / Double(max(1, hopFrames))
        let chunkFrames = Int(chunkSeconds * pitchPerSecond)
        if pitch.count >= chunkFrames,
           let cut = MelodyTranscriber.splitIndex(pitch, minimumFrames: chunkFrames, gapFrames: Int(0.3 * pitchPerSecond)) {
            notes += transcriber.transcribe(Array(pitch[..<cut]), sampleRate: sampleRate)
            pitch.removeFirst(cut)
        }
    }

    /// Transcribes what is left; the notes of the whole stream.
    mutating func finish() -> [MelodyNote] {
        notes += transcriber.transcribe(pitch, sampleRate: sampleRate)
        pitch = []
        return notes
    }
}
