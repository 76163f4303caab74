/// A chord's fingering on a six-string guitar in standard tuning (E2 A2 D3 G3 B3 E4), for the
/// chord diagrams a chart defines (`{define: G base-fret 1 frets 3 2 0 0 0 3}`).
///
/// `init?(symbol:)` searches every shape within a four-fret window at each position up to the
/// ninth fret and keeps the easiest: it sounds every note of the chord (a four-note chord may
/// leave out its fifth) and nothing else, its lowest note is the bass (the root, or the note after
/// the slash), at least four strings sound with only bass-side strings muted, it needs at most
/// four fingers (one lying across a barre), and it sits as low on the neck as it can with as few
/// muted strings, fingers and stretches as it can. The common open shapes come out as guitarists play them
/// (G 320003, C x32010, D xx0232, F 133211). Portable; allocates; not for the audio thread.
public struct GuitarChordShape: Sendable, Equatable {
    /// The fret of each string, low E first: 0 open, nil not played.
    public var frets: [Int?]

    /// MIDI notes of the open strings, low E first.
    public static let openStringNotes = [40, 45, 50, 55, 59, 64]

    public init(frets: [Int?]) { self.frets = frets }

    /// The easiest shape for `symbol`; nil for no chord, for a symbol whose notes Performia only
    /// knows reduced (`A9` is read as A7: a diagram of A7 named A9 would be wrong), or when no
    /// shape within the first twelve frets plays it.
    public init?(symbol: ChordSymbol) {
        guard let root = symbol.label.root, Self.exactSuffixes.contains(where: { symbol.suffixBytes.elementsEqual(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }) else { return nil }
        let mask = Int(symbol.label.quality.intervalMask)
        var chord = 0
        for interval in 0..<12 where mask & (1 << interval) != 0 { chord |= 1 << ((root + interval) % 12) }
        var bass = root
        if let written = symbol.bass {
            guard let pitchClass = PitchSpelling.pitchClass(of: written) else { return nil }
            bass = pitchClass
            chord |= 1 << bass
        }
        let optionalFifth = mask.nonzeroBitCount >= 4 && mask & (1 << 7) != 0 ? 1 << ((root + 7) % 12) : 0
        guard let best = Self.easiest(chord: chord, optional: optionalFifth, bass: bass) else { return nil }
        self = best
    }

    /// Quality suffixes whose notes are exactly the quality Performia reads them as.
    static let exactSuffixes: [StaticString] = ["", "maj", "M", "m", "min", "-", "7", "maj7", "M7", "m7", "min7", "-7",
                                             "dim", "°", "o", "aug", "+", "sus2", "sus4", "sus"]

    /// The lowest fret pressed (0 when every string played is open).
    public var lowestFret: Int { frets.compactMap { $0 }.filter { $0 > 0 }.min() ?? 0 }

    /// The ChordPro `{define}` body after the name: `base-fret 1 frets 3 2 0 0 0 3` (frets
    /// counted from the base fret, 1 = the base fret itself; 0 open; X not played). Shapes
    /// reaching past the fourth fret start at their lowest fret.
    public var chordProDefinition: String {
        let highest = frets.compactMap { $0 }.max() ?? 0
        let base = highest > 4 ? lowestFret : 1
        var text = "base-fret \(base) frets"
        for fret in frets {
            guard let fret else { text += " X"; continue }
            text += fret == 0 ? " 0" : " \(fret - base + 1)"
        }
        return text
    }

    /// The cheapest shape sounding the pitch classes of `chord` (a 12-bit mask), `optional` ones
    /// allowed to be left out, with `bass` lowest.
    static func easiest(chord: Int, optional: Int, bass: Int) -> GuitarChordShape? {
        var best: (cost: Double, shape: [Int?])?
        var frets = [Int?](repeating: nil, count: 6)
        for position in 0...9 {
            let low = max(1, position), high = position + 3
            func search(_ string: Int) {
                if string == 6 {
                    if let cost = cost(frets, chord: chord, optional: optional, bass: bass), cost < (best?.cost ?? .infinity) {
                        best = (cost, frets)
                    }
                    return
                }
                frets[string] = nil
                search(string + 1)
                let open = openStringNotes[string]
                for fret in [0] + Array(low...high) where chord & (1 << ((open + fret) % 12)) != 0 {
                    frets[string] = fret
                    search(string + 1)
                }
                frets[string] = nil
            }
            search(0)
        }
        return best.map { GuitarChordShape(frets: $0.shape) }
    }

    /// What `frets` costs to play, nil when it is not a playable shape of the chord.
    static func cost(_ frets: [Int?], chord: Int, optional: Int, bass: Int) -> Double? {
        guard let first = frets.firstIndex(where: { $0 != nil }) else { return nil }
        // Only bass-side strings are left out: strumming across the others must be safe.
        guard frets[first...].allSatisfy({ $0 != nil }), frets.count - first >= 4 else { return nil }
        var sounded = 0
        for (string, fret) in frets.enumerated() {
            if let fret { sounded |= 1 << ((openStringNotes[string] + fret) % 12) }
        }
        guard sounded | chord == chord, (chord & ~optional) & ~sounded == 0 else { return nil }
        guard (openStringNotes[first] + frets[first]!) % 12 == bass else { return nil }
        let pressed = frets.compactMap { $0 }.filter { $0 > 0 }
        let lowest = pressed.min() ?? 0
        let span = (pressed.max() ?? 0) - lowest
        guard span <= 3 else { return nil }
        // A barre: the lowest fret pressed on two or more strings with nothing open above its first.
        var fingers = pressed.count
        var barre = false
        if let barreStart = frets.firstIndex(where: { $0 == lowest }), lowest > 0,
           frets.filter({ $0 == lowest }).count >= 2, frets[barreStart...].allSatisfy({ ($0 ?? lowest) >= lowest }) {
            barre = true
            fingers = 1 + pressed.filter { $0 > lowest }.count
        }
        guard fingers <= 4 else { return nil }
        let muted = first
        let open = frets.filter { $0 == 0 }.count
        return Double(lowest) + 0.6 * Double(muted) + 0.3 * Double(fingers) + (barre ? 0.5 : 0) - 0.1 * Double(open)
            + (span > 2 ? 0.4 : 0)
    }
}
