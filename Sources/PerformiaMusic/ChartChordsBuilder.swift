/// Reads a chart's lines in order into `ChartChords` (its rules are on that type).
struct ChartChordsBuilder {
    /// Where a chord is written: its place in a lyric line (the line's chords and its index
    /// among them), or a bar's worth of beats.
    enum Place: Hashable {
        case lyric(line: [ChordLabel], index: Int)
        case bar(beats: Int)

        /// The place in a line of as many chords, whichever they are.
        var shape: Place {
            guard case .lyric(let line, let index) = self else { return self }
            return .lyric(line: Array(repeating: .noChord, count: line.count), index: index)
        }
    }

    /// A chord as written in a chorus, to play it again at `{chorus}`.
    struct Written {
        var chord: ChordLabel
        var beats: Int
        var place: Place
        var sung: Int
    }

    var beatsPerBar = 4
    var meterWritten = false
    var isCompound = false
    var tempo: Double?
    var chords: [ChordLabel] = []
    var durations: [Int] = []
    var syllables: [Int] = []
    /// Where each chord was written (several places for a chord held over).
    var places: [[Place]] = []
    /// The chorus being read (nil outside one), and the last one read, for `{chorus}`.
    var chorus: [Written]?
    var lastChorus: [Written] = []
    /// The last two grid bars read, each as its chords and their beats, for `%` and `%%`.
    var lastGridBars: [[(chord: ChordLabel, beats: Int)]] = []

    /// `beats` beats of `chord` (0: unknown, a lyric sheet's chord), written at `place` over
    /// `sung` syllables.
    mutating func append(_ chord: ChordLabel, beats: Int, at place: Place, sung: Int = 0) {
        chorus?.append(Written(chord: chord, beats: beats, place: place, sung: sung))
        if let last = chords.last, last == chord {
            // The same chord again: held on (how long is unknown if either is).
            let held = durations[durations.count - 1]
            durations[durations.count - 1] = held == 0 || beats == 0 ? 0 : held + beats
            syllables[syllables.count - 1] += sung
            places[places.count - 1].append(place)
        } else {
            chords.append(chord)
            durations.append(beats)
            syllables.append(sung)
            places.append([place])
        }
    }

    /// Adds line `number` (1-based).
    mutating func add(_ line: ChartLine, number: Int) throws(ChordProDiagnostic) {
        switch line {
        case .blank, .comment:
            return
        case .directive(let directive):
            try add(directive, number: number)
        case .chords(let chordLine):
            if chordLine.isLyric { addLyrics(chordLine) } else { try addBars(chordLine, number: number) }
        case .grid(let gridLine):
            try addGrid(gridLine, number: number)
        }
    }

    private mutating func add(_ directive: ChartDirective, number: Int) throws(ChordProDiagnostic) {
        let value = directive.value ?? []
        switch directive.kind {
        case .time:
            guard let meter = ChartChords.meter(ofTimeSignature: value) else {
                throw ChordProDiagnostic(line: number, column: 0,
                                         message: "time signature '\(QuotedText.of(value))' is not N/D")
            }
            (beatsPerBar, isCompound) = meter
            meterWritten = true
        case .tempo:
            guard let bpm = ChartNumber.decimal(value[...]), bpm > 0 else {
                throw ChordProDiagnostic(line: number, column: 0,
                                         message: "tempo '\(QuotedText.of(value))' is not a number of BPM")
            }
            tempo = bpm
        case .startOfSection(.chorus):
            chorus = []
        case .endOfSection(.chorus):
            if let chorus, !chorus.isEmpty { lastChorus = chorus }
            chorus = nil
        case .chorusRecall:
            guard !lastChorus.isEmpty else {
                throw ChordProDiagnostic(line: number, column: 0, message: "{chorus} before any chorus with chords")
            }
            for written in lastChorus { append(written.chord, beats: written.beats, at: written.place, sung: written.sung) }
        default:
            return
        }
    }

