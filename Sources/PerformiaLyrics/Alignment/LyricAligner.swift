import Foundation
import PerformiaMusic

/// Places the words and syllables of a lyric sheet in a recording of it (offline).
///
/// 1. **Sounds.** Every word's syllables from the lexicons (`SyllableDictionary`); a word with
///    none (outside every lexicon and espeak-ng, or not in Latin script) is flagged, not placed.
/// 2. **Whole-song alignment.** All syllables, in order, as one linear grammar over the whole
///    voice signal (`SphinxAligner`, pocketsphinx's acoustic model): one global path, so a line
///    can be misplaced but the song is never lost for good.
/// 3. **Chord anchors.** The chart's chords aligned to the chords heard on the beats
///    (`ChordAnchors`) say when each chord change was played; a word written on a change
///    (`[C]Coffee`) is sung near it. Each stretch of words from one anchored word to the next is
///    aligned again inside its window (its anchors ± `anchorMarginBeats`, context up to the next
///    anchored word), which pins lines the whole-song path slid into an instrumental gap.
///    Where a stretch cannot be aligned there, the whole-song times stand.
/// 4. **Confidence** per line: the share of its words placed, halved for words placed only by the
///    whole-song path, and lowered where the two placements disagree by more than a beat.
///
/// Syllable times are the aligned syllable tokens' (the first phone of each); a word starts with
/// its first syllable. Lyrics-to-audio alignment in the literature: Gupta et al. 2020, Durand
/// et al. 2023 (0.15–0.2 s mean absolute error on real songs); the anchoring on chord changes is
/// Performia's.
public final class LyricAligner {
    public var anchorMarginBeats = 1.0
    /// An anchored word starts this long before its chord's beat (a consonant leads the beat).
    public var anchorLeadSeconds = 0.02
    private let dictionary: SyllableDictionary
    private let aligner: SphinxAligner

    public init(dictionary: SyllableDictionary, resources: LanguageResources = .debian) throws(LyricsError) {
        self.dictionary = dictionary
        aligner = try SphinxAligner(resources: resources)
    }

    /// What the aligner knows of the music: the beats and chords the analysis heard.
    public struct Music: Sendable {
        public var beats: [Double]
        public var chords: [ChordAnchors.Heard]
        public init(beats: [Double], chords: [ChordAnchors.Heard]) {
            self.beats = beats
            self.chords = chords
        }
    }

    /// A syllable token of one word.
    private struct Unit {
        var word: Int
        var syllable: Int
        var token: SphinxAligner.Token
    }

