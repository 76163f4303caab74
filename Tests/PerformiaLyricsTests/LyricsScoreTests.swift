import Testing
@testable import PerformiaLyrics
import PerformiaMusic

@Suite struct LyricsScoreTests {
    typealias T = LyricsScore.Timed

    @Test func wordErrorRateAndOnsetsOfMatchedWords() {
        let reference = [T(start: 1, end: 1.5, text: "Sunday"), T(start: 2, end: 2.5, text: "morning"),
                         T(start: 3, end: 3.2, text: "roll"), T(start: 4, end: 4.5, text: "down")]
        let estimate = [T(start: 1.05, end: 1.5, text: "sunday,"), T(start: 2.2, end: 2.5, text: "mourning"),
                        T(start: 2.95, end: 3.2, text: "Roll"), T(start: 5.5, end: 6, text: "down")]
        let score = LyricsScore(reference: reference, estimate: estimate)
        #expect(abs(score.wordErrorRate - 0.25) < 1e-9)
        #expect(score.matched == 3)
        #expect(abs(score.meanAbsoluteError - (0.05 + 0.05 + 1.5) / 3) < 1e-9)
        #expect(abs(score.shareWithin(0.1) - 2.0 / 3) < 1e-9)
        #expect(abs(score.lostTrack - 1.0 / 3) < 1e-9)
        let pooled = LyricsScore(pooling: [score, score])
        #expect(pooled.matched == 6 && abs(pooled.wordErrorRate - 0.25) < 1e-9)
    }

    @Test func readsTimedWordsAndCountsGarbage() {
        let (rows, invalid) = LyricsScore.read("# header\n0.5\t1.0\thello\nnot a line\n2 1 backwards\n1.5 2.0 two words\nnan\t1\tx\n")
        #expect(rows.map(\.text) == ["hello", "two words"])
        #expect(invalid == 3)
    }

    @Test func chordAnchorsFollowTheHeardChanges() {
        // Beats every 0.5 s; G for 4 beats, then C for 4, then D for 4, after 2 beats of nothing.
        let beats = (0..<14).map { Double($0) * 0.5 }
        let heard = [ChordAnchors.Heard(start: 0, end: 1, label: .noChord),
                     ChordAnchors.Heard(start: 1, end: 3, label: ChordLabel(harte: "G:maj")!),
                     ChordAnchors.Heard(start: 3, end: 5, label: ChordLabel(harte: "C:maj")!),
                     ChordAnchors.Heard(start: 5, end: 7, label: ChordLabel(harte: "D:7")!)]
        let written = ["G:maj", "C:maj", "D:7"].map { ChordLabel(harte: $0)! }
        let placed = ChordAnchors.times(written: written, heard: heard, beats: beats)!
        #expect(placed.map(\.time) == [1, 3, 5])
        #expect(placed.map(\.heardChange) == [false, true, true])
        #expect(ChordAnchors.times(written: written, heard: [], beats: beats) == nil)
    }
}
