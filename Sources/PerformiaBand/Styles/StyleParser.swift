import PerformiaMusic

/// Reads a `.style` file (`Resources/styles/*.style`) into a `Style`. Portable: works on the
/// text's UTF-8 bytes, so it also runs in the Embedded Swift (wasm32) build. Not real-time:
/// parsing allocates; do it before the arranger starts.
///
/// The format is line based; `#` starts a comment, blank lines are ignored, tokens are
/// separated by spaces or tabs.
///
/// Header directives (any order, `meter` before the first pattern):
///
///     style NAME…                  display name (rest of the line; required)
///     meter BEATS                  beats per bar, 1…12 (default 4)
///     swing RATIO [eighths|sixteenths]   long:short ratio, `2:1`, `3:2` or a number 1…4 (default 1)
///     tempo BPM                    typical tempo, 20…400 (default 120)
///     countin DRUM                 count-in sound (default 37, side stick)
///     cymbal DRUM|none             struck on the downbeat after a fill or at a new section (default crash)
///     program PART N               General MIDI program 0…127 (drums: the kit, 0 standard, 32 jazz, 40 brush)
///     level PART FACTOR            velocity factor 0.1…2 (default 1)
///     range PART LOW HIGH          register as MIDI notes, at least an octave (keys default 48 72)
///     voices PART 3|4              voices per chord for keys, strings, guitar (default 4)
///     spread PART SEMITONES        widest voicing, 7…36 (keys 12, guitar 14, strings 19)
///
/// `PART` is `drums`, `bass`, `keys`, `strings` or `guitar`; `DRUM` a General MIDI percussion
/// key number or a name from `GeneralMIDIDrum` (`kick`, `snare`, `hihat`, `ride`, …).
///
/// Patterns: `pattern PART KIND [bars N]` with `KIND` one of `sparse`, `medium`, `dense`, `fill`,
/// `ending` (`bars` 1…4, fills and endings 1), followed by rows until the next directive. A row is
/// a label and its cells, one character per grid step; spaces and `|` between cells are ignored.
/// A row of `n` cells over a pattern of `b` beats is on a grid of `n / b` steps per beat, which
/// must be 1, 2, 3, 4, 6 or 12 (quarters, eighths, triplets, sixteenths, sextuplets, 1/12). A
/// pattern without rows is an explicit silence.
///
///     drums rows    label: a DRUM   cells: X accent, x normal, o ghost
///     bass rows     label: bass     cells: R root, 3 third, 5 fifth, 6 sixth, 7 seventh, 8 octave,
///                                          A approach the next root, W walk, N next chord's root
///                                          (anticipation), g dead ghost note
///     comp rows     label: chord    cells: X x o the whole voicing (accent, normal, ghost),
///                   (keys, strings,        T t the upper voices (accent, normal),
///                    guitar)               1…4 one voice (1 = lowest), B the root below the voicing
///     every row                     cells: - holds the note before it one more step, . rest
///
/// A note lasts its cell plus its holds. Example (rock, one bar of 4/4 in eighths):
///
///     pattern drums medium
///     kick   X . . . x x . .
///     snare  . . X . . . X .
///     hihat  x x x x x x x x
///
/// Errors are `StyleParseError`s naming the line: `line 12: row 'kick' has 7 steps; …`.
public enum StyleParser {
    public static func parse(_ text: String) throws(StyleParseError) -> Style {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.run()
    }
}

private struct Parser {
    let bytes: [UInt8]
    var lineNumber = 0
    var tokens: [Range<Int>] = []
    var lineRange: Range<Int> = 0..<0

