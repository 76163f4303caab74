import Foundation

/// Checks a Song Map JSON document against `performia.songmap/1` (docs/songmap.md): the schema
/// identifier, required fields with the right types (by strict decoding), and the invariants
/// decoding cannot express: finite, non-negative times inside the source duration, strictly
/// increasing beats, beat-in-bar within the meter, bars non-decreasing, tempo values positive.
public enum SongMapValidator {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func validate(json data: Data) throws(Failure) -> SongMap {
        let map: SongMap
        do {
            map = try JSONDecoder().decode(SongMap.self, from: data)
        } catch {
            throw Failure(description: "not a Song Map: \(error)")
        }
        try validate(map)
        return map
    }

    public static func validate(_ map: SongMap) throws(Failure) {
        func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(Failure) {
            if !condition { throw Failure(description: message()) }
        }
        try check(map.schema == SongMap.schemaIdentifier, "schema is '\(map.schema)', expected '\(SongMap.schemaIdentifier)'")
        let s = map.source
        try check(s.sha256.count == 64 && s.sha256.allSatisfy(\.isHexDigit), "source.sha256 is not 64 hex digits")
        try check(s.durationSeconds.isFinite && s.durationSeconds >= 0, "source.durationSeconds is not a finite non-negative number")
        try check(s.sampleRate >= 8000 && s.sampleRate <= 192000, "source.sampleRate \(s.sampleRate) outside 8000…192000")
        try check(s.channels >= 1, "source.channels < 1")
        try check(map.tempo.bpm.isFinite && map.tempo.bpm > 0, "tempo.bpm is not positive")
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
        let a = map.analysis
        try check(a.elapsedSeconds >= 0 && a.realTimeFactor >= 0, "analysis timings negative")
        try check((0...1).contains(a.confidence), "analysis.confidence outside 0…1")
    }
}
