import Foundation
import PerformiaTestSupport
import Testing

extension AnalyzeCommandTests {
    /// A missing or invalid causal beat model stops `performia live --rhythm learned` with one line
    /// naming the file, before anything plays; so does an unknown `--rhythm`.
    @Test func liveRefusesAMissingOrCorruptBeatModelWithOneLine() throws {
        let input = Self.root.appendingPathComponent("Resources/demo/demo.ogg").path
        let folder = TemporaryFolder()
        let missing = try performia(["live", "--input", input, "--pace", "fast", "--rhythm", "learned",
                                     "--beat-model", "/no/such/beat-tcn-causal.pfnn"])
        expectOneLineError(missing, naming: "/no/such/beat-tcn-causal.pfnn", containing: "no such file")
        let corruptPath = folder.path("corrupt.pfnn")
        try Data("performia-nn but not really".utf8).write(to: URL(fileURLWithPath: corruptPath))
        let corrupt = try performia(["live", "--input", input, "--pace", "fast", "--rhythm", "learned",
                                     "--beat-model", corruptPath])
        expectOneLineError(corrupt, naming: corruptPath, containing: "not a performia-nn weights file")
        let offline = Self.root.appendingPathComponent("Tests/Fixtures/neural/centred.pfnn").path
        let centred = try performia(["live", "--input", input, "--pace", "fast", "--rhythm", "learned", "--beat-model", offline])
        expectOneLineError(centred, naming: offline, containing: "a centred (offline) model where a causal one is needed")
        for run in [missing, corrupt, centred] { #expect(!run.stderr.contains("Fatal error")) }
        let badMethod = try performia(["live", "--input", input, "--pace", "fast", "--rhythm", "neural"])
        #expect(badMethod.status != 0 && badMethod.stderr.contains("rhythm"))
    }
}