    var style = Style(name: "")
    var hasName = false
    var defined = [Bool](repeating: false, count: BandPart.allCases.count * PatternKind.count)
    var patternCount = 0
    // The pattern being read.
    var current: (part: BandPart, kind: PatternKind, lengthBeats: Int, steps: [PatternStep])?

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func run() throws(StyleParseError) -> Style {
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            tokenize(start..<end)
            if !tokens.isEmpty { try line() }
            start = end + 1
        }
        try commit()
        lineNumber = 1
        guard hasName else { throw fail("missing 'style NAME' (the style's name)") }
        guard patternCount > 0 else { throw fail("the style has no patterns ('pattern PART LEVEL' and rows)") }
        return style
    }

    // MARK: lines

    mutating func line() throws(StyleParseError) {
        let head = tokens[0]
        if eq(head, "style") {
            guard tokens.count >= 2 else { throw fail("'style' needs a name") }
            style.name = text(tokens[1].lowerBound..<tokens[tokens.count - 1].upperBound)
            hasName = true
        } else if eq(head, "meter") {
            try arguments(1, "meter BEATS")
            guard patternCount == 0 && current == nil else { throw fail("'meter' must come before the first pattern") }
            style.beatsPerBar = try integer(tokens[1], in: 1...12, what: "beats per bar")
        } else if eq(head, "swing") {
            guard tokens.count == 2 || tokens.count == 3 else { throw fail("expected 'swing RATIO [eighths|sixteenths]'") }
            style.swingRatio = try ratio(tokens[1])
            if tokens.count == 3 {
                if eq(tokens[2], "eighths") { style.swingSubdivision = .eighth }
                else if eq(tokens[2], "sixteenths") { style.swingSubdivision = .sixteenth }
                else { throw fail("swing subdivision '\(quoted(tokens[2]))' is not 'eighths' or 'sixteenths'") }
            }
        } else if eq(head, "tempo") {
            try arguments(1, "tempo BPM")
            style.tempoBPM = Double(try integer(tokens[1], in: 20...400, what: "tempo (BPM)"))
        } else if eq(head, "countin") {
            try arguments(1, "countin DRUM")
            style.countInNote = try drum(tokens[1])
        } else if eq(head, "cymbal") {
            try arguments(1, "cymbal DRUM|none")
            style.cymbalNote = eq(tokens[1], "none") ? nil : try drum(tokens[1])
        } else if eq(head, "program") {
            try arguments(2, "program PART N")
            let part = try self.part(tokens[1])
            style[part].program = UInt8(try integer(tokens[2], in: 0...127, what: "program"))
        } else if eq(head, "level") {
            try arguments(2, "level PART FACTOR")
            let part = try self.part(tokens[1])
            guard let value = number(tokens[2]), value >= 0.1 && value <= 2 else {
                throw fail("level '\(quoted(tokens[2]))' is not a number from 0.1 to 2")
            }
            style[part].level = value
        } else if eq(head, "range") {
            try arguments(3, "range PART LOW HIGH")
            let part = try self.part(tokens[1])
            let low = try integer(tokens[2], in: 0...127, what: "lowest note")
            let high = try integer(tokens[3], in: 0...127, what: "highest note")
            guard high - low >= 12 else { throw fail("range \(low)…\(high) is narrower than an octave") }
            style[part].lowestPitch = low
            style[part].highestPitch = high
        } else if eq(head, "voices") {
            try arguments(2, "voices PART 3|4")
            let part = try self.part(tokens[1])
            style[part].voiceCount = try integer(tokens[2], in: 3...4, what: "voices")
        } else if eq(head, "spread") {
            try arguments(2, "spread PART SEMITONES")
            let part = try self.part(tokens[1])
            style[part].maximumSpread = try integer(tokens[2], in: 7...36, what: "spread (semitones)")
        } else if eq(head, "pattern") {
            try pattern()
        } else {
            try row()
        }
    }

    mutating func pattern() throws(StyleParseError) {
        guard tokens.count == 3 || tokens.count == 5 else { throw fail("expected 'pattern PART KIND [bars N]'") }
        try commit()
        let part = try self.part(tokens[1])
        var kind: PatternKind?
        for k in PatternKind.allCases where equal(tokens[2], k.name) { kind = k }
        guard let kind else {
            throw fail("pattern kind '\(quoted(tokens[2]))' is not sparse, medium, dense, fill or ending")
        }
        var bars = 1
        if tokens.count == 5 {
            guard eq(tokens[3], "bars") else { throw fail("expected 'bars N' after the kind, found '\(quoted(tokens[3]))'") }
            bars = try integer(tokens[4], in: 1...4, what: "bars")
            if (kind == .fill || kind == .ending) && bars != 1 { throw fail("a \(kind.name) is one bar long") }
        }
        let slot = part.rawValue * PatternKind.count + kind.rawValue
        guard !defined[slot] else { throw fail("second \(kind.name) pattern for \(part.name)") }
        defined[slot] = true
        current = (part, kind, bars * style.beatsPerBar, [])
    }

    mutating func row() throws(StyleParseError) {
        let label = tokens[0]
        guard var pattern = current else {
            throw fail("'\(quoted(label))' is neither a directive (style, meter, swing, tempo, countin, cymbal, program,"
                + " level, range, voices, spread, pattern) nor a row of a pattern")
        }
        current = nil  // keep the steps array uniquely referenced while appending
        defer { current = pattern }
        // The label decides what the cells mean.
        var key: UInt8 = 0
        switch pattern.part {
        case .drums:
            guard let labelKey = drumKey(label) else {
                throw fail("'\(quoted(label))' is not a drum (a General MIDI key 0…127 or a name such as kick, snare,"
                    + " hihat, ride)")
            }
            key = labelKey
        case .bass:
            guard eq(label, "bass") else { throw fail("rows of a bass pattern are labelled 'bass', not '\(quoted(label))'") }
        case .keys, .strings, .guitar:
            guard eq(label, "chord") else {
                throw fail("rows of a \(pattern.part.name) pattern are labelled 'chord', not '\(quoted(label))'")
            }
        }
        var cells: [UInt8] = []
        for token in tokens.dropFirst() {
            for i in token where bytes[i] != UInt8(ascii: "|") { cells.append(bytes[i]) }
        }
        let beats = pattern.lengthBeats
        let perBeat = cells.count / beats
        guard !cells.isEmpty, cells.count % beats == 0,
              perBeat == 1 || perBeat == 2 || perBeat == 3 || perBeat == 4 || perBeat == 6 || perBeat == 12 else {
            throw fail("row '\(quoted(label))' has \(cells.count) steps; a pattern of \(beats) beats needs \(beats),"
                + " \(2 * beats), \(3 * beats), \(4 * beats), \(6 * beats) or \(12 * beats)"
                + " (1, 2, 3, 4, 6 or 12 per beat)")
        }
        let ticksPerCell = PatternStep.ticksPerBeat / perBeat
        var open: Int?  // index in pattern.steps of the note a hold extends
        for (i, cell) in cells.enumerated() {
            if cell == UInt8(ascii: ".") {
                open = nil
                continue
            }
            if cell == UInt8(ascii: "-") {
                guard let open else { throw fail("step \(i + 1) of row '\(quoted(label))' holds '-' but no note sounds") }
                pattern.steps[open].lengthTicks += ticksPerCell
                continue
            }
            guard let made = step(cell, part: pattern.part, drum: key) else {
                throw fail("'\(QuotedText.of([cell]))' (step \(i + 1) of row '\(quoted(label))') is not a "
                    + legend(pattern.part))
            }
            pattern.steps.append(PatternStep(tick: i * ticksPerCell, lengthTicks: ticksPerCell,
                                             action: made.0, velocity: made.1))
            open = pattern.steps.count - 1
        }
    }

    /// Stores the pattern being read, its steps in onset order.
    mutating func commit() throws(StyleParseError) {
        guard var pattern = current else { return }
        current = nil
        // Stable insertion sort by tick (rows were appended one after another).
        var i = 1
        while i < pattern.steps.count {
            var j = i
            while j > 0 && pattern.steps[j - 1].tick > pattern.steps[j].tick {
                pattern.steps.swapAt(j - 1, j)
                j -= 1
            }
            i += 1
        }
        style[pattern.part].patterns[pattern.kind.rawValue] = StylePattern(lengthBeats: pattern.lengthBeats,
                                                                            steps: pattern.steps)
        patternCount += 1
    }

    // MARK: cells

    func step(_ cell: UInt8, part: BandPart, drum: UInt8) -> (StepAction, UInt8)? {
        switch part {
        case .drums:
            switch cell {
            case UInt8(ascii: "X"): return (.drum(drum), PatternStep.accent)
            case UInt8(ascii: "x"): return (.drum(drum), PatternStep.normal)
            case UInt8(ascii: "o"): return (.drum(drum), PatternStep.ghost)
            default: return nil
            }
        case .bass:
            let degree: BassDegree
            switch cell {
            case UInt8(ascii: "R"): degree = .root
            case UInt8(ascii: "3"): degree = .third
            case UInt8(ascii: "5"): degree = .fifth
            case UInt8(ascii: "6"): degree = .sixth
            case UInt8(ascii: "7"): degree = .seventh
            case UInt8(ascii: "8"): degree = .octave
            case UInt8(ascii: "A"): degree = .approach
            case UInt8(ascii: "W"): degree = .walk
            case UInt8(ascii: "N"): degree = .nextRoot
            case UInt8(ascii: "g"): return (.bass(.ghost), PatternStep.ghost)
            default: return nil
            }
            return (.bass(degree), PatternStep.normal)
        case .keys, .strings, .guitar:
            switch cell {
            case UInt8(ascii: "X"): return (.comp(.all), PatternStep.accent)
            case UInt8(ascii: "x"): return (.comp(.all), PatternStep.normal)
            case UInt8(ascii: "o"): return (.comp(.all), PatternStep.ghost)
            case UInt8(ascii: "T"): return (.comp(.upper), PatternStep.accent)
            case UInt8(ascii: "t"): return (.comp(.upper), PatternStep.normal)
            case UInt8(ascii: "1")...UInt8(ascii: "4"): return (.comp(.single(Int(cell) - 48)), PatternStep.normal)
            case UInt8(ascii: "B"): return (.comp(.bass), PatternStep.normal)
            default: return nil
            }
        }
    }

    func legend(_ part: BandPart) -> String {
        switch part {
        case .drums: "drum step (X accent, x, o ghost, - hold, . rest)"
        case .bass: "bass step (R, 3, 5, 6, 7, 8, A approach, W walk, N next root, g ghost, - hold, . rest)"
        case .keys, .strings, .guitar:
            "chord step (X, x, o whole chord; T, t upper voices; 1-4 one voice; B root below; - hold, . rest)"
        }
    }

    // MARK: tokens

    mutating func tokenize(_ range: Range<Int>) {
        tokens.removeAll(keepingCapacity: true)
        lineRange = range
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = bytes[i]
            if byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                i += 1
                continue
            }
            var end = i
            while end < range.upperBound && bytes[end] != UInt8(ascii: " ") && bytes[end] != UInt8(ascii: "\t")
                && bytes[end] != UInt8(ascii: "\r") && bytes[end] != UInt8(ascii: "#") { end += 1 }
            tokens.append(i..<end)
            i = end
        }
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The bytes at `range` as an error message quotes them (`QuotedText`).
    func quoted(_ range: Range<Int>) -> String { QuotedText.of(bytes[range]) }

    func eq(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        for k in 0..<range.count where bytes[range.lowerBound + k] != word.utf8Start[k] { return false }
        return true
    }

    func equal(_ range: Range<Int>, _ word: String) -> Bool {
        guard range.count == word.utf8.count else { return false }
        var k = range.lowerBound
        for byte in word.utf8 {
            if bytes[k] != byte { return false }
            k += 1
        }
        return true
    }

    func fail(_ message: String) -> StyleParseError { StyleParseError(line: lineNumber, message: message) }

    func arguments(_ count: Int, _ usage: String) throws(StyleParseError) {
        guard tokens.count == count + 1 else { throw fail("expected '\(usage)'") }
    }

    func part(_ range: Range<Int>) throws(StyleParseError) -> BandPart {
        for part in BandPart.allCases where equal(range, part.name) { return part }
        throw fail("'\(quoted(range))' is not a part (drums, bass, keys, strings, guitar)")
    }

    func drumKey(_ range: Range<Int>) -> UInt8? {
        if let n = unsigned(range) { return n <= 127 ? UInt8(n) : nil }
        let name = text(range)
        return GeneralMIDIDrum.key(named: name)
    }

    func drum(_ range: Range<Int>) throws(StyleParseError) -> UInt8 {
        guard let key = drumKey(range) else {
            throw fail("'\(quoted(range))' is not a drum (a General MIDI key 0…127 or a name such as kick, snare, hihat)")
        }
        return key
    }

    func unsigned(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 6 else { return nil }
        var value = 0
        for i in range {
            let b = bytes[i]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        return value
    }

    func integer(_ range: Range<Int>, in bounds: ClosedRange<Int>, what: String) throws(StyleParseError) -> Int {
        guard let value = unsigned(range), bounds.contains(value) else {
            throw fail("\(what) '\(quoted(range))' is not a whole number from \(bounds.lowerBound) to \(bounds.upperBound)")
        }
        return value
    }

    /// A decimal number `12`, `1.5`, `.5` (no sign, no exponent).
    func number(_ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 12 else { return nil }
        var value = 0.0
        var scale = 0.0
        var digits = 0
        for i in range {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                guard scale == 0 else { return nil }
                scale = 1
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                let d = Double(b - UInt8(ascii: "0"))
                if scale == 0 { value = value * 10 + d } else { scale /= 10; value += d * scale }
                digits += 1
            } else {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    /// A swing ratio `2:1` or `1.5`, from 1 (straight) to 4.
    func ratio(_ range: Range<Int>) throws(StyleParseError) -> Double {
        var colon: Int?
        for i in range where bytes[i] == UInt8(ascii: ":") { colon = i }
        var value: Double?
        if let colon {
            if let long = number(range.lowerBound..<colon), let short = number((colon + 1)..<range.upperBound), short > 0 {
                value = long / short
            }
        } else {
            value = number(range)
        }
        guard let value, value >= 1 && value <= 4 else {
            throw fail("swing ratio '\(quoted(range))' is not 'LONG:SHORT' or a number from 1 (straight) to 4")
        }
        return value
    }
}
