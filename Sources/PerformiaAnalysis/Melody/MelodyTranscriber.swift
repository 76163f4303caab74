import PerformiaCore

/// Lead-melody notes from the frames of a `PitchTracker`: the pitch and note stages of pYIN and
/// Tony.
///
/// 1. `PitchHMM` — pYIN stage 2 (Mauch & Dixon, ICASSP 2014): Viterbi over 1/5-semitone pitch
///    bins × voiced/unvoiced gives a smoothed pitch track.
/// 2. `NoteHMM` — Tony's note model (Mauch et al., TENOR 2015): Viterbi over attack / stable /
///    silent states per 1/3 semitone segments the track into notes.
/// 3. Tony's note extraction: a frame belongs to a note when the note model is in an attack or
///    stable state and the track is voiced there. A sharp rise in level (a frame's RMS at most
///    `onsetSensitivity` × the RMS two frames later) splits a run, so that a note re-attacked on
///    the same pitch becomes two. Tony drops the rising frames, which puts the onset at the end
///    of the rise; here the rise is the new note's attack and the onset its first frame (the same
///    splits, onsets earlier by the rise time). Runs shorter than `minimumNoteSeconds` are
///    pruned; a note's pitch is the median of its track, rounded to MIDI.
/// 4. Syllable onsets (added here; not in Tony): pitch exists only in voiced sounds, so a sung
///    syllable's note is found from its vowel, after its onset consonants. An unvoiced stretch of
///    at most `consonantSeconds` between two notes is taken to be the second syllable's onset
///    consonants (stop closures among them are silent, so its level is not consulted), and that
///    note starts where the previous one ended: notes then start with their syllable, as a
///    score's notes do. Staccato notes separated by short rests start early by the rest instead;
///    `consonantSeconds = 0` keeps every onset at its first voiced frame.
///
/// Times are those of the frames (see `PitchTracker`), in frames of the analysed stream; a note
/// ends at the first frame that no longer belongs to it. Offline Viterbi over the frames given:
/// about 0.1 MB of back-pointers per second of audio, so long recordings are transcribed in
/// chunks cut in unvoiced stretches (`splitIndex`), which keeps memory bounded; about 1.2 ms of
/// CPU per second of audio (release build). The HMM parameters are the published
/// defaults of the pYIN/Tony implementation; none is tuned to the evaluation songs.
public struct MelodyTranscriber: Sendable {
    /// Shortest note kept, in seconds (Tony's pruning threshold).
    public var minimumNoteSeconds = 0.1
    /// Tony's onset sensitivity, in (0, 1): a note is split where a frame's RMS is at most this
    /// fraction of the RMS two frames (11.6 ms) later.
    public var onsetSensitivity: Float = 0.7
    /// Longest unvoiced stretch between two notes taken to be the second note's onset consonants,
    /// in seconds (0: none). 0.2 s covers an onset cluster of two or three consonants, and the
    /// 90th percentile of the voicing delay after a syllable onset on the eval's dev vocals.
    public var consonantSeconds = 0.2

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

        // Notes as frame ranges [first, end) first.
        var ranges: [(first: Int, end: Int, pitch: Int, confidence: Float)] = []
        var notePitches: [Float] = []
        var noteConfidence: Float = 0
        var onset = 0
        var inNote = false
        var wasRising = false
        func close(at t: Int) {
            guard inNote && notePitches.count >= minimumFrames else { return }
            notePitches.sort()
            let median = notePitches[notePitches.count / 2]
            ranges.append((onset, t, Int(median.rounded()), noteConfidence / Float(notePitches.count)))
        }
        for t in 0..<count {
            let belongs = kinds[t] != .silent && track[t].isVoiced && t != count - 1
            let rising = t < count - 2 && !(frames[t].rms > onsetSensitivity * frames[t + 2].rms)
            // A new note at the first voiced frame, or where the level starts to rise within a note.
            if belongs && (!inNote || (rising && !wasRising)) {
                close(at: t)
                onset = t
                notePitches.removeAll(keepingCapacity: true)
                noteConfidence = 0
            } else if !belongs {
                close(at: t)
            }
            if belongs {
                notePitches.append(track[t].pitch)
                noteConfidence += track[t].probability
            }
            inNote = belongs
            wasRising = rising
        }

        // A short unvoiced stretch between two notes holds the second syllable's onset consonants
        // (stop closures among them are silent): that note starts where the previous one ended.
        let consonantFrames = SampleTime(consonantSeconds * sampleRate)
        var notes: [MelodyNote] = []
        for range in ranges {
            var start = frames[range.first].time
            if let previous = notes.last, consonantFrames > 0, start - previous.end <= consonantFrames {
                start = previous.end
            }
            notes.append(MelodyNote(start: start, end: frames[range.end].time, midiPitch: range.pitch,
                                    confidence: range.confidence))
        }
        return notes
    }

    /// Where to cut `frames` (at least `minimumFrames` long) for transcription in chunks: the
    /// middle of the last stretch of at least `gapFrames` frames with voiced probability below
    /// 0.1 — a breath or a rest, where no note can be split — or, when there is none, the least
    /// voiced frame of the last quarter. nil when `frames` is shorter than `minimumFrames`.
    public static func splitIndex(_ frames: [PitchFrame], minimumFrames: Int, gapFrames: Int) -> Int? {
        guard frames.count >= max(minimumFrames, 4) else { return nil }
        var runEnd = -1
        var t = frames.count - 1
        while t >= frames.count / 2 {
            if frames[t].voicedProbability < 0.1 {
                if runEnd < 0 { runEnd = t }
                if runEnd - t + 1 >= gapFrames { return (t + runEnd) / 2 }
            } else {
                runEnd = -1
            }
            t -= 1
        }
        var best = frames.count * 3 / 4
        for i in best..<frames.count where frames[i].voicedProbability < frames[best].voicedProbability { best = i }
        return best
    }
}
