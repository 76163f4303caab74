import Foundation
import PerformiaEngine

extension FuzzTarget {
    /// `SongMapValidator.validate(json:)`: strict decoding of a Song Map, then its invariants.
    /// Seed: a small valid map (docs/songmap.md's example, shortened).
    public static let songMap = FuzzTarget(name: "songmap", seeds: { [Array(validSongMap.utf8)] }) { bytes in
        do {
            _ = try SongMapValidator.validate(json: Data(bytes))
            return .accepted
        } catch {
            return .rejected(String(describing: error))
        }
    }

    /// A Song Map that validates: two bars of 4/4 at 120 BPM with chords, key, sections and melody.
    static let validSongMap = """
        {"schema":"performia.songmap/1",\
        "source":{"path":"song.wav","sha256":"\(String(repeating: "0", count: 64))","durationSeconds":5,\
        "sampleRate":44100,"channels":2,"format":"WAV"},\
        "tempo":{"bpm":120,"confidence":0.8,"curve":[{"time":0.5,"bpm":120},{"time":1,"bpm":120}]},\
        "meter":{"beatsPerBar":4,"subdivision":2,"timeSignature":"4/4"},\
        "beats":[{"time":0.5,"bar":1,"beat":1},{"time":1,"bar":1,"beat":2},{"time":1.5,"bar":1,"beat":3},\
        {"time":2,"bar":1,"beat":4},{"time":2.5,"bar":2,"beat":1},{"time":3,"bar":2,"beat":2}],\
        "tuning":{"cents":3.1,"referenceHz":440.8},\
        "key":{"name":"G major","confidence":0.7,"segments":[{"start":0.5,"end":3.5,"name":"G major"}]},\
        "chords":[{"start":0.5,"end":2.5,"label":"G:maj","symbol":"G","confidence":0.6},\
        {"start":2.5,"end":3.5,"label":"E:min7","symbol":"Em7","confidence":0.5}],\
        "sections":[{"start":0.5,"end":2.5,"group":"A","label":"intro"},{"start":2.5,"end":3.5,"group":"B"}],\
        "melody":[{"start":1,"end":1.4,"pitch":67,"confidence":0.58}],\
        "analysis":{"engine":"performia","version":"0.1.0","elapsedSeconds":0.1,"realTimeFactor":50,\
        "confidence":0.8,"warnings":["short"]}}
        """
}
