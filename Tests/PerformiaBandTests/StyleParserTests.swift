import PerformiaBand
import Testing

@Suite struct StyleParserTests {
    @Test(arguments: StyleFixtures.names)
    func everyStyleFileParses(_ name: String) throws {
        let style = try StyleFixtures.style(name)
        #expect(!style.name.isEmpty)
        for part in BandPart.allCases where style[part].isUsed {
            // Every used part has all three levels and an ending.
            for kind in [PatternKind.sparse, .medium, .dense, .ending] {
                #expect(style[part].pattern(kind) != nil, "\(name): \(part.name) has no \(kind.name) pattern")
            }
        }
    }

    @Test func styleFilesCarryTheirMeterSwingAndInstrumentation() throws {
        #expect(try StyleFixtures.style("waltz").beatsPerBar == 3)
        #expect(try StyleFixtures.style("rock").beatsPerBar == 4)
        let jazz = try StyleFixtures.style("jazz-swing")
        #expect(jazz.swingRatio == 2)
        #expect(jazz.swingSubdivision == .eighth)
        #expect(jazz[.drums].program == 32)
        #expect(try StyleFixtures.style("rock").swingRatio == 1)
        let classical = try StyleFixtures.style("classical-strings")
        #expect(!classical[.drums].isUsed)
        #expect(classical[.strings].isUsed && classical[.bass].isUsed)
        #expect(try StyleFixtures.style("ballad")[.drums].program == 40)  // brushes
    }

    @Test func rowsBecomeStepsWithHoldsAccentsAndGrid() throws {
        let style = try StyleParser.parse("""
            style Test
            meter 4
            swing 3:2 sixteenths
            program keys 4
            range keys 50 70
            pattern drums medium
            kick  X . . . x . . .
            hihat x o x o | x o x o
            pattern bass medium bars 2
            bass  R - 5 . | W A N g
            pattern keys dense
            chord X - - t . B 3 -
            """)
        #expect(style.name == "Test")
        #expect(style.swingRatio == 1.5)
        #expect(style.swingSubdivision == .sixteenth)
        #expect(style[.keys].program == 4)
        #expect(style[.keys].lowestPitch == 50 && style[.keys].highestPitch == 70)
        let drums = try #require(style[.drums].pattern(.medium))
        #expect(drums.lengthBeats == 4)
        #expect(drums.steps.count == 10)
        #expect(drums.steps[0] == PatternStep(tick: 0, lengthTicks: 6, action: .drum(36), velocity: PatternStep.accent))
        #expect(drums.steps[1] == PatternStep(tick: 0, lengthTicks: 6, action: .drum(42), velocity: PatternStep.normal))
        #expect(drums.steps[2] == PatternStep(tick: 6, lengthTicks: 6, action: .drum(42), velocity: PatternStep.ghost))
        #expect(drums.steps.map(\.tick) == drums.steps.map(\.tick).sorted())
        let bass = try #require(style[.bass].pattern(.medium))
        #expect(bass.lengthBeats == 8)
        #expect(bass.steps.map(\.action) == [.bass(.root), .bass(.fifth), .bass(.walk), .bass(.approach),
                                              .bass(.nextRoot), .bass(.ghost)])
        #expect(bass.steps[0].lengthTicks == 24)  // R plus one hold, quarters
        #expect(bass.steps[2].tick == 48)
        let keys = try #require(style[.keys].pattern(.dense))
        #expect(keys.steps.map(\.action) == [.comp(.all), .comp(.upper), .comp(.bass), .comp(.single(3))])
        #expect(keys.steps.map(\.lengthTicks) == [18, 6, 6, 12])
        #expect(style[.guitar].pattern(.medium) == nil)
    }

    @Test func anEmptyPatternIsAnExplicitSilence() throws {
        let style = try StyleParser.parse("style S\npattern guitar sparse\npattern guitar medium\nchord x - - -\n")
        #expect(style[.guitar].pattern(.sparse)?.steps.isEmpty == true)
        #expect(style[.guitar].pattern(.medium)?.steps.count == 1)
    }

    /// Each broken text, the line its error must name, and a word the message must contain.
    @Test(arguments: [
        ("style S\nmeter 4\npattern drums medium\nkick x . x\n", 4, "3 steps"),
        ("style S\npattern drums medium\nkick x . x .\nsnorkel . x . x\n", 4, "snorkel"),
        ("style S\npattern bass medium\nbass - R R R\n", 3, "holds"),
        ("style S\n\n# comment\nloudness 11\n", 4, "loudness"),
        ("style S\npattern drums medium\nkick x . x .\npattern drums medium\n", 4, "second"),
        ("style S\nprogram keys 200\n", 2, "program"),
        ("style S\nprogram kazoo 1\n", 2, "kazoo"),
        ("style S\nswing 9:1\n", 2, "swing"),
        ("style S\npattern keys medium\nbass R . . .\n", 3, "chord"),
        ("style S\npattern bass medium\nbass R . Q .\n", 3, "Q"),
        ("style S\npattern drums medium\nkick x . x .\nmeter 3\n", 4, "meter"),
        ("style S\npattern drums fill bars 2\n", 2, "one bar"),
        ("meter 4\npattern drums medium\nkick x . x .\n", 1, "style NAME"),
        ("style S\nrange keys 60 65\n", 2, "octave"),
    ])
    func parseErrorsNameTheLine(_ text: String, _ line: Int, _ word: String) {
        do {
            _ = try StyleParser.parse(text)
            Issue.record("parsed without error: \(text)")
        } catch {
            #expect(error.line == line, "\(error.description)")
            #expect(error.description.hasPrefix("line \(line): "))
            #expect(error.message.contains(word), "\(error.description)")
        }
    }
}
