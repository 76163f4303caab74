import PerformiaCore

/// Lead-melody notes from the frames of a `PitchTracker`: the pitch and note stages of pYIN and
/// Tony.
///
/// 1. `PitchHMM` — pYIN stage 2 (Mauch & Dixon, ICASSP 2014): Viterbi over 1/5-semitone pitch
///    bins × voiced/unvoiced gives a smoothed pitch track.
/// 2. `NoteHMM` — Tony's note model (Mauch et al., TENOR 2015): Viterbi over attack / stable /
///    silent states per 1/3 semitone segments the track into notes.
/// 3. Tony's note extraction: a frame belongs to a note when the note model is in an attack or
///    stable state, the track is voiced there, and the level does not rise sharply (the frame's
///    RMS is above `onsetSensitivity` × the RMS two frames later — a rise splits repeated
///    syllables on one pitch). Runs shorter than `minimumNoteSeconds` are pruned; a note's pitch
///    is the median of its track, rounded to MIDI.
///
/// Times are those of the frames (their window centres), in frames of the analysed stream; a
/// note ends at the first frame that no longer belongs to it. Offline: allocates, costs about
/// 0.5 ms of CPU per second of audio. The parameters are the published defaults of the pYIN/Tony
/// implementation; none is tuned to the evaluation songs.
public struct MelodyTranscriber: Sendable {
    /// Shortest note kept, in seconds (Tony's pruning threshold).
    public var minimumNoteSeconds = 0.1
    /// Tony's onset sensitivity: a frame is cut from a note when its RMS is at most this fraction
    /// of the RMS two frames later.
    public var onsetSensitivity: Float = 0.7

    public init() {}

    /// - Parameters:
    ///   - frames: consecutive frames of one `PitchTracker` stream, in time order.
    ///   - sampleRate: the analysed stream's rate in Hz (the frames' time unit).
    public func transcribe(_ frames: [PitchFrame], sampleRate: Double) -> [MelodyNote] {
        guard frames.count >= 3 else { return [] }
        let track = PitchHMM().track(frames)
        let kinds = NoteHMM().decode(track.map { $0.pitch })
        let hopFrames = Double(frames[1].time - frames[0].time)
        let minimumFrames = Int((minimumNoteSeconds * sampleRate / hopFrames).rounded(.up))
        let count = frames.count

        var notes: [MelodyNote] = []
        var notePitches: [Float] = []
        var noteConfidence: Float = 0
        var onset = 0
        var inNote = false
        for t in 0..<count {
            let inModel = kinds[t] != .silent && track[t].isVoiced
            let noRise = t >= count - 2 || frames[t].rms > onsetSensitivity * frames[t + 2].rms
            let belongs = inModel && noRise && t != count - 1
            if belongs {
                if !inNote { onset = t; notePitches.removeAll(keepingCapacity: true); noteConfidence = 0 }
                notePitches.append(track[t].pitch)
                noteConfidence += track[t].probability
            } else if inNote && notePitches.count >= minimumFrames {
                notePitches.sort()
                let median = notePitches[notePitches.count / 2]
                notes.append(MelodyNote(start: frames[onset].time, end: frames[t].time,
                                        midiPitch: Int(median.rounded()),
                                        confidence: noteConfidence / Float(notePitches.count)))
            }
            inNote = belongs
        }
        return notes
    }
}