    /// - Parameters:
    ///   - voice: the voice (a vocal stem, or the mix), 16 kHz mono, −1…1.
    ///   - heardOn: what `voice` is, for the record (`vocals`, `mix`).
    public func align(_ sheet: LyricSheet, voice: [Float], music: Music, heardOn: String) -> LyricAlignment {
        let pcm = SphinxAligner.pcm(voice)
        let flatWords = sheet.lines.flatMap(\.words)
        let pronunciations = dictionary.pronunciations(of: flatWords.map(\.key))
        var units: [Unit] = []
        for (w, pronunciation) in pronunciations.enumerated() {
            guard let pronunciation else { continue }
            for (s, phones) in pronunciation.syllables.enumerated() {
                units.append(Unit(word: w, syllable: s,
                                  token: .init(name: "\(flatWords[w].key)_\(s + 1)of\(pronunciation.syllables.count)", phones: phones)))
            }
        }
        let fps = SphinxAligner.framesPerSecond
        // 2. The whole song.
        var global = [(start: Double, end: Double)?](repeating: nil, count: units.count)
        if let frames = aligner.align(pcm, tokens: units.map(\.token)) {
            for (u, f) in frames.enumerated() { global[u] = (Double(f.start) / fps, Double(f.end) / fps) }
        }
        // 3. Anchored stretches.
        let beatSeconds = Self.medianBeatSeconds(music.beats)
        let margin = anchorMarginBeats * beatSeconds
        var anchoredTimes: [Int: Double] = [:]   // word index -> chord time
        var written: [(label: ChordLabel, word: Int?, atStart: Bool, sung: Bool?)] = []
        var wordOffset = 0
        for line in sheet.lines {
            for chord in line.chords {
                let sung: Bool? = line.words.isEmpty ? false : (chord.word == nil ? nil : true)
                written.append((chord.label, chord.word.map { $0 + wordOffset }, chord.atWordStart, sung))
            }
            wordOffset += line.words.count
        }
        let chordTimes = ChordAnchors.times(written: written.map(\.label), heard: music.chords, beats: music.beats,
                                            sung: written.map(\.sung), voiceActivity: Self.voiceActivity(voice, beats: music.beats))
        if let chordTimes {
            for (k, chord) in written.enumerated() {
                guard let word = chord.word, chord.atStart, pronunciations[word] != nil, chordTimes[k].heardChange else { continue }
                if anchoredTimes[word] == nil { anchoredTimes[word] = chordTimes[k].time }
            }
        }
        var local = [(start: Double, end: Double)?](repeating: nil, count: units.count)
        let anchorWords = anchoredTimes.keys.sorted()
        let sampleRate = SphinxAligner.sampleRate
        for (k, first) in anchorWords.enumerated() {
            let next = k + 1 < anchorWords.count ? anchorWords[k + 1] : nil
            let stretch = units.indices.filter { units[$0].word >= first && (next == nil || units[$0].word < next!) }
            guard !stretch.isEmpty else { continue }
            let t0 = max(0, anchoredTimes[first]! - anchorLeadSeconds)
            let t1 = next.map { anchoredTimes[$0]! } ?? (global[stretch.last!]?.end ?? t0 + 20) + 2 * margin
            guard t1 > t0 + 0.5 else { continue }
            let a = min(pcm.count, Int(t0 * sampleRate)), b = min(pcm.count, Int(t1 * sampleRate))
            guard b > a else { continue }
            let tokens = stretch.map { units[$0].token }
            guard let frames = aligner.align(Array(pcm[a..<b]), tokens: tokens, leadingSilence: false) else { continue }
            for (offset, u) in stretch.enumerated() {
                local[u] = (t0 + Double(frames[offset].start) / fps, t0 + Double(frames[offset].end) / fps)
            }
        }
        // 4. Words, lines, confidence.
        var lines: [LyricAlignment.Line] = []
        wordOffset = 0
        var unitIndex = 0
        for line in sheet.lines {
            var words: [LyricAlignment.Word] = []
            var score = 0.0
            for (i, word) in line.words.enumerated() {
                let w = wordOffset + i
                var placed = LyricAlignment.Word(text: Self.bare(word.text), key: word.key, start: nil, end: nil, syllables: [],
                                                 pronunciation: pronunciations[w]?.source, problem: nil)
                guard let pronunciation = pronunciations[w] else {
                    placed.problem = LyricWord.isLatin(word.key) ? "not in any lexicon" : "not Latin script"
                    words.append(placed)
                    continue
                }
                let mine = Array(unitIndex..<(unitIndex + pronunciation.syllables.count))
                unitIndex += pronunciation.syllables.count
                let localTimes = mine.map { local[$0] }
                let globalTimes = mine.map { global[$0] }
                let chosen: [(start: Double, end: Double)]
                if localTimes.allSatisfy({ $0 != nil }) {
                    chosen = localTimes.map { $0! }
                    let agrees = globalTimes[0].map { abs($0.start - chosen[0].start) <= beatSeconds } ?? false
                    score += agrees ? 1 : 0.6
                } else if globalTimes.allSatisfy({ $0 != nil }) {
                    chosen = globalTimes.map { $0! }
                    score += 0.5
                } else {
                    placed.problem = "not heard"
                    words.append(placed)
                    continue
                }
                let texts = dictionary.visibleSyllables(word.text, count: chosen.count)
                placed.syllables = zip(texts, chosen).map { .init(text: $0, start: $1.start, end: $1.end) }
                placed.start = chosen.first!.start
                placed.end = chosen.last!.end
                words.append(placed)
            }
            let chords = line.chords.map { chord -> LyricAlignment.Chord in
                .init(symbol: chord.symbol, word: chord.word, time: nil)
            }
            let fit = heardFit(words, units: Array((unitIndex - lineUnitCount(line, pronunciations, from: wordOffset))..<unitIndex).map { units[$0].token }, pcm: pcm)
            lines.append(.init(section: line.section, sectionNumber: line.sectionNumber, chartLine: line.chartLine,
                               words: words, chords: chords,
                               confidence: line.words.isEmpty ? 0 : fit * score / Double(line.words.count)))
            wordOffset += line.words.count
        }
        if let chordTimes {
            var k = 0
            for l in lines.indices {
                for c in lines[l].chords.indices {
                    lines[l].chords[c].time = chordTimes[k].time
                    k += 1
                }
            }
        }
        return LyricAlignment(lines: lines, heardOn: heardOn)
    }

