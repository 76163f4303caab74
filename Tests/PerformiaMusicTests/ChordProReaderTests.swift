import PerformiaMusic
import Testing

@Suite struct ChordProReaderTests {
    @Test func aLyricSheetIsReadIntoItsParts() throws {
        let text = """
            {title: Sunday Drive}
            {st: a test}
            {artist: The Band}
            {key: G}
            {tempo: 96}
            {time: 4/4}
            {capo: 2}
            {define: G base-fret 1 frets 3 2 0 0 0 3}
            # editor's note
            {comment: gently}

            {start_of_verse: Verse 1}
              [G]Sunday morning, roll [Em]the windows down\r
            Words alone
            {end_of_verse}
            {start_of_bridge}
            [C] | [D/F#] . [D] .
            {end_of_bridge}
            {chorus}
            """
        let result = try ChordProReader.read(text)
        let document = result.document
        #expect(result.warnings.isEmpty)
        #expect(document.lines.count == 19)
        #expect(document.title == "Sunday Drive" && document.subtitle == "a test" && document.artist == "The Band")
        #expect(document.key == "G" && document.tempo == "96" && document.time == "4/4" && document.capo == "2")
        #expect(document.chordDefinitions == ["G base-fret 1 frets 3 2 0 0 0 3"])
        #expect(document.comments == [" editor's note", "gently"])
        let sections = document.sections
        #expect(sections.count == 2 && sections[0].kind == .verse && sections[0].label == "Verse 1")
        #expect(sections[0].startLine == 11 && sections[0].endLine == 14 && sections[1].kind == .bridge && sections[1].label == nil)
        guard case .chords(let lyric) = document.lines[12] else {
            Issue.record("line 13 is not a chord line")
            return
        }
        #expect(lyric.isLyric && String(decoding: lyric.lyrics, as: UTF8.self) == "Sunday morning, roll the windows down")
        #expect(lyric.chords.map(\.offset) == [0, 21] && lyric.chords.map { $0.symbol.string } == ["G", "Em"])
        guard case .chords(let bars) = document.lines[16] else {
            Issue.record("line 17 is not a chord line")
            return
        }
        #expect(!bars.isLyric && String(decoding: bars.lyrics, as: UTF8.self) == " |  .  .")
        let slash = bars.chords[1].symbol
        #expect(slash.root == "D" && slash.suffix == "" && slash.bass == "F#" && slash.label == ChordLabel(root: 2, quality: .major))
        #expect(document.lines[18] == .directive(ChartDirective("chorus")))
        #expect(document.directives(.chorusRecall).count == 1)
    }

    @Test func chordSymbolsKeepWhatIsWritten() throws {
        let symbol = try #require(ChordSymbol("F#m7/E"))
        #expect(symbol.root == "F#" && symbol.suffix == "m7" && symbol.bass == "E")
        #expect(symbol.label == ChordLabel(root: 6, quality: .minorSeventh))
        let none = try #require(ChordSymbol("N.C."))
        #expect(none.label.isNoChord && none.root == "" && none.bass == nil)
        #expect(ChordSymbol(ChordLabel(root: 10, quality: .majorSeventh)).string == "Bbmaj7")
        #expect(ChordSymbol("Bbø7")?.label == ChordLabel(root: 10, quality: .diminished))
    }

    @Test func directivesAreKnownByTheirLongAndShortNames() {
        #expect(ChartDirective("SOC").kind == .startOfSection(.chorus))
        #expect(ChartDirective("end_of_tab").kind == .endOfSection(.tab))
        #expect(ChartDirective("start_of_outro", "Outro").kind == .startOfSection(.custom(Array("outro".utf8))))
        #expect(ChartDirective("t", "x").kind == .title && ChartDirective("c", "x").kind == .comment)
        #expect(ChartDirective("composer", "x").kind == .other && ChartDirective("x_performia", "x").kind == .other)
        #expect(ChartDirective("frobnicate").kind == .unknown)
    }

    /// Bad input gives an error or a warning with its line and column, never a crash.
    @Test(arguments: [
        ("[G]Sunday [Em7x]roll", 1, 12, "'Em7x' is not a chord symbol"),
        ("{title: x}\n[G]Sunday [Em roll", 2, 11, "'[' without ']'"),
        ("{title: x\n[G]", 1, 1, "'{' without '}'"),
        ("[G]Caf\u{E9} [Q]", 1, 10, "'Q' is not a chord symbol"),
        ("[]", 1, 2, "'' is not a chord symbol"),
        ("[G] [[C]", 1, 5, "'[' without ']'"),
    ])
    func badChartsAreRefusedWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try ChordProReader.read(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line && error.column == column && error.message == message, "\(error.description)")
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedWithLineAndColumn() {
        let cases: [([UInt8], Int, Int)] = [
            (Array("[G] |\nSunday m\u{F6}rning".utf8) + [0xFF, 0x41], 2, 15),  // a stray byte after ö
            ([0x5B, 0x47, 0x5D, 0xC3], 1, 4),  // a sequence cut short at the end
            ([0x0A, 0x0A, 0xED, 0xA0, 0x80], 3, 1),  // a UTF-16 surrogate
            ([0xC0, 0xAF], 1, 1),  // overlong
        ]
        for (bytes, line, column) in cases {
            do {
                _ = try ChordProReader.read(bytes: bytes)
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.line == line && error.column == column && error.message.contains("is not UTF-8 text"), "\(error.description)")
            }
        }
    }

    @Test func oddButReadableChartsGiveWarnings() throws {
        let read = try ChordProReader.read("{frobnicate: 3}\n{title: x} trailing\n[G]words] here")
        let found = read.warnings.map { ($0.line, $0.column, $0.message) }
        #expect(found.count == 3)
        #expect(found[0] == (1, 2, "unknown directive 'frobnicate' (kept, not used)"))
        #expect(found[1] == (2, 11, "text after '}' ignored"))
        #expect(found[2] == (3, 9, "']' without '[' (kept as text)"))
        // An empty chart is an empty document with a warning; the band refuses it ("no chords").
        let empty = try ChordProReader.read("")
        #expect(empty.document.lines.isEmpty && empty.warnings.map(\.message) == ["the chart is empty"])
        #expect(throws: ChordProDiagnostic.self) { try ChartChords.read("") }
        // A million stray brackets make a bounded number of warnings.
        let strays = try ChordProReader.read(String(repeating: "]", count: 1_000_000))
        #expect(strays.warnings.count == ChordProReader.maximumWarnings + 1)
    }

    /// A line of 50 MB (words with a chord every 64 KB) is read in linear time.
    @Test func aFiftyMegabyteLineIsRead() throws {
        let chunk = Array("[Am]".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50 << 20)
        while bytes.count < 50 << 20 { bytes += chunk }
        let clock = ContinuousClock()
        let start = clock.now
        let read = try ChordProReader.read(bytes: bytes)
        let elapsed = clock.now - start
        guard case .chords(let line) = read.document.lines.first else {
            Issue.record("not a chord line")
            return
        }
        #expect(read.document.lines.count == 1 && line.chords.count == bytes.count / chunk.count)
        #expect(elapsed < .seconds(20), "\(elapsed)")  // linear: about 1 s in a debug build
        // The same line with a bad chord at its end: the error names the column.
        bytes += Array("[Hm]".utf8)
        #expect(throws: ChordProDiagnostic.self) { try ChordProReader.read(bytes: bytes) }
    }
}
