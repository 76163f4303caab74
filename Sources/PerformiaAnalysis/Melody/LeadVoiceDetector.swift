import PerformiaCore

/// Whether a transcribed melody is a lead voice or the pitch tracker following the
/// accompaniment. Where no voice sings or plays a lead, pYIN on the mix follows the most
/// salient monophonic line, the bass (root and fifth on the beats, E1…E3), and the "melody" then
/// sits in the bass register and on the bass's pitch class; a lead moves on its own above it.
/// These are the bass-register and accompaniment tests of melody-contour selection (Salamon &
/// Gómez, "Melody extraction from polyphonic music signals using pitch contour
/// characteristics", IEEE TASLP 2012, §II-D: contours low in pitch and doubling the bass are
/// not melody) reduced to two figures per song, over the notes' time:
///
/// - bass doubling: the share in which the note's pitch class is the strongest pitch class of
///   the NNLS bass chroma (frames without a clear bass note, or with one line alone, left out);
/// - above the bass: the share of notes at or above `bassRegisterTop`.
///
/// No lead when the doubling exceeds `maximumBassDoubling` or the share above the bass is under
/// `minimumAboveBass`. On the eval's dev set the four sung songs measure doubling 0.40–0.52 and
/// above-the-bass 0.33–0.59; the seven accompaniment-only chart songs 0.28–0.48 and 0.04–0.33,
/// the bundled demo (bass, piano, drums) 0.73 and 0.25. Offline; O(notes + chroma frames).
public struct LeadVoiceDetector: Sendable {
    /// Bass chroma frames whose strongest lane holds less than this share of the frame's total
    /// have no clear bass note (silence, drums alone) and are left out of the doubling.
    public var minimumBassShare: Float = 0.2
    /// Treble chroma frames whose strongest lane holds at least this share of the total sound one
    /// line alone (no accompaniment) and are left out of the doubling.
    public var loneLineShare: Float = 0.7
    /// Highest share of the notes' time on the bass's pitch class for a lead.
    public var maximumBassDoubling = 0.65
    /// Lowest share of the notes' time at or above `bassRegisterTop` for a lead.
    public var minimumAboveBass = 0.25
    /// The top of the bass register, MIDI (52 = E3, the top of a bass line's usual range; a
    /// male lead sits mostly above it).
    public var bassRegisterTop = 52

    public enum Verdict: Equatable, Sendable {
        /// A lead voice, or too few notes to tell (none is dropped then).
        case lead
        /// No lead: the notes double the bass this share (0…1) of their time.
        case doublesBass(Double)
        /// No lead: the notes sit below `bassRegisterTop` this share (0…1) of their time.
        case inBassRegister(Double)
    }

    public init() {}

    /// - Parameters:
    ///   - notes: the melody, in time order.
    ///   - chroma: `NNLSChromaDetector` frames, in time order.
    public func verdict(_ notes: [MelodyNote], chroma: [ChromaFrame]) -> Verdict {
        if let doubling = bassDoubling(notes, chroma: chroma), doubling > maximumBassDoubling {
            return .doublesBass(doubling)
        }
        if let above = aboveBassShare(notes), above < minimumAboveBass { return .inBassRegister(1 - above) }
        return .lead
    }

    /// Share (0…1) of the notes' time, over the chroma frames with a clear bass note under an
    /// accompaniment, in which the note's pitch class is the bass's; nil when no note meets such
    /// a frame.
    public func bassDoubling(_ notes: [MelodyNote], chroma: [ChromaFrame]) -> Double? {
        var doubled = 0
        var counted = 0
        var frame = 0
        for note in notes {
            while frame < chroma.count && chroma[frame].time < note.start { frame += 1 }
            var k = frame
            while k < chroma.count && chroma[k].time < note.end {
                // a frame whose treble is one pitch class alone is a line on its own (a solo, an
                // a-cappella voice), which the bass chroma hears too: nothing doubles there
                let alone = Self.strongestPitchClass(chroma[k].treble, minimumShare: loneLineShare) != nil
                if !alone, let bass = Self.strongestPitchClass(chroma[k].bass, minimumShare: minimumBassShare) {
                    counted += 1
                    if bass == ((note.midiPitch % 12) + 12) % 12 { doubled += 1 }
                }
                k += 1
            }
        }
        return counted > 0 ? Double(doubled) / Double(counted) : nil
    }

    /// Share (0…1) of the notes' time at or above `bassRegisterTop`; nil without notes.
    public func aboveBassShare(_ notes: [MelodyNote]) -> Double? {
        var above: SampleTime = 0
        var total: SampleTime = 0
        for note in notes {
            total += note.end - note.start
            if note.midiPitch >= bassRegisterTop { above += note.end - note.start }
        }
        return total > 0 ? Double(above) / Double(total) : nil
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