    /// A lyric line: its chords in order, over the syllables sung from each to the next.
    private mutating func addLyrics(_ line: ChordLine) {
        let lyrics = line.lyrics[...]
        var sung: [Int] = []
        var from = 0
        var leading = 0
        for (index, placed) in line.chords.enumerated() {
            let to = min(max(placed.offset, from), lyrics.count)
            let words = SyllableCounter.count(lyrics[from..<to])
            if index == 0 { leading = words } else { sung[index - 1] += words }
            sung.append(0)
            from = to
        }
        let words = SyllableCounter.count(lyrics[from...])
        if sung.isEmpty { leading += words } else { sung[sung.count - 1] += words }
        // Words before the line's first chord (or a line of words alone) are sung over the
        // chord held from before.
        if !syllables.isEmpty {
            syllables[syllables.count - 1] += leading
            if let last = chorus?.indices.last { chorus?[last].sung += leading }
        }
        // Lines whose chords differ only by sevenths (G Em C D, G Em C D7) are alike.
        let triads = line.chords.map { $0.symbol.label.triad }
        for (index, placed) in line.chords.enumerated() {
            append(placed.symbol.label, beats: 0, at: .lyric(line: triads, index: index), sung: sung[index])
        }
    }

    /// A line of bars, `|` between them: chords and `.` (the chord held) in each.
    private mutating func addBars(_ line: ChordLine, number: Int) throws(ChordProDiagnostic) {
        var items: [ChordLabel?] = []  // nil: `.`, the chord held
        var barColumn = 1
        var column = 1  // of the next thing written, in scalars from the line's first non-blank
        var next = 0
        let lyrics = line.lyrics[...]
        var offset = 0
        while offset <= lyrics.count {
            while next < line.chords.count && line.chords[next].offset <= offset {
                if items.isEmpty { barColumn = column }
                items.append(line.chords[next].symbol.label)
                column += 2 + ChartText.scalarCount(line.chords[next].symbol.text[...])
                next += 1
            }
            guard offset < lyrics.count else { break }
            let (scalar, length) = ChartText.scalar(in: lyrics, at: offset)
            if scalar == UInt32(UInt8(ascii: "|")) {
                try endBar(&items, number: number, column: barColumn)
            } else if scalar == UInt32(UInt8(ascii: ".")) {
                if items.isEmpty { barColumn = column }
                items.append(nil)
            } else if scalar != UInt32(ChartText.space) && scalar != UInt32(ChartText.tab) {
                throw ChordProDiagnostic(line: number, column: column,
                                         message: "'\(QuotedText.of(lyrics[offset..<(offset + length)]))' in a bar (a bar holds chords and '.')")
            }
            column += 1
            offset += length
        }
        try endBar(&items, number: number, column: barColumn)
    }

    /// The bar of `items`, which it empties.
    private mutating func endBar(_ items: inout [ChordLabel?], number: Int, column: Int) throws(ChordProDiagnostic) {
        defer { items.removeAll(keepingCapacity: true) }
        if items.isEmpty { return }
        guard let opening = items[0] else {
            throw ChordProDiagnostic(line: number, column: column, message: "a bar starts with '.', holding no chord")
        }
        if items.count == 1 {
            append(opening, beats: beatsPerBar, at: .bar(beats: beatsPerBar))
        } else if items.count == 2, let second = items[1] {
            append(opening, beats: (beatsPerBar + 1) / 2, at: .bar(beats: (beatsPerBar + 1) / 2))
            append(second, beats: beatsPerBar / 2, at: .bar(beats: beatsPerBar / 2))
        } else {
            guard items.count == beatsPerBar else {
                throw ChordProDiagnostic(line: number, column: column,
                                         message: "a bar of \(items.count) beats in \(beatsPerBar)/bar")
            }
            var current = opening
            for item in items {
                if let item { current = item }
                append(current, beats: 1, at: .bar(beats: 1))
            }
        }
    }

