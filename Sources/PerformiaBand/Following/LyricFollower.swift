import PerformiaAnalysis
import PerformiaMusic

/// The Living Chart's place in a lyric sheet while it is performed: the line, word and syllable
/// being sung and the next chord, at any moment.
///
/// The place in the chords comes from a `LeadSheetFollower` fed the chord of every beat: it
/// moves on at heard changes, learns each chord's length in beats, and finds its place again
/// when the performer skips or repeats a part (the pair of chords heard, nearest ahead). Inside
/// a chord the words run on the **beat clock**: the chord's syllables spread over its length
/// (learned, or estimated from the syllables sung per beat so far, in whole bars), extrapolated
/// from the last beat with the beat period, and shown `leadSeconds` ahead — so the display runs
/// ahead of the voice, not behind it. A chord held past its length holds its last syllable.
///
/// Control thread: it allocates in `init` only; `observe` and `place` are O(1) (O(chords) when
/// the follower looks for its place).
public final class LyricFollower {
    /// Where the performer is.
    public struct Place: Sendable, Equatable {
        /// Index into the sheet's `lines`.
        public var line: Int
        /// Index into that line's words; nil in a line of chords or before its first word.
        public var word: Int?
        /// Index of the syllable in the word.
        public var syllable: Int?
        /// The chord sounding (as written) and the next one.
        public var chord: String
        public var nextChord: String?
        /// False while the chords heard are not the sheet's (the place is the last one known).
        public var onSheet: Bool
    }

    /// How far ahead of the beat clock the words are shown, seconds.
    public var leadSeconds = 0.1

    private let sheet: LyricSheet
    private var follower: LeadSheetFollower
    /// Per follower position: its written chord symbol and its syllables in order as
    /// (line, word, syllable) places; the line it starts on.
    private let positionSymbols: [String]
    private let positionSyllables: [[(line: Int, word: Int, syllable: Int)]]
    private let positionLine: [Int]
    /// Syllables at the end of each position sung before the next line's first chord (pickups).
    private let positionPickups: [Int]
    private let beatsPerBar: Int
    private var beatTimes: [Double] = []

    /// - Parameters:
    ///   - syllables: per line of `sheet`, per word, its syllable count (0 where unknown: one).
    ///   - beatsPerBar: the meter counted (bar-rounded estimates, a line of bare chords a bar each).
    ///   - tempoBPM: the chart's tempo (0: unknown).
    public init(sheet: LyricSheet, syllables: [[Int]], beatsPerBar: Int, tempoBPM: Double = 0) {
        self.sheet = sheet
        self.beatsPerBar = max(1, beatsPerBar)
        var chords: [ChordLabel] = [], symbols: [String] = [], durations: [Int] = [], counts: [Int] = []
        var places: [[(line: Int, word: Int, syllable: Int)]] = [], lines: [Int] = [], shapeKeys: [String] = [], pickups: [Int] = []
        func syllablePlaces(line: Int, words: Range<Int>) -> [(line: Int, word: Int, syllable: Int)] {
            words.flatMap { w in (0..<max(1, syllables[line][w])).map { (line, w, $0) } }
        }
        for (l, line) in sheet.lines.enumerated() {
            let firstChordWord = line.chords.first?.word ?? line.words.count
            if firstChordWord > 0, !places.isEmpty {
                // Words before the line's first chord are sung over the chord before.
                let pickup = syllablePlaces(line: l, words: 0..<firstChordWord)
                places[places.count - 1] += pickup
                counts[counts.count - 1] += pickup.count
                pickups[pickups.count - 1] = pickup.count
            }
            let sequence = line.chords.map { $0.symbol }.joined(separator: " ")
            for (k, chord) in line.chords.enumerated() {
                let from = chord.word ?? line.words.count
                let to = k + 1 < line.chords.count ? (line.chords[k + 1].word ?? line.words.count) : line.words.count
                let mine = syllablePlaces(line: l, words: from..<max(from, to))
                chords.append(chord.label)
                symbols.append(chord.symbol)
                durations.append(line.words.isEmpty ? self.beatsPerBar : 0)
                counts.append(mine.count)
                places.append(mine)
                pickups.append(0)
                lines.append(l)
                shapeKeys.append(line.words.isEmpty ? "#\(chords.count)" : "\(sequence)|\(k)")
            }
        }
        var firstOfKey: [String: Int] = [:]
        let sameLength = shapeKeys.enumerated().map { i, key in
            if let first = firstOfKey[key] { return first }
            firstOfKey[key] = i
            return i
        }
        // The follower merges repeats of a triad: so do its places.
        var mergedSymbols: [String] = [], mergedPlaces: [[(line: Int, word: Int, syllable: Int)]] = [], mergedLines: [Int] = []
        var mergedPickups: [Int] = []
        var previous: ChordLabel?
        for i in chords.indices {
            if let previous, previous == chords[i].triad {
                mergedPlaces[mergedPlaces.count - 1] += places[i]
                mergedPickups[mergedPickups.count - 1] = pickups[i]
            } else {
                mergedSymbols.append(symbols[i])
                mergedPlaces.append(places[i])
                mergedLines.append(lines[i])
                mergedPickups.append(pickups[i])
            }
            previous = chords[i].triad
        }
        positionSymbols = mergedSymbols
        positionSyllables = mergedPlaces
        positionLine = mergedLines
        positionPickups = mergedPickups
        follower = LeadSheetFollower(RehearsedSong(chords: chords, durationsBeats: durations, sameLengthAs: sameLength,
                                                   sameShapeAs: sameLength, syllables: counts, tempoBPM: tempoBPM))
        follower.beatsPerBar = self.beatsPerBar
        beatTimes.reserveCapacity(4096)
    }

