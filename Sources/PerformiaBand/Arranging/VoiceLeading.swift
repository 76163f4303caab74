import PerformiaAnalysis
import PerformiaMusic

/// Chooses how keys, guitar and strings voice each chord so that the voices move as little as
/// possible from the previous chord — minimal voice leading (Tymoczko, "The geometry of musical
/// chords", Science 313, 2006; *A Geometry of Music*, 2011, ch. 2): among every placement of the
/// chord's tones in the register, take the one whose summed semitone movement from the previous
/// voicing is smallest. Both voicings sorted, pairing the i-th lowest with the i-th lowest is the
/// optimal matching for that sum (for the L1 distance between points on a line, crossing two
/// pairs never shortens the total).
///
/// The voices are the chord's guide tones — third (or sus tone) and seventh — always, plus the
/// root, and the fifth where there is room (`voiceCount` 4: seventh chords complete, triads with
/// the root doubled; 3: root, third and seventh, or the triad). A small pull towards the middle
/// of the register (1 per semitone of mean drift, against 2 per semitone moved) keeps long
/// progressions from creeping to an edge. Ties go to the first candidate in a fixed order, so the
/// result is deterministic.
///
/// Real-time safe: at most 4^4 candidates per chord, no allocation.
public struct VoiceLeading: Sendable {
    /// Lowest and highest MIDI note a voice may take.
    public let lowestPitch: Int
    public let highestPitch: Int
    /// Voices per chord, 3 or 4.
    public let voiceCount: Int
    /// Widest voicing allowed, lowest to highest, in semitones.
    public let maximumSpread: Int
    /// The last voicing chosen by `next`.
    public private(set) var previous: Voicing?

    public init(lowestPitch: Int = 48, highestPitch: Int = 72, voiceCount: Int = 4, maximumSpread: Int = 12) {
        precondition(voiceCount >= 3 && voiceCount <= Voicing.capacity)
        precondition(highestPitch - lowestPitch >= 12 && maximumSpread >= 7)
        self.lowestPitch = lowestPitch
        self.highestPitch = highestPitch
        self.voiceCount = voiceCount
        self.maximumSpread = maximumSpread
    }

    public init(part: PartStyle) {
        self.init(lowestPitch: part.lowestPitch, highestPitch: part.highestPitch, voiceCount: part.voiceCount,
                  maximumSpread: part.maximumSpread)
    }

    /// Forgets the previous voicing.
    public mutating func reset() { previous = nil }

    /// Voices `chord` after the previous voicing and remembers it; nil (and nothing remembered)
    /// for no chord.
    public mutating func next(_ chord: ChordLabel) -> Voicing? {
        guard let voicing = voicing(for: chord, after: previous) else { return nil }
        previous = voicing
        return voicing
    }

    /// The best voicing of `chord` after `previous` (nil: the one nearest the register's middle,
    /// root position preferred). Nil for no chord.
    public func voicing(for chord: ChordLabel, after previous: Voicing?) -> Voicing? {
        guard let tones = ChordTones(chord) else { return nil }
        // Pitch classes of the voices.
        var classes = SIMD4<Int16>()
        classes[0] = Int16(tones.root)
        classes[1] = Int16((tones.root + tones.third) % 12)
        if voiceCount == 3 {
            classes[2] = Int16((tones.root + (tones.seventh ?? tones.fifth)) % 12)
        } else {
            classes[2] = Int16((tones.root + tones.fifth) % 12)
            classes[3] = Int16((tones.root + (tones.seventh ?? 0)) % 12)
        }
        // Lowest candidate of each voice and how many octaves fit.
        var first = SIMD4<Int16>()
        var choices = SIMD4<Int16>(repeating: 1)
        for v in 0..<voiceCount {
            let pc = Int(classes[v])
            let low = lowestPitch + ((pc - lowestPitch) % 12 + 12) % 12
            guard low <= highestPitch else { return nil }
            first[v] = Int16(low)
            choices[v] = Int16((highestPitch - low) / 12 + 1)
        }
        let centre = Double(lowestPitch + highestPitch) / 2
        var best = Voicing()
        var bestCost = Double.infinity
        var odometer = SIMD4<Int16>()
        while true {
            var candidate = Voicing()
            for v in 0..<voiceCount { candidate.append(Int(first[v]) + 12 * Int(odometer[v])) }
            if isPlayable(candidate) {
                var cost = (candidate.center - centre).magnitude
                if let previous {
                    cost += 2 * Double(VoiceLeading.movement(from: previous, to: candidate))
                } else if candidate.lowest % 12 != tones.root {
                    cost += 0.5
                }
                if cost < bestCost {
                    bestCost = cost
                    best = candidate
                }
            }
            // Advance the odometer.
            var v = 0
            while v < voiceCount {
                odometer[v] += 1
                if odometer[v] < choices[v] { break }
                odometer[v] = 0
                v += 1
            }
            if v == voiceCount { break }
        }
        return bestCost.isFinite ? best : nil
    }

    /// Total semitones the voices move from `a` to `b`, pairing them lowest to lowest (the
    /// optimal pairing when both have the same number of voices); with different sizes, each
    /// voice of `b` is paired with its nearest voice of `a`.
    public static func movement(from a: Voicing, to b: Voicing) -> Int {
        var total = 0
        if a.count == b.count {
            for i in 0..<a.count { total += abs(a[i] - b[i]) }
        } else {
            for i in 0..<b.count {
                var nearest = Int.max
                for j in 0..<a.count { nearest = min(nearest, abs(a[j] - b[i])) }
                total += nearest == Int.max ? 0 : nearest
            }
        }
        return total
    }

    private func isPlayable(_ v: Voicing) -> Bool {
        guard v.count == voiceCount, v.highest - v.lowest <= maximumSpread else { return false }
        for i in 1..<v.count where v[i] == v[i - 1] { return false }
        return true
    }
}
