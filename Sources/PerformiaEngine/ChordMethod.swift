/// How the Song Map's chords are heard.
public enum ChordMethod: String, CaseIterable, Sendable {
    /// The learned chord model (`ChordCNN`, `Resources/models/chord-cnn.pfnn`) over the band
    /// spectrum, its triad probabilities added to the NNLS chroma emissions of the chord HMM
    /// (`ChordRecognizer.recognize(_:rhythm:beatsPerBar:learned:)`).
    case learned
    /// NNLS chroma alone (Mauch & Dixon 2010) matched to chord templates in the chord HMM.
    case nnls
}
