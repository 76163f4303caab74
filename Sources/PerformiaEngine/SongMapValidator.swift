import Foundation
import PerformiaAnalysis
import PerformiaMusic

/// Checks a Song Map JSON document against `performia.songmap/3` (or /2, which is /3 without
/// lyrics, or /1, which is /2 without stems; docs/songmap.md): the schema
/// identifier, required fields with the right types (by strict decoding), and the invariants
/// decoding cannot express: finite, non-negative times inside the source duration, strictly
/// increasing beats, beat-in-bar within the meter, bars non-decreasing, tempo values positive;
/// chords, key segments and sections in order without overlaps, chord labels in the Harte
/// vocabulary, key names `<tonic> major|minor`, melody notes of positive length and MIDI pitch,
/// confidences in 0…1, tuning within ±50 cents, lyric words in order with their syllables inside them.
public enum SongMapValidator {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func validate(json data: Data) throws(Failure) -> SongMap {
        let map: SongMap
        do {
            map = try JSONDecoder().decode(SongMap.self, from: data)
        } catch let error as DecodingError {
            throw Failure(description: "not a Song Map: " + describe(error))
        } catch {
            throw Failure(description: "not a Song Map: \(error.localizedDescription)")
        }
        try validate(map)
        return map
    }

    /// A decoding error in a reader's words: what is wrong and at which field
    /// (`beats[3].time`), without Swift's type names.
    static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the document" : "'\(text)'"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not JSON" + (detail.map { " (\($0.trimmingCharacters(in: CharacterSet(charactersIn: "."))))" } ?? "")
        case .dataCorrupted(let context):
            return "\(field(context.codingPath)) is malformed"
        case .keyNotFound(let key, let context):
            return "missing field \(field(context.codingPath + [key]))"
        case .valueNotFound(_, let context):
            return "\(field(context.codingPath)) is null"
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) is not \(kind(of: type))"
        @unknown default:
            return "malformed"
        }
    }

    /// A JSON kind for a Swift type: a number, a string, an array, an object, true or false.
    private static func kind(of type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Double.self || type == Int.self || type == Float.self { return "a number" }
        return String(describing: type).hasPrefix("Array") ? "an array" : "an object"
    }

    public static func validate(_ map: SongMap) throws(Failure) {
        func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(Failure) {
            if !condition { throw Failure(description: message()) }
        }
        try check(SongMap.readableSchemaIdentifiers.contains(map.schema),
                  "schema is '\(map.schema)', expected '\(SongMap.readableSchemaIdentifiers.joined(separator: "' or '"))'")
        let s = map.source
        try check(s.sha256.count == 64 && s.sha256.allSatisfy(\.isHexDigit), "source.sha256 is not 64 hex digits")
        try check(s.durationSeconds.isFinite && s.durationSeconds >= 0, "source.durationSeconds is not a finite non-negative number")
        try check(s.sampleRate >= 8000 && s.sampleRate <= 192000, "source.sampleRate \(s.sampleRate) outside 8000…192000")
        try check(s.channels >= 1, "source.channels < 1")
        if let bpm = map.tempo.bpm {
            try check(bpm.isFinite && bpm > 0, "tempo.bpm is not positive")
        } else {
            try check(map.beats.isEmpty && map.tempo.curve.isEmpty, "tempo.bpm is absent but there are beats or a tempo curve")
        }
        try check((0...1).contains(map.tempo.confidence), "tempo.confidence outside 0…1")
        for p in map.tempo.curve {
            try check(p.time.isFinite && p.bpm.isFinite && p.bpm > 0, "tempo.curve point \(p) is not finite and positive")
        }
        try check((1...12).contains(map.meter.beatsPerBar), "meter.beatsPerBar \(map.meter.beatsPerBar) outside 1…12")
        try check([2, 3].contains(map.meter.subdivision), "meter.subdivision must be 2 or 3")
        var previousTime = -Double.infinity
        var previousBar = 0
        for (i, b) in map.beats.enumerated() {
            try check(b.time.isFinite && b.time >= 0 && b.time <= s.durationSeconds + 0.5,
                      "beats[\(i)].time \(b.time) outside the source")
            try check(b.time > previousTime, "beats[\(i)].time \(b.time) does not increase")
            try check((1...map.meter.beatsPerBar).contains(b.beat), "beats[\(i)].beat \(b.beat) outside 1…\(map.meter.beatsPerBar)")
            try check(b.bar >= previousBar, "beats[\(i)].bar decreases")
            previousTime = b.time
            previousBar = b.bar
        }
        try check(map.tuning.cents.isFinite && abs(map.tuning.cents) <= 50.001, "tuning.cents \(map.tuning.cents) outside −50…50")
        try checkSpans(map.chords.map { ($0.start, $0.end) }, "chords", duration: s.durationSeconds)
        for (i, c) in map.chords.enumerated() {
            try check(ChordLabel(harte: c.label) != nil, "chords[\(i)].label '\(c.label)' is not a chord Performia names")
            try check((0...1).contains(c.confidence), "chords[\(i)].confidence outside 0…1")
        }
        if let key = map.key {
            try check(isKeyName(key.name), "key.name '\(key.name)' is not '<tonic> major' or '<tonic> minor'")
            try check((0...1).contains(key.confidence), "key.confidence outside 0…1")
            try checkSpans(key.segments.map { ($0.start, $0.end) }, "key.segments", duration: s.durationSeconds)
            for (i, k) in key.segments.enumerated() {
                try check(isKeyName(k.name), "key.segments[\(i)].name '\(k.name)' is not a key")
            }
        }
        try checkSpans(map.sections.map { ($0.start, $0.end) }, "sections", duration: s.durationSeconds)
        for (i, section) in map.sections.enumerated() {
            try check(!section.group.isEmpty, "sections[\(i)].group is empty")
            if let label = section.label {
                try check(["intro", "verse", "chorus", "bridge", "outro"].contains(label), "sections[\(i)].label '\(label)' unknown")
            }
        }
        var previousOnset = -Double.infinity
        for (i, note) in map.melody.enumerated() {
            try check(note.start.isFinite && note.end > note.start && note.start >= previousOnset,
                      "melody[\(i)] is not a note of positive length in order")
            try check((0...127).contains(note.pitch), "melody[\(i)].pitch \(note.pitch) outside 0…127")
            try check((0...1).contains(note.confidence), "melody[\(i)].confidence outside 0…1")
            previousOnset = note.start
        }
        if let stems = map.stems {
            try check(map.schema != "performia.songmap/1", "stems in a performia.songmap/1 document (they came in version 2)")
            try check(["offline", "live"].contains(stems.separator), "stems.separator '\(stems.separator)' is not offline or live")
            try check(!stems.files.isEmpty && Set(stems.files.map(\.name)).count == stems.files.count,
                      "stems.files is empty or names a stem twice")
            try check(stems.files.allSatisfy { !$0.name.isEmpty && !$0.path.isEmpty }, "stems.files has an empty name or path")
            try check(!stems.residualDecibels.isNaN && stems.residualDecibels <= 0, "stems.residualDecibels is not a level ≤ 0 dB")
            for (use, source) in stems.usedFor {
                for stem in source.split(separator: "+") {
                    try check(stems.files.contains { $0.name == stem }, "stems.usedFor.\(use) names '\(stem)', which is not among the files")
                }
            }
        }
        if let lyrics = map.lyrics {
            try check(!["performia.songmap/1", "performia.songmap/2"].contains(map.schema),
                      "lyrics in a \(map.schema) document (they came in version 3)")
            try check(["vocals", "mix"].contains(lyrics.heardOn), "lyrics.heardOn '\(lyrics.heardOn)' is not vocals or mix")
            var previous = -Double.infinity
            for (l, line) in lyrics.lines.enumerated() {
                try check((0...1).contains(line.confidence), "lyrics.lines[\(l)].confidence outside 0…1")
                for (w, word) in line.words.enumerated() {
                    let place = "lyrics.lines[\(l)].words[\(w)]"
                    guard let start = word.start, let end = word.end else {
                        try check(word.problem != nil && word.syllables.isEmpty, "\(place) has no times and no problem")
                        continue
                    }
                    try check(start.isFinite && end > start && start >= previous - 1e-6 && end <= s.durationSeconds + 0.05,
                              "\(place) is not a span of positive length in order inside the audio")
                    try check(!word.syllables.isEmpty && word.syllables.first!.start == start,
                              "\(place) has no syllables or they do not start with it")
                    for syllable in word.syllables {
                        try check(syllable.end > syllable.start && syllable.start >= start - 1e-6 && syllable.end <= end + 1e-6,
                                  "\(place) has a syllable outside it")
                    }
                    previous = start
                }
            }
        }
        let a = map.analysis
        try check(a.elapsedSeconds >= 0 && a.realTimeFactor >= 0, "analysis timings negative")
        try check((0...1).contains(a.confidence), "analysis.confidence outside 0…1")
    }

    /// Spans are finite, of positive length, in order, not overlapping and inside the source.
    private static func checkSpans(_ spans: [(Double, Double)], _ name: String, duration: Double) throws(Failure) {
        var previousEnd = -Double.infinity
        for (i, span) in spans.enumerated() {
            if !(span.0.isFinite && span.1.isFinite && span.0 >= 0 && span.1 > span.0) {
                throw Failure(description: "\(name)[\(i)] [\(span.0), \(span.1)] is not a span of positive length")
            }
            if span.0 < previousEnd - 1e-6 { throw Failure(description: "\(name)[\(i)] overlaps the one before it") }
            if span.1 > duration + 0.5 { throw Failure(description: "\(name)[\(i)] ends after the source") }
            previousEnd = span.1
        }
    }

    private static func isKeyName(_ name: String) -> Bool {
        let parts = name.split(separator: " ")
        return parts.count == 2 && PitchSpelling.pitchClass(of: String(parts[0])) != nil
            && (parts[1] == "major" || parts[1] == "minor")
    }
}
