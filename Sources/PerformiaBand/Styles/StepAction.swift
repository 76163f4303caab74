/// What one pattern step plays. Drums name a General MIDI percussion key; the bass a degree of
/// the current chord; keys, guitar and strings a part of the current voicing (`VoiceLeading`).
public enum StepAction: Sendable, Equatable {
    /// A General MIDI percussion key (35 kick … 81 open triangle), played on channel 10.
    case drum(UInt8)
    /// A bass note relative to the chord (`BassDegree`).
    case bass(BassDegree)
    /// A comp hit of the current voicing (`CompVoice`).
    case comp(CompVoice)
}

/// A bass note relative to the chord, as a bassist reads a chart.
public enum BassDegree: Sendable, Equatable {
    /// The root, placed near the previous root in the part's register.
    case root
    /// The third (the suspended 2nd or 4th in sus chords).
    case third
    case fifth
    /// The major sixth above the root.
    case sixth
    /// The chord's seventh; the octave for triads.
    case seventh
    /// The root an octave up.
    case octave
    /// A half step (below or, coming from above, above) the root of the chord on the next
    /// downbeat: the next chord's when it changes within the beat, else the current one's.
    case approach
    /// A walking-bass line: the root on the chord's first beat, a chromatic or diatonic approach
    /// to the next root on the beat before a change, chord and scale tones heading there in
    /// between (`BassLine.walk`).
    case walk
    /// The next chord's root when it changes on the next beat (an anticipation), else the root.
    case nextRoot
    /// A dead note: short and soft at the last pitch played (funk "ghost" notes).
    case ghost
}

/// Which notes of the current voicing a comp step strikes.
public enum CompVoice: Sendable, Equatable {
    /// Every voice.
    case all
    /// Every voice but the lowest (a guitar's up-stroke, a pianist's right hand).
    case upper
    /// One voice, 1 = the lowest (arpeggios, inner-voice pulses); clamped to the voicing's size.
    case single(Int)
    /// The chord's root below the voicing (within an octave of its lowest note): a guitarist's
    /// thumb, a pianist's left hand.
    case bass
}