    /// A grid line: each bar between bar lines, its cells spread evenly over the bar's beats (a
    /// chord starts on the beat nearest its cell's start; one lasting no beat is dropped), `.`
    /// and `/` holding the chord, `%` and `%%` the last one or two bars again; margin text skipped.
    private mutating func addGrid(_ line: GridLine, number: Int) throws(ChordProDiagnostic) {
        var changes: [(position: Double, chord: ChordLabel)] = []
        var cellCount = 0
        var repeated: [[(chord: ChordLabel, beats: Int)]] = []
        for cell in line.cells {
            switch cell {
            case .barLine:
                if !repeated.isEmpty {
                    for bar in repeated { appendGridBar(bar) }
                    repeated = []
                } else if cellCount > 0 {
                    try appendGridBar(changes: changes, cells: cellCount, number: number)
                }
                changes = []
                cellCount = 0
            case .chords(let symbols):
                for (index, symbol) in symbols.enumerated() {
                    changes.append((Double(cellCount) + Double(index) / Double(symbols.count), symbol.label))
                }
                cellCount += 1
            case .hold, .repeatChord:
                cellCount += 1
            case .repeatBars(let text):
                let count = text.count == 1 ? 1 : 2
                guard lastGridBars.count >= count else {
                    throw ChordProDiagnostic(line: number, column: 0,
                                             message: "'\(QuotedText.of(text))' repeats \(count) bar\(count == 1 ? "" : "s") before there are as many")
                }
                repeated = Array(lastGridBars.suffix(count))
            case .text:
                break
            }
        }
    }

    /// A grid bar of `cells` cells with chords starting at `changes` (cell positions).
    private mutating func appendGridBar(changes: [(position: Double, chord: ChordLabel)], cells: Int,
                                        number: Int) throws(ChordProDiagnostic) {
        var pieces: [(chord: ChordLabel, beats: Int)] = []
        var starts: [Int] = []
        for change in changes {
            let start = Int((change.position * Double(beatsPerBar) / Double(cells)).rounded())
            if let last = starts.last, last == start { pieces.removeLast(); starts.removeLast() }
            starts.append(start)
            pieces.append((change.chord, 0))
        }
        if starts.first != 0 {
            // The bar opens holding the chord from before.
            guard let held = chords.last else {
                throw ChordProDiagnostic(line: number, column: 0, message: "a grid bar starts with '.', holding no chord")
            }
            starts.insert(0, at: 0)
            pieces.insert((held, 0), at: 0)
        }
        for index in pieces.indices {
            pieces[index].beats = (index + 1 < starts.count ? starts[index + 1] : beatsPerBar) - starts[index]
        }
        appendGridBar(pieces.filter { $0.beats > 0 })
    }

    private mutating func appendGridBar(_ pieces: [(chord: ChordLabel, beats: Int)]) {
        for piece in pieces { append(piece.chord, beats: piece.beats, at: .bar(beats: piece.beats)) }
        lastGridBars.append(pieces)
        if lastGridBars.count > 2 { lastGridBars.removeFirst() }
    }

    /// The chords read, or the error of a chart without any.
    func finish() throws(ChordProDiagnostic) -> ChartChords {
        guard !chords.isEmpty else {
            throw ChordProDiagnostic(line: 0, column: 0,
                                     message: "no chords (write them bar by bar, [G] | [C] [D], or in the lyrics, [G]Sunday [C]morning)")
        }
        return ChartChords(chords: chords, durationsBeats: durations, syllables: syllables,
                           sameLengthAs: Self.firstOccurrences(places),
                           sameShapeAs: Self.firstOccurrences(places.map { $0.map { $0.shape } }),
                           tempoBPM: isCompound ? tempo.map { Meter.dottedQuarterBPM(writtenBPM: $0) } : tempo,
                           beatsPerBar: beatsPerBar, meterWritten: meterWritten, isCompound: isCompound)
    }

    /// For each element, the index of the first element equal to it (its own if none earlier).
    private static func firstOccurrences(_ elements: [[Place]]) -> [Int] {
        var firstAt: [[Place]: Int] = [:]
        var result: [Int] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            if let first = firstAt[element] {
                result.append(first)
            } else {
                firstAt[element] = index
                result.append(index)
            }
        }
        return result
    }
}
