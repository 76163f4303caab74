import PerformiaBand
import Testing

/// Regressions from fuzzing (docs/fuzzing.md): a parser's error message quotes the offending
/// token, and must stay one short line whatever bytes the token holds.
@Suite struct ParserMessageRegressionTests {
    static func isOneLine(_ message: String) -> Bool { !message.contains(where: \.isNewline) }

    @Test func styleErrorsQuoteControlCharactersAsQuestionMarks() {
        let text = "style Test\npattern drums medium\n\u{0B}kick\u{0C}\u{85} X . . .\n"
        #expect(throws: StyleParseError.self) { try StyleParser.parse(text) }
        do { _ = try StyleParser.parse(text) } catch {
            #expect(Self.isOneLine(error.description), "\(error.description.debugDescription)")
            #expect(error.description.contains("'?kick??'"), "\(error)")
        }
    }

    @Test func styleErrorsCutLongTokens() {
        let text = "style Test\n" + String(repeating: "x", count: 10_000) + "\n"
        do { _ = try StyleParser.parse(text) } catch {
            #expect(error.description.count < 200 && error.description.contains("…"), "\(error)")
        }
    }

    @Test func harmonyModelErrorsQuoteControlCharactersAsQuestionMarks() {
        let text = "performia-harmony 1\n1 0:maj\u{0B}\u{2028} 3\nend\n"
        #expect(throws: HarmonyModelError.self) { try HarmonyModelParser.parse(text) }
        do { _ = try HarmonyModelParser.parse(text) } catch {
            #expect(Self.isOneLine(error.description), "\(error.description.debugDescription)")
            #expect(error.description.contains("'0:maj??'"), "\(error)")
        }
    }
}
