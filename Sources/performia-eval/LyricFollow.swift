import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaEngine
import PerformiaMusic

/// `performia-eval lyric-follow --set SET --band OUT`: the live Living Chart scored on sung songs.
/// Replays what the live band knew of each song (`Benchmarks/live-band SET OUT --charts SET`:
/// its beats and the chord of each beat, in order, each known when it sounds) through a
/// `LyricFollower`, asks it for the place every 10 ms as the live view does, and compares with
/// the reference words (`ref/lyrics.tsv`, in the chart's order): how long after a word starts it
/// is first shown (negative: ahead), the share of words shown 150 ms after they start, and the
/// longest run of lines the chart was lost on. A measurement, not a test (docs/benchmarks.md).
struct LyricFollow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lyric-follow",
        abstract: "Score the live Living Chart (LyricFollower) on sung songs from a live-band run.")

    @Option(help: "The set (song folders with chart.cho and ref/lyrics.tsv).")
    var set: String

    @Option(help: "The live-band output (OUT/<song>/beats.txt and chords.lab).")
    var band: String

    @Option(help: "How far ahead of the beat clock words are shown, seconds.")
    var lead = 0.1

    @Flag(help: "Print every word: the word shown 150 ms after it starts, and when it was first shown.")
    var verbose = false

    func run() throws {
        var allDelays: [Double] = [], right = 0, total = 0, worstLost = 0
        let songs = ((try? FileManager.default.contentsOfDirectory(atPath: set)) ?? []).sorted()
        print("song            words  shown-after median  p90   right@150ms  lines lost (longest run)")
        for song in songs {
            let folder = "\(set)/\(song)"
            guard let refText = try? String(contentsOfFile: "\(folder)/ref/lyrics.tsv", encoding: .utf8),
                  let beatsText = try? String(contentsOfFile: "\(band)/\(song)/beats.txt", encoding: .utf8),
                  let chordsText = try? String(contentsOfFile: "\(band)/\(song)/chords.lab", encoding: .utf8) else { continue }
            let sheet = try LyricsAnalysis.sheet(chartPath: "\(folder)/chart.cho")
            let syllables = try LyricsAnalysis.syllableCounts(sheet)
            let reference = Self.rows(refText)
            let chartWords = sheet.lines.enumerated().flatMap { l, line in line.words.indices.map { (l, $0) } }
            // Each reference word's index among the chart's words: in order, or as a version
            // that skips or repeats parts says (ref/chart-words.txt, Benchmarks/lyrics_variants.py).
            let mapping = (try? String(contentsOfFile: "\(folder)/ref/chart-words.txt", encoding: .utf8))
                .map { $0.split(whereSeparator: \.isNewline).compactMap { Int($0) } } ?? Array(chartWords.indices)
            guard mapping.count == reference.count, mapping.allSatisfy({ chartWords.indices.contains($0) }) else {
                print("\(song): the chart has \(chartWords.count) words, the reference \(reference.count): skipped")
                continue
            }
            var index: [String: Int] = [:]
            for (g, w) in chartWords.enumerated() { index["\(w.0)/\(w.1)"] = g }
            let beats = Self.rows(beatsText).map(\.start)
            let chords = Self.rows(chordsText)
            let meter = (try? ChartChords(ChordProReader.read(String(contentsOfFile: "\(folder)/chart.cho", encoding: .utf8)).document)) 
            let follower = LyricFollower(sheet: sheet, syllables: syllables, beatsPerBar: meter?.beatsPerBar ?? 4,
                                         tempoBPM: meter?.tempoBPM ?? 0)
            follower.leadSeconds = lead
            let end = (reference.last?.end ?? 0) + 5
            var shownAt = [Double?](repeating: nil, count: reference.count)
            var displayed: [(t: Double, word: Int?, line: Int?)] = []
            var b = 0
            var t = 0.0
            while t < end {
                while b < beats.count && beats[b] <= t {
                    let chord = chords.first { $0.start <= beats[b] + 0.01 && beats[b] + 0.01 < $0.end }
                    follower.observe(beatTime: beats[b], chord: chord.flatMap { ChordLabel(harte: $0.text) } ?? .noChord)
                    b += 1
                }
                let place = follower.place(at: t)
                let g = place.flatMap { p in p.word.flatMap { index["\(p.line)/\($0)"] } }
                if let g {
                    for i in reference.indices where mapping[i] == g && shownAt[i] == nil && t >= reference[i].start - 3 && t < reference[i].end + 3 {
                        shownAt[i] = t
                    }
                }
                displayed.append((t, g, place?.line))
                t += 0.01
            }
            func shown(at time: Double) -> (word: Int?, line: Int?) {
                let k = min(displayed.count - 1, max(0, Int((time / 0.01).rounded())))
                return (displayed[k].word, displayed[k].line)
            }
            var delays: [Double] = []
            var songRight = 0
            var sungLines: [(ok: Int, all: Int)] = []
            for (i, ref) in reference.enumerated() {
                let g = mapping[i]
                if let s = shownAt[i] { delays.append(s - ref.start) }
                let now = shown(at: ref.start + 0.15)
                if now.word == g { songRight += 1 }
                if verbose {
                    let wrong = now.word.map { chartWords[$0] }.map { sheet.lines[$0.0].words[$0.1].text } ?? "-"
                    print(String(format: "  %7.2f %-12@ %@ %@", ref.start, ref.text as NSString, now.word == g ? "ok" : "shows \(wrong) (#\(now.word.map(String.init) ?? "-") for #\(g))",
                                 shownAt[i].map { String(format: "first %+.2f s", $0 - ref.start) } ?? "never"))
                }
                // A sung line: the run of reference words from one chart line (a repeated line is a new one).
                let line = chartWords[g].0
                if i == 0 || chartWords[mapping[i - 1]].0 != line { sungLines.append((0, 0)) }
                sungLines[sungLines.count - 1].all += 1
                if now.line == line { sungLines[sungLines.count - 1].ok += 1 }
            }
            var run = 0, longest = 0, lost = 0
            for (ok, all) in sungLines {
                if 2 * ok < all { run += 1; lost += 1; longest = max(longest, run) } else { run = 0 }
            }
            allDelays += delays
            right += songRight
            total += reference.count
            worstLost = max(worstLost, longest)
            print(String(format: "%-15@ %5d  %6.0f ms %6.0f ms  %5.0f %%       %d of %d (%d)", song as NSString, reference.count,
                         1000 * Self.percentile(delays, 0.5), 1000 * Self.percentile(delays, 0.9),
                         100 * Double(songRight) / Double(reference.count), lost, sungLines.count, longest))
        }
        print(String(format: "ALL             %5d  %6.0f ms %6.0f ms  %5.0f %%       longest lost run %d lines", total,
                     1000 * Self.percentile(allDelays, 0.5), 1000 * Self.percentile(allDelays, 0.9),
                     100 * Double(right) / Double(max(1, total)), worstLost))
    }

    static func rows(_ text: String) -> [(start: Double, end: Double, text: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t").map(String.init)
            guard let start = Double(f[0]) else { return nil }
            return (start, f.count > 1 ? Double(f[1]) ?? start : start, f.count > 2 ? f[2] : "")
        }
    }

    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s[min(s.count - 1, Int(q * Double(s.count - 1)))]
    }
}