    /// Beat number `beatTimes.count` sounded at `time` (seconds) on `chord` (what was heard or
    /// played on it; N: nothing). The follower hears each beat's chord one beat late, a
    /// one-beat blip (a chord heard on one beat between two of another) smoothed away: a chord
    /// decoder's blip would otherwise move the chart on a line.
    public func observe(beatTime time: Double, chord: ChordLabel) {
        beatTimes.append(time)
        let beat = beatTimes.count - 1
        if beat >= 1 {
            let candidate = previousChord
            let smoothed = candidate == chord || candidate == beforePreviousChord || beat == 1 ? candidate : beforePreviousChord
            follower.observe(smoothed, beat: beat - 1)
        }
        beforePreviousChord = previousChord
        previousChord = chord
    }

    private var previousChord = ChordLabel.noChord
    private var beforePreviousChord = ChordLabel.noChord

    /// The place at `time` (seconds, after the last beat observed): nil before the sheet's first
    /// chord was heard. Past the current chord's length the display walks on into the next
    /// chords' words on the beat clock (at most `walkAheadChords`), before their changes are heard.
    public func place(at time: Double) -> Place? {
        var p = follower.position
        guard p >= 0, p < positionSymbols.count, let last = beatTimes.last else { return nil }
        let period = beatTimes.count > 1 ? max(0.1, last - beatTimes[beatTimes.count - 2]) : 0.5
        let start = follower.startBeat < beatTimes.count ? beatTimes[follower.startBeat] : last
        var elapsedBeats = max(0, (time + leadSeconds - start) / period)
        var length = lengthBeats(p)
        var walked = 0
        while walked < walkAheadChords, !follower.offSheet, elapsedBeats >= length, p + 1 < positionSymbols.count {
            elapsedBeats -= length
            p += 1
            walked += 1
            length = lengthBeats(p)
        }
        let syllables = positionSyllables[p]
        var place = Place(line: positionLine[p], word: nil, syllable: nil, chord: positionSymbols[p],
                          nextChord: p + 1 < positionSymbols.count ? positionSymbols[p + 1] : nil, onSheet: !follower.offSheet)
        guard !syllables.isEmpty else { return place }
        let k = syllableIndex(elapsedBeats, length: length, count: syllables.count, pickup: positionPickups[p])
        place.line = syllables[k].line
        place.word = syllables[k].word
        place.syllable = syllables[k].syllable
        return place
    }

    /// Which of `count` syllables is sung `elapsed` beats into a chord of `length` beats whose
    /// last `pickup` syllables lead into the next chord: one a beat while they fit, else on half
    /// beats (or closer, as they must fit), from the chord's start, the pickup ending with it —
    /// as a line is sung, then rests, not stretched over its chords.
    func syllableIndex(_ elapsed: Double, length: Double, count: Int, pickup: Int) -> Int {
        let perBeat = Double(count) <= length ? 1.0 : (Double(count) * 0.5 <= length ? 0.5 : length / Double(count))
        let main = count - pickup
        if pickup > 0 {
            let pickupStart = length - Double(pickup) * perBeat
            if elapsed >= pickupStart { return min(count - 1, main + Int((elapsed - pickupStart) / perBeat)) }
        }
        guard main > 0 else { return 0 }
        return min(main - 1, Int(elapsed / perBeat))
    }

    /// Chords the display may run ahead into before their changes are heard.
    public var walkAheadChords = 1

    /// The length of position `p` in beats: as written or learned, else its syllables at one a
    /// beat in whole bars (a bar for a chord without words).
    private func lengthBeats(_ p: Int) -> Double {
        let known = follower.lengthBeats(ofPosition: p)
        if known > 0 { return Double(known) }
        let bars = max(1, Int((Double(positionSyllables[p].count) / Double(beatsPerBar)).rounded(.up)))
        return Double(bars * beatsPerBar)
    }

}
