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

    @Test func liveRefusesASongMapItCannotReadWithOneLine() throws {
        let folder = TemporaryFolder()
        let take = Self.root.appendingPathComponent("Resources/demo/demo.ogg").path
        let notJSON = folder.path("notes.json")
        try "G C D".write(toFile: notJSON, atomically: true, encoding: .utf8)
        let cases = [(folder.path("missing.json"), "no such file"), (notJSON, "not a Song Map")]
        for (path, message) in cases {
            let run = try performia(["live", "--input", take, "--pace", "fast", "--song-map", path])
            #expect(run.status != 0)
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        }
    }

    @Test func liveRehearsesFromTheSongMapOfAnEarlierTake() throws {
        let folder = TemporaryFolder()
        let take = try folder.audio("take.wav", channels: [Signals.band(bpm: 110, beatsPerBar: 4, bars: 12).audio])
        let analysis = try performia(["analyze", take, "-o", folder.path("maps")])
        try #require(analysis.status == 0, "\(analysis.stderr)")
        let cold = try anticipatedChords(take, [])
        let rehearsed = try anticipatedChords(take, ["--song-map", folder.path("maps/take.songmap.json")])
        // Rehearsed, the band bets on the changes from the first time through the progression.
        #expect(rehearsed > cold, "rehearsed \(rehearsed), cold \(cold)")
    }

    @Test func liveRefusesAChartItCannotReadWithOneLine() throws {
        let folder = TemporaryFolder()
        let take = Self.root.appendingPathComponent("Resources/demo/demo.ogg").path
        let lyrics = folder.path("lyrics.cho"), map = folder.path("map.json")
        try "{title: Song}\n[G]Sunday morning, [Cx]roll the windows down\n".write(toFile: lyrics, atomically: true, encoding: .utf8)
        try "{}".write(toFile: map, atomically: true, encoding: .utf8)
        let cases = [(["--chart", folder.path("missing.cho")], "no such file"),
                     (["--chart", lyrics], "line 2: 'Cx' is not a chord symbol")]
        for (options, message) in cases {
            let run = try performia(["live", "--input", take, "--pace", "fast"] + options)
            #expect(run.status != 0)
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        }
        let both = try performia(["live", "--input", take, "--pace", "fast", "--chart", lyrics, "--song-map", map])
        #expect(both.status != 0 && both.stderr.contains("--song-map and --chart both give the song"), "\(both.stderr)")
    }

    @Test func liveFollowsAChartWrittenBarByBarOrInTheLyrics() throws {
        // Signals.band plays A, D, E, F#m, Bm a bar each (triads from A 220 Hz), over and over.
        let folder = TemporaryFolder()
        let take = try folder.audio("take.wav", channels: [Signals.band(bpm: 110, beatsPerBar: 4, bars: 16).audio])
        let chart = folder.path("song.cho")
        try "{tempo: 110}\n{time: 4/4}\n[A] | [D] | [E] | [F#m] | [Bm]\n[A] | [D] | [E] | [F#m] | [Bm]\n[A] | [D] | [E] | [F#m] | [Bm]\n[A]\n"
            .write(toFile: chart, atomically: true, encoding: .utf8)
        let cold = try anticipatedChords(take, [])
        let charted = try anticipatedChords(take, ["--chart", chart])
        #expect(charted > cold, "with the chart \(charted), cold \(cold)")
        // A lyric sheet gives the order of the chords and not their lengths: the band still
        // knows what comes next, and bets on when from the harmonic rhythm it hears.
        let sheet = folder.path("sheet.cho")
        try "{start_of_verse}\n[A]Morning [D]light over [E]the hill, [F#m]home a[Bm]gain\n{end_of_verse}\n{start_of_verse}\n"
            .appending("[A]Evening [D]rain on [E]the roof, [F#m]home a[Bm]gain\n{end_of_verse}\n[A]Once more [D]now [E]and [F#m]then [Bm]home\n[A]\n")
            .write(toFile: sheet, atomically: true, encoding: .utf8)
        let sung = try anticipatedChords(take, ["--chart", sheet])
        #expect(sung > cold, "with the lyric sheet \(sung), cold \(cold)")
    }

    @Test func liveCountsTheChartsTimeSignatureFromTheFirstBar() throws {
        let folder = TemporaryFolder()
        let take = try folder.audio("take.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 3, bars: 16).audio])
        let chart = folder.path("waltz.cho")
        try "{time: 3/4}\n[A] | [D] | [E] | [F#m] | [Bm]\n".write(toFile: chart, atomically: true, encoding: .utf8)
        let charted = try beatsInBar(take, ["--chart", chart, "--export", folder.path("charted")], folder.path("charted"))
        #expect(charted.count > 24 && charted.max() == 3, "\(charted)")
        // Without the chart the band counts in four until it has heard the waltz.
        let heard = try beatsInBar(take, ["--export", folder.path("heard")], folder.path("heard"))
        #expect(heard.prefix(12).contains(4), "\(heard)")
    }

    /// The place in the bar of each beat the band played (its exported beats.txt).
    func beatsInBar(_ take: String, _ extra: [String], _ export: String) throws -> [Int] {
        let run = try performia(["live", "--input", take, "--pace", "fast"] + extra)
        try #require(run.status == 0, "\(run.stderr)")
        return try String(contentsOfFile: export + "/beats.txt", encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "\t").last.flatMap { Int($0) } }
    }

    /// How many chords `performia live --pace fast` on `take` reports it anticipated.
    func anticipatedChords(_ take: String, _ extra: [String]) throws -> Int {
        let run = try performia(["live", "--input", take, "--pace", "fast"] + extra)
        try #require(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("chords anticipated on") })
        let words = line.split(separator: " ")
        let index = try #require(words.firstIndex(of: "on"))
        return Int(words[index + 1].trimmingCharacters(in: .punctuationCharacters)) ?? -1
    }
}
