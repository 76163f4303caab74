import PerformiaCore

/// How much of a transcribed melody only doubles the bass line: the share of the notes' time
/// in which the note's pitch class is the strongest pitch class of the bass chroma. Where no
/// lead voice sings or plays, the pitch tracker follows the most salient monophonic line of the
/// mix, which is the bass (root and fifth on the beats), and nearly every note is the bass's
/// pitch class; a lead voice moves on its own and meets the bass only on some notes (the root
/// under a held tonic, an octave on a cadence). This is the bass-register / accompaniment test
/// of melody-contour selection (Salamon & Gómez, "Melody extraction from polyphonic music
/// signals using pitch contour characteristics", IEEE TASLP 2012, §II-D) reduced to one figure
/// per song.
///
/// Offline; O(notes + chroma frames).
public struct BassDoubling: Sendable {
    /// Bass chroma frames whose strongest lane is below this share of their total count as
    /// having no clear bass note (silence, drums alone) and are left out.
    public var minimumBassShare: Float = 0.2

    public init() {}

    /// Share (0…1) of the notes' time, over the chroma frames with a clear bass note, in which
    /// the note's pitch class is the bass's; nil when no note meets such a frame.
    /// - Parameters:
    ///   - notes: the melody, in time order.
    ///   - chroma: `NNLSChromaDetector` frames, in time order.
    public func share(of notes: [MelodyNote], chroma: [ChromaFrame]) -> Double? {
        var doubled = 0
        var counted = 0
        var frame = 0
        for note in notes {
            while frame < chroma.count && chroma[frame].time < note.start { frame += 1 }
            var k = frame
            while k < chroma.count && chroma[k].time < note.end {
                if let bass = Self.strongestPitchClass(chroma[k].bass, minimumShare: minimumBassShare) {
                    counted += 1
                    if bass == ((note.midiPitch % 12) + 12) % 12 { doubled += 1 }
                }
                k += 1
            }
        }
        return counted > 0 ? Double(doubled) / Double(counted) : nil
    }

    static func strongestPitchClass(_ bass: SIMD16<Float>, minimumShare: Float) -> Int? {
        var best = 0
        var total: Float = 0
        for pc in 0..<12 {
            total += bass[pc]
            if bass[pc] > bass[best] { best = pc }
        }
        guard total > 0, bass[best] >= minimumShare * total else { return nil }
        return best
    }
}
