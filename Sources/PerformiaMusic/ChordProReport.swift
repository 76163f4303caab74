/// A canonical text of what reading a ChordPro chart gives, byte for byte the same wherever it
/// runs (natively, in the wasm build): the document as `ChordProWriter` writes it, the warnings,
/// and the band's view (`ChartChords`), or the error that stopped the reading. For parity tests
/// and for looking at what Performia made of a chart.
public enum ChordProReport {
    /// The report of reading UTF-8 `bytes`:
    /// ```
    /// document:
    /// <the chart as written back>
    /// warning: line 3: unknown directive 'x' (kept, not used) (column 2)
    /// chords: G Em C D7
    /// durations: 4 4 2 2
    /// syllables: 0 0 0 0
    /// sameLengthAs: 0 1 2 3
    /// sameShapeAs: 0 1 2 3
    /// tempo: 96000 (milli-BPM; none without one), beatsPerBar: 4, meterWritten: 1, compound: 0
    /// ```
    /// or `error: <description>` when the chart cannot be read (`chords error: …` when it is read
    /// but has no chords for the band).
    public static func text(reading bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        func line(_ text: String) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        let result: ChordProReader.Result
        do {
            result = try ChordProReader.read(bytes: bytes)
        } catch {
            line("error: " + error.description)
            return out
        }
        line("document:")
        out.append(contentsOf: ChordProWriter.bytes(result.document))
        for warning in result.warnings { line("warning: " + warning.description) }
        let chords: ChartChords
        do {
            chords = try ChartChords(result.document)
        } catch {
            line("chords error: " + error.description)
            return out
        }
        var names: [String] = []
        for chord in chords.chords { names.append(chord.chartSymbol()) }
        line("chords:" + joined(names))
        line("durations:" + numbers(chords.durationsBeats))
        line("syllables:" + numbers(chords.syllables))
        line("sameLengthAs:" + numbers(chords.sameLengthAs))
        line("sameShapeAs:" + numbers(chords.sameShapeAs))
        let tempo = chords.tempoBPM.map { "\(Int(($0 * 1000).rounded()))" } ?? "none"
        line("tempo: " + tempo + ", beatsPerBar: \(chords.beatsPerBar), meterWritten: \(chords.meterWritten ? 1 : 0), "
             + "compound: \(chords.isCompound ? 1 : 0)")
        return out
    }

    private static func numbers(_ values: [Int]) -> String {
        var texts: [String] = []
        for value in values { texts.append("\(value)") }
        return joined(texts)
    }

    private static func joined(_ texts: [String]) -> String {
        var out = ""
        for text in texts { out += " " + text }
        return out
    }
}
