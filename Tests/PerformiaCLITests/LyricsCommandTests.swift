import Foundation
import PerformiaTestSupport
import Testing

extension AnalyzeCommandTests {
    /// `performia analyze --chart`: a chart without words, a missing chart and one chart for two
    /// files are one-line errors before any analysis.
    @Test func analyzeRefusesChartsItCannotUse() throws {
        let folder = TemporaryFolder()
        let path = try folder.audio("tone.wav", channels: [Signals.sine(hz: 440, seconds: 0.5)])
        let chords = try folder.bytes("chords.cho", Data("{title: x}\n[G] | [C] | [D]\n".utf8))
        expectOneLineError(try performia(["analyze", path, "--chart", chords, "-o", folder.path("o")]), naming: chords, containing: "no lyrics")
        expectOneLineError(try performia(["analyze", path, "--chart", "/no/such.cho", "-o", folder.path("o")]),
                           naming: "/no/such.cho", containing: "cannot read the chart")
        let two = try performia(["analyze", path, path, "--chart", chords])
        #expect(two.status != 0 && two.stderr.contains("one chart per file"), "\(two.stderr)")
    }

    /// `performia bench lyrics` with configured programs that hang, crash, print garbage or work:
    /// each failure is marked in the table and the benchmark goes on.
    @Test func benchLyricsMarksFailedProvidersAndGoesOn() throws {
        let folder = TemporaryFolder()
        let song = folder.path("set/spoken")
        try FileManager.default.createDirectory(atPath: song + "/ref", withIntermediateDirectories: true)
        try SpeechFixture.write("hello world", to: song + "/mix.wav")
        try "[C]Hello world\n".write(toFile: song + "/chart.cho", atomically: true, encoding: .utf8)
        try "0.20\t0.60\tHello\n0.60\t1.10\tworld\n".write(toFile: song + "/ref/lyrics.tsv", atomically: true, encoding: .utf8)
        let config = """
            {"cpuPricePerHour": 0.1, "providers": [
              {"name": "hangs", "kind": "command", "command": ["/bin/sleep", "30"], "timeoutSeconds": 1},
              {"name": "crashes", "kind": "command", "command": ["/bin/sh", "-c", "kill -SEGV $$"]},
              {"name": "garbage", "kind": "command", "command": ["/bin/echo", "no timed words here"]},
              {"name": "works", "kind": "command", "command": ["/bin/sh", "-c", "printf '0.25\\\\t0.6\\\\thello\\\\n0.7\\\\t1.1\\\\tworld\\\\n' # {audio}"]}
            ]}
            """
        let providers = try folder.bytes("providers.json", Data(config.utf8))
        let run = try performia(["bench", "lyrics", folder.path("set"), "--providers", providers, "--only", "hangs,crashes,garbage,works"])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| hangs | 0/1 |") && run.stdout.contains("still running after 1 s"), "\(run.stdout)")
        #expect(run.stdout.contains("| crashes | 0/1 |") && run.stdout.contains("crashed"), "\(run.stdout)")
        #expect(run.stdout.contains("| garbage | 0/1 |") && run.stdout.contains("no timed words"), "\(run.stdout)")
        #expect(run.stdout.contains("| works | 1/1 | 0.00 | 75 |"), "\(run.stdout)")
        let unknown = try performia(["bench", "lyrics", folder.path("set"), "--only", "nobody"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no provider named nobody"))
        let bad = try performia(["bench", "lyrics", folder.path("set"), "--providers", try folder.bytes("x.json", Data("{".utf8))])
        expectOneLineError(bad, naming: "x.json", containing: "not a provider configuration")
    }
}
