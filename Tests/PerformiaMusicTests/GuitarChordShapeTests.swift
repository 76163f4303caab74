import PerformiaMusic
import Testing

@Suite struct GuitarChordShapeTests {
    func frets(_ symbol: String) -> String? {
        GuitarChordShape(symbol: ChordSymbol(symbol)!).map { shape in
            shape.frets.map { $0.map(String.init) ?? "x" }.joined()
        }
    }

    /// The open shapes every guitarist knows come out as they play them.
    @Test(arguments: [("G", "320003"), ("C", "x32010"), ("D", "xx0232"), ("E", "022100"), ("A", "x02220"),
                      ("Em", "022000"), ("Am", "x02210"), ("Dm", "xx0231"), ("F", "133211"), ("E7", "020100"),
                      ("A7", "x02020"), ("Cmaj7", "x32000")])
    func commonShapes(symbol: String, expected: String) {
        #expect(frets(symbol) == expected)
    }

    /// Every root and quality, with and without a slash bass: a playable shape sounding exactly
    /// the chord's notes (the fifth may be left out of a four-note chord), the bass lowest.
    @Test func everyChordHasAPlayableShape() {
        let roots = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
        let suffixes = ["", "m", "7", "maj7", "m7", "dim", "aug", "sus2", "sus4"]
        var checked = 0
        for root in roots {
            for suffix in suffixes {
                for bass in ["", "/E", "/G"] {
                    let symbol = ChordSymbol(root + suffix + bass)!
                    guard let shape = GuitarChordShape(symbol: symbol) else {
                        Issue.record("no shape for \(root + suffix + bass)")
                        continue
                    }
                    let notes = zip(GuitarChordShape.openStringNotes, shape.frets).compactMap { open, fret in fret.map { open + $0 } }
                    #expect(notes.count >= 4, "\(symbol.string)")
                    let pressed = shape.frets.compactMap { $0 }.filter { $0 > 0 }
                    #expect((pressed.max() ?? 0) - (pressed.min() ?? 0) <= 3, "\(symbol.string)")
                    var chord = Set(symbol.label.quality.intervals.map { ($0 + symbol.label.root!) % 12 })
                    let bassClass = bass.isEmpty ? symbol.label.root! : (bass == "/E" ? 4 : 7)
                    chord.insert(bassClass)
                    let sounded = Set(notes.map { $0 % 12 })
                    #expect(sounded.isSubset(of: chord), "\(symbol.string)")
                    let fifth = (symbol.label.root! + 7) % 12
                    #expect(chord.subtracting(sounded).isSubset(of: chord.count >= 4 ? [fifth] : []), "\(symbol.string)")
                    #expect(notes.min()! % 12 == bassClass, "\(symbol.string)")
                    checked += 1
                }
            }
        }
        #expect(checked == 12 * 9 * 3)
    }

    @Test func chordProDefinitionsCountFromTheBaseFret() {
        #expect(GuitarChordShape(frets: [3, 2, 0, 0, 0, 3]).chordProDefinition == "base-fret 1 frets 3 2 0 0 0 3")
        #expect(GuitarChordShape(frets: [nil, 7, 9, 9, 8, 7]).chordProDefinition == "base-fret 7 frets X 1 3 3 2 1")
    }

    /// A symbol whose notes Performia reads reduced (A9 as A7) gets no shape rather than a wrong
    /// one; no chord has none.
    @Test func reducedSymbolsHaveNoShape() {
        #expect(frets("A9") == nil && frets("C6") == nil && frets("Bm7b5") == nil && frets("N.C.") == nil)
    }
}
