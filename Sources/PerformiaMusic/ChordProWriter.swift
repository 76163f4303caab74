/// Writes a `ChartDocument` as ChordPro text, one line per `ChartLine`, each ending in `\n`:
/// `{name: value}` (`{name}` without a value), `#comment`, the lyrics with each `[chord]` before
/// the byte it is placed at. `ChordProReader` reads it back to the same document.
public enum ChordProWriter {
    /// The chart as UTF-8 bytes.
    public static func bytes(_ document: ChartDocument) -> [UInt8] {
        var out: [UInt8] = []
        for line in document.lines { write(line, to: &out) }
        return out
    }

    /// The chart as text.
    public static func text(_ document: ChartDocument) -> String {
        let written = bytes(document)
        return ChartText.string(written[...])
    }

    private static func write(_ line: ChartLine, to out: inout [UInt8]) {
        switch line {
        case .blank:
            break
        case .comment(let text):
            out.append(UInt8(ascii: "#"))
            out.append(contentsOf: text)
        case .directive(let directive):
            out.append(UInt8(ascii: "{"))
            out.append(contentsOf: directive.name)
            if let value = directive.value {
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: value)
            }
            out.append(UInt8(ascii: "}"))
        case .grid(let gridLine):
            out.append(contentsOf: gridLine.bytes)
        case .chords(let chordLine):
            var next = 0
            for (offset, byte) in chordLine.lyrics.enumerated() {
                while next < chordLine.chords.count && chordLine.chords[next].offset <= offset {
                    writeChord(chordLine.chords[next].symbol, to: &out)
                    next += 1
                }
                out.append(byte)
            }
            while next < chordLine.chords.count {
                writeChord(chordLine.chords[next].symbol, to: &out)
                next += 1
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    private static func writeChord(_ symbol: ChordSymbol, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        out.append(contentsOf: symbol.text)
        out.append(UInt8(ascii: "]"))
    }
}
