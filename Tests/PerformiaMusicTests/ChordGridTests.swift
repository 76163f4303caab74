import PerformiaMusic
import Testing

/// ChordPro 6 grids (`{start_of_grid}` … `{end_of_grid}`): read token by token, written back
/// the same, and read by the band beat for beat.
@Suite struct ChordGridTests {
    func chords(_ text: String) throws -> [(String, Int)] {
        let chart = try ChartChords.read(text)
        return zip(chart.chords, chart.durationsBeats).map { ($0.chartSymbol(spelling: .sharps), $1) }
    }

    @Test func gridBarsAreReadBeatForBeat() throws {
        let text = """
            {time: 4/4}
            {start_of_grid: label="Verse" shape="4x4"}
            || Am . . . | C . G/B . | D . / . | % ||
            | F . . E7 | Am~E . . . | . . . . |.
            {end_of_grid}
            """
        let read = try chords(text)
        #expect(read.map { $0.0 } == ["Am", "C", "G", "D", "F", "E7", "Am", "E"])
        // G/B is G for the band; `%` plays D's bar again; `Am~E` shares the first cell, so E comes
        // in on beat 2 and holds through the bar of holds.
        #expect(read.map { $0.1 } == [4, 2, 2, 8, 3, 1, 1, 7])
    }

    @Test func cellsAreSpreadOverTheMeter() throws {
        // Two cells in 3/4: the first half the longer; six cells in 3/4 (eighths): a chord on the
        // fourth eighth comes in on the nearest beat, the third.
        let waltz = "{time: 3/4}\n{sog}\n| G D7 |\n| C . . G . . |\n{eog}\n"
        #expect(try chords(waltz).map { $0.1 } == [2, 1, 2, 1])
        #expect(try chords(waltz).map { $0.0 } == ["G", "D7", "C", "G"])
    }

    @Test func marginsAndAnnotationsAreNotChords() throws {
        let text = "{start_of_grid: 1+4x4+1 Intro}\nA | G . . . | *Coda | D . . . | x2\n{end_of_grid}\n"
        let result = try ChordProReader.read(text)
        guard case .grid(let line) = result.document.lines[1] else {
            Issue.record("line 2 is not a grid line")
            return
        }
        #expect(line.cells.first == .text(Array("A".utf8)))
        #expect(line.cells.last == .text(Array("x2".utf8)))
        #expect(line.cells.contains(.text(Array("*Coda".utf8))))
        #expect(result.document.sections.first?.kind == .grid)
        #expect(result.document.sections.first?.label == "Intro")
        #expect(try chords(text).map { $0.0 } == ["G", "D"])
    }

    @Test func sectionLabelsComeFromTheLabelAttribute() throws {
        let text = "{start_of_grid: label=\"Chorus 2\" shape=\"4x4\"}\n| G . . . |\n{end_of_grid}\n{start_of_verse: Verse 1}\n[G]la\n{end_of_verse}\n{sog: 4x4}\n| C |\n{eog}\n"
        let sections = try ChordProReader.read(text).document.sections
        #expect(sections.map { $0.label } == ["Chorus 2", "Verse 1", nil])
    }

    @Test func aGridIsWrittenBackAsRead() throws {
        let text = "{start_of_grid}\n|| Am . . . | C~G . / . |\n| N.C. . . . | % | %% |.\n{end_of_grid}\n"
        let document = try ChordProReader.read(text).document
        #expect(ChordProWriter.text(document) == text)
        #expect(try ChordProReader.read(ChordProWriter.text(document)).document == document)
    }

    @Test(arguments: [
        ("{sog}\n| G . Q . |\n{eog}", 2, 7, "'Q' is not a chord symbol"),
        ("{sog}\n| G~H . . . |\n{eog}", 2, 5, "'H' is not a chord symbol"),
        ("{sog}\n| % |\n{eog}", 2, 0, "'%' repeats 1 bar before there are as many"),
        ("{sog}\n| . . . . |\n{eog}", 2, 0, "a grid bar starts with '.', holding no chord"),
    ])
    func badGridsAreRefusedWithTheirLine(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try ChartChords.read(text)
            Issue.record("read \(text)")
        } catch {
            #expect(error.line == line && error.column == column && error.message == message)
        }
    }

    @Test func bracketedChordsInAGridAreReadAsChords() throws {
        #expect(try chords("{sog}\n| [G] . . . | [C] . [D] . |\n{eog}\n").map { $0.1 } == [4, 2, 2])
    }

    @Test func linesOutsideAGridAreNotGridLines() throws {
        let document = try ChordProReader.read("{sog}\n| G |\n{eog}\n| G . . . |\n").document
        guard case .chords = document.lines[3] else {
            Issue.record("a bar line after {eog} was read as a grid line")
            return
        }
    }
}