    /// Per beat, 0…1: the voice's level in the beat against its loud beats (the 90th percentile),
    /// mapped linearly from −24 dB (0) to −6 dB (1). A separated vocal stem's bleed sits low.
    static func voiceActivity(_ voice: [Float], beats: [Double]) -> [Double] {
        guard beats.count > 2 else { return [] }
        let rate = SphinxAligner.sampleRate
        var levels: [Double] = []
        for (j, t) in beats.enumerated() {
            let end = j + 1 < beats.count ? beats[j + 1] : t + (t - beats[j - 1])
            let a = max(0, min(voice.count, Int(t * rate))), b = max(a, min(voice.count, Int(end * rate)))
            var sum = 0.0
            for k in a..<b { sum += Double(voice[k] * voice[k]) }
            levels.append(b > a ? 10 * log10(sum / Double(b - a) + 1e-12) : -120)
        }
        let loud = levels.sorted()[Int(0.9 * Double(levels.count - 1))]
        return levels.map { min(1, max(0, ($0 - loud + 24) / 18)) }
    }

    /// Syllable tokens of a line's words (those with a pronunciation).
    private func lineUnitCount(_ line: LyricSheet.Line, _ pronunciations: [Pronunciation?], from offset: Int) -> Int {
        line.words.indices.reduce(0) { $0 + (pronunciations[offset + $1]?.syllables.count ?? 0) }
    }

    /// How well the line's words fit the voice where they were placed, 0…1: the forced
    /// alignment's acoustic score against the best free (context-independent) phone sequence's
    /// over the same stretch — a likelihood ratio, the usual confidence of a forced alignment.
    /// `loss` = (free − forced) / |free|: 0.3–0.7 for the right words on clean speech, 0.5–1.2 on
    /// the sung dev songs' separated voice, 5–7 for other words; 1 at `loss` ≤ 1, 0 at ≥ 3.
    private func heardFit(_ words: [LyricAlignment.Word], units: [SphinxAligner.Token], pcm: [Int16]) -> Double {
        guard !units.isEmpty, let start = words.compactMap(\.start).min(), let end = words.compactMap(\.end).max() else { return 1 }
        let rate = SphinxAligner.sampleRate
        let a = max(0, Int((start - 0.2) * rate)), b = min(pcm.count, Int((end + 0.2) * rate))
        guard b > a else { return 1 }
        let stretch = Array(pcm[a..<b])
        guard aligner.align(stretch, tokens: units) != nil else { return 0 }
        let forced = aligner.lastAcousticScore
        guard let free = aligner.phoneLoopScore(stretch), free.score != 0 else { return 1 }
        let loss = Double(free.score - forced) / Double(abs(free.score))
        return min(1, max(0, (3 - loss) / 2))
    }

    static func medianBeatSeconds(_ beats: [Double]) -> Double {
        guard beats.count > 2 else { return 0.5 }
        let gaps = zip(beats.dropFirst(), beats).map { $0 - $1 }.sorted()
        return gaps[gaps.count / 2]
    }

    /// The written word without the punctuation around it (`morning,` → `morning`).
    static func bare(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let keep: (Unicode.Scalar) -> Bool = { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        guard let first = scalars.firstIndex(where: keep), let last = scalars.lastIndex(where: keep) else { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
