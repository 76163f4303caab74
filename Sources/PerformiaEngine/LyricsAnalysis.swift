import Foundation
import PerformiaIO
import PerformiaLyrics
import PerformiaMusic

/// Places a chart's lyrics in a song (`SongAnalyzer.lyrics`): reads the voice — the separated
/// vocal stem when there is one, else the mix — at 16 kHz mono and runs the `LyricAligner` with
/// the beats and chords the analysis found. The language resources load once per process.
public struct LyricsAnalysis: Sendable {
    public var sheet: LyricSheet
    public var resources = LanguageResources.debian

    public init(sheet: LyricSheet) { self.sheet = sheet }

    /// Reads a ChordPro chart; a chart without words is refused (it has nothing to align).
    public static func sheet(chartPath: String) throws(AnalysisError) -> LyricSheet {
        guard let data = FileManager.default.contents(atPath: chartPath) else {
            throw .lyrics(reason: "cannot read the chart \(chartPath)")
        }
        let document: ChartDocument
        do {
            document = try ChordProReader.read(bytes: Array(data)).document
        } catch {
            throw .lyrics(reason: "\(chartPath):\(error.line):\(error.column): \(error.message)")
        }
        let sheet = LyricSheet(document)
        guard sheet.wordCount > 0 else {
            throw .lyrics(reason: "\(chartPath) has no lyrics (only chords or nothing): no words to place")
        }
        return sheet
    }

    /// Per line of `sheet`, per word, its syllable count from the lexicons (0 where none knows
    /// the word) — what the live Living Chart (`LyricFollower`) spreads over the beats.
    public static func syllableCounts(_ sheet: LyricSheet, resources: LanguageResources = .debian) throws(AnalysisError) -> [[Int]] {
        do {
            let dictionary = try SyllableDictionary(lexicon: try lexicon.get(), resources: resources)
            let flat = dictionary.pronunciations(of: sheet.lines.flatMap { $0.words.map(\.key) }).map { $0?.syllables.count ?? 0 }
            var out: [[Int]] = []
            var i = 0
            for line in sheet.lines {
                out.append(Array(flat[i..<(i + line.words.count)]))
                i += line.words.count
            }
            return out
        } catch {
            throw .lyrics(reason: error.message)
        }
    }

    private static let lexicon = Result<PronouncingLexicon, LyricsError> { () throws(LyricsError) in try PronouncingLexicon() }

    /// - Parameters:
    ///   - voicePath: the audio the voice is heard on.
    ///   - heardOn: `vocals` or `mix`.
    public func align(voicePath: String, heardOn: String, map: SongMap) throws(AnalysisError) -> SongMap.LyricsInfo {
        let samples: [Float]
        do {
            let reader = try AudioFileReader(path: voicePath, targetSampleRate: SphinxAligner.sampleRate, downmixToMono: true)
            samples = try Self.readAll(reader)
        } catch {
            throw .audio(error)
        }
        let alignment: LyricAlignment
        do {
            let lexicon = try Self.lexicon.get()
            let aligner = try LyricAligner(dictionary: SyllableDictionary(lexicon: lexicon, resources: resources), resources: resources)
            let heard = map.chords.compactMap { chord in
                ChordLabel(harte: chord.label).map { ChordAnchors.Heard(start: chord.start, end: chord.end, label: $0) }
            }
            alignment = aligner.align(sheet, voice: samples, music: .init(beats: map.beats.map(\.time), chords: heard), heardOn: heardOn)
        } catch {
            throw .lyrics(reason: error.message)
        }
        return .init(
            heardOn: heardOn, aligner: "performia chord-anchored pocketsphinx (en-us)",
            lines: alignment.lines.map { line in
                .init(section: line.section, sectionNumber: line.sectionNumber, chartLine: line.chartLine,
                      confidence: line.confidence,
                      words: line.words.map { word in
                          .init(text: word.text, start: word.start, end: word.end,
                                syllables: word.syllables.map { .init(text: $0.text, start: $0.start, end: $0.end) },
                                pronunciation: word.pronunciation?.rawValue, problem: word.problem)
                      },
                      chords: line.chords.map { .init(symbol: $0.symbol, word: $0.word, time: $0.time) })
            })
    }

    static func readAll(_ reader: AudioFileReader) throws(AudioFileError) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(Int(Double(reader.info.frameCount) * SphinxAligner.sampleRate / reader.info.sampleRate) + 1024)
        let chunk = 65_536
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var channels = [buffer]
        while true {
            let frames = try channels.withUnsafeMutableBufferPointer { pointers throws(AudioFileError) in
                try reader.read(into: UnsafePointer(pointers.baseAddress!), maximumFrames: chunk)
            }
            if frames == 0 { break }
            out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: frames))
        }
        return out
    }
}
