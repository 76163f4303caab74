import Foundation
import PerformiaTestSupport
import Testing

/// `performia live --section/--count-in/--tempo`: the performer's direction from the command line.
extension AnalyzeCommandTests {
    @Test func liveRefusesAnUnknownSectionOrATempoOutOfRangeWithOneLine() throws {
        let take = Self.root.appendingPathComponent("Resources/demo/demo.ogg").path
        let section = try performia(["live", "--input", take, "--pace", "fast", "--section", "refrain"])
        #expect(section.status != 0)
        #expect(section.stderr.split(separator: "\n").count == 1, "\(section.stderr)")
        #expect(section.stderr.contains("unknown section 'refrain' (sections: intro, verse, chorus, bridge, outro)"),
                "\(section.stderr)")
        for bad in ["39.9", "301", "nan"] {
            let tempo = try performia(["live", "--input", take, "--pace", "fast", "--tempo", bad])
            #expect(tempo.status != 0 && tempo.stderr.contains("--tempo must be between 40 and 300 BPM"), "\(tempo.stderr)")
            #expect(!tempo.stderr.contains("Fatal error"))
        }
    }

    @Test func liveStartsInTheGivenSectionWithACountInAtTheGivenTempo() throws {
        let folder = TemporaryFolder()
        let take = try folder.audio("take.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 8).audio])
        let run = try performia(["live", "--input", take, "--pace", "fast", "--section", "chorus", "--count-in",
                                 "--tempo", "120", "--export", folder.path("played")])
        try #require(run.status == 0, "\(run.stderr)")
        let beats = try String(contentsOfFile: folder.path("played/beats.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(beats.count > 16, "\(beats.count) beats")
    }
}
