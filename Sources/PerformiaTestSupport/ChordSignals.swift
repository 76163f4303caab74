import PerformiaCore

/// Harmonic test signals with known pitches: chords and notes as sums of harmonic tones.
public enum ChordSignals {
    /// One sounding event: MIDI notes held from `start` to `end` seconds.
    public struct Event: Sendable {
        public var notes: [Int]
        public var start: Double
        public var end: Double

        public init(notes: [Int], start: Double, end: Double) {
            self.notes = notes
            self.start = start
            self.end = end
        }
    }

    /// Renders `events` as harmonic tones (`partials` partials, amplitude 0.6ᵏ⁻¹, a 10 ms
    /// attack and a gentle decay), tuned `detuneCents` away from A4 = 440 Hz.
    public static func render(_ events: [Event], seconds: Double, sampleRate: Double = 44100,
                              detuneCents: Double = 0, partials: Int = 6, gain: Float = 0.08) -> [Float] {
        var out = [Float](repeating: 0, count: Int(seconds * sampleRate))
        let attack = 0.01 * sampleRate
        for event in events {
            let start = Int(event.start * sampleRate)
            let end = min(out.count, Int(event.end * sampleRate))
            for note in event.notes {
                let hz = 440 * Math.pow(2, (Double(note) - 69 + detuneCents / 100) / 12)
                for k in 1...partials {
                    let partialHz = hz * Double(k)
                    if partialHz > sampleRate / 2 { break }
                    let amplitude = gain * Float(Math.pow(0.6, Double(k - 1)))
                    let step = 2 * Math.pi * partialHz / sampleRate
                    for i in max(0, start)..<max(start, end) {
                        let n = Double(i - start)
                        let envelope = min(1, n / attack, Double(end - i) / attack) * Math.exp(-n / sampleRate / 4)
                        out[i] += amplitude * Float(envelope * Math.sin(step * n))
                    }
                }
            }
        }
        return out
    }

    /// MIDI notes of `chord` voiced as a guitarist or pianist might: the root in the bass
    /// (octave 2), the chord tones in close position from the octave above middle C's octave
    /// (octave 4).
    public static func voicing(root: Int, intervals: [Int]) -> [Int] {
        let bass = 36 + root
        return [bass] + intervals.map { 60 + root + $0 }
    }
}
