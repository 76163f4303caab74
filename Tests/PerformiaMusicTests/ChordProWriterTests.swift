import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct ChordProWriterTests {
    static let pieces = [
        "{title: Song}", "{t:Short}", "{key: Em}", "{tempo: 96}", "{time: 6/8}", "{capo: 3}", "{soc}", "{eoc}",
        "{start_of_verse: Verse 2}", "{end_of_verse}", "{start_of_tab}", "{chorus}", "{x_custom: y}",
        "{define: Asus2 base-fret 1 frets x 0 2 2 0 0}", "{comment: softly}", "# note", "", "  ",
        "[G] | [Em] | [C] [D]", "[G] . . [D7]", "[N.C.] |", "[G]Sunday morning, [Em]roll", "Words alone",
        "Caf\u{E9} [Bb]na\u{EF}ve \u{2014} [F#m7/E]ok", "[C][G]two at once", "end [D]", "[Am] ] stray",
    ]

    /// A chart written back reads to the same document, and writing that gives the same text.
    @Test func generatedChartsRoundTrip() throws {
        var random = XorshiftGenerator(seed: 13)
        for _ in 0..<500 {
            let count = Int.random(in: 0...12, using: &random)
            var text = ""
            for _ in 0..<count { text += Self.pieces.randomElement(using: &random)! + (Bool.random(using: &random) ? "\n" : "\r\n") }
            let document = try ChordProReader.read(text).document
            let written = ChordProWriter.bytes(document)
            let again = try ChordProReader.read(bytes: written).document
            #expect(again == document, "\(text)")
            #expect(ChordProWriter.bytes(again) == written)
        }
    }

    @Test func aDocumentBuiltInCodeIsWrittenAsChordPro() {
        var bars = ChordLine()
        bars.append(chord: ChordSymbol(ChordLabel(root: 7, quality: .major)))
        bars.append(text: " | ")
        bars.append(chord: ChordSymbol(.noChord))
        let document = ChartDocument(lines: [.directive(ChartDirective("title", "T")), .blank, .comment(Array(" x".utf8)),
                                             .directive(ChartDirective("end_of_part")), .chords(bars)])
        #expect(ChordProWriter.text(document) == "{title: T}\n\n# x\n{end_of_part}\n[G] | [N.C.]\n")
    }

    /// Random and mutated bytes: the reader gives a document or an error, never a crash; the
    /// band's view of what it reads is a result or an error too.
    /// Found by libFuzzer (docs/fuzzing.md): a line ending in blanks, a carriage return and more
    /// blanks kept the `\r`, which the writer put before its newline, where it reads as CRLF.
    @Test func aStrayCarriageReturnAtTheEndOfALineRoundTrips() throws {
        for text in ["$\t\t\r\t\t", "[G]Sunday \r\n[C]morning\r\r\n", "\r{title: X}\r \n"] {
            let read = try ChordProReader.read(bytes: Array(text.utf8)).document
            let again = try ChordProReader.read(bytes: ChordProWriter.bytes(read)).document
            #expect(again == read, "\(text.debugDescription)")
        }
    }

    @Test func randomBytesNeverCrashTheReader() {
        var random = XorshiftGenerator(seed: 7)
        let alphabet = Array("[]{}|.#: \n\r\tGCDEFABbm7#/susN.x".utf8) + [0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0x94, 0x00]
        let seeds = Self.pieces.map { Array(($0 + "\n").utf8) }
        var documents = 0, errors = 0
        for trial in 0..<3000 {
            var bytes: [UInt8]
            if trial % 2 == 0 {
                bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            } else {
                bytes = (0..<4).flatMap { _ in seeds.randomElement(using: &random)! }
                for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                    }
                }
            }
            do {
                let read = try ChordProReader.read(bytes: bytes)
                documents += 1
                _ = try? ChartChords(read.document)
                #expect(try ChordProReader.read(bytes: ChordProWriter.bytes(read.document)).document == read.document)
            } catch {
                errors += 1
                #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
            }
        }
        #expect(documents > 300 && errors > 300, "\(documents) documents, \(errors) errors")
    }
}
