import PerformiaAnalysis
import PerformiaMusic

/// The bass part's choice of pitches: where to put each chord's root, the degrees a pattern
/// asks for, approach notes, and walking lines.
///
/// - Roots are placed in the lowest 20 semitones of the register, in the octave nearest the
///   previous root, so successive roots move by at most a sixth (Levine, *The Jazz Theory Book*,
///   1995; any bass method's "play the closest root").
/// - Walking (`BassDegree.walk`), after the practice taught in Ray Brown's *Bass Method* (1963)
///   and Levine's *Jazz Theory Book*: the root on the chord's first beat; on the beat before the next chord a
///   half step (chromatic) or a scale step (diatonic) from its root, from the side the line is
///   coming from; in between, chord tones (then scale tones) nearest the straight path from the
///   last note to the next root, never repeating a note.
///
/// Real-time safe: no allocation. Randomness (the choice between equally good notes) comes from
/// the caller's seeded `Humanizer`, so lines are deterministic per seed.
public struct BassLine: Sendable {
    public let lowestPitch: Int
    public let highestPitch: Int
    /// The current chord's root as placed.
    public private(set) var rootPitch: Int
    /// The last note played.
    public private(set) var lastPitch: Int
    private var pitchBeforeLast: Int
    private var rootChord: ChordLabel?

    public init(lowestPitch: Int = 28, highestPitch: Int = 55) {
        precondition(highestPitch - lowestPitch >= 19)
        self.lowestPitch = lowestPitch
        self.highestPitch = highestPitch
        rootPitch = lowestPitch + 8
        lastPitch = rootPitch
        pitchBeforeLast = rootPitch
    }

    public mutating func reset() {
        rootPitch = lowestPitch + 8
        lastPitch = rootPitch
        pitchBeforeLast = rootPitch
        rootChord = nil
    }

    /// Pitch class `pc` in the root window (lowest 20 semitones), nearest `near` (lower on ties).
    public func place(rootClass pc: Int, near: Int) -> Int {
        let low = lowestPitch + ((pc - lowestPitch) % 12 + 12) % 12
        let high = low + 12
        return high <= lowestPitch + 19 && abs(high - near) < abs(low - near) ? high : low
    }

    /// The pitch for `degree` over `chord` (not N), with `next` the chord expected after
    /// `beatsUntilNextChord` beats. `chordStarted`: this beat begins the chord (or its bar), so a
    /// walking line lands on the root. `onBeatBeforeChange`: the note is in the last beat before
    /// `next` (approaches and anticipations aim at it). Records the note as played.
    public mutating func pitch(_ degree: BassDegree, chord: ChordLabel, next: ChordLabel, chordStarted: Bool,
                               onBeatBeforeChange: Bool, beatsUntilNextChord: Int, random: inout Humanizer) -> Int? {
        guard let tones = ChordTones(chord) else { return nil }
        let root = self.root(of: chord, tones: tones)
        // Where the line is heading: the next chord's root (the current root when none differs).
        var goal = root
        if next != chord, let nextTones = ChordTones(next) { goal = place(rootClass: nextTones.root, near: root) }
        // What approaches and anticipations aim at: the goal only in the last beat before it.
        let target = onBeatBeforeChange ? goal : root
        var p: Int
        switch degree {
        case .root: p = root
        case .third: p = root + tones.third
        case .fifth: p = root + tones.fifth
        case .sixth: p = root + 9
        case .seventh: p = root + (tones.seventh ?? 12)
        case .octave: p = root + 12
        case .nextRoot: p = target
        case .ghost: p = lastPitch
        case .approach: p = approach(to: target, chromatic: true, scale: tones)
        case .walk:
            if chordStarted {
                p = root
            } else if beatsUntilNextChord <= 1 {
                p = approach(to: goal, chromatic: random.unit() < 0.5, scale: tones)
            } else {
                p = passingTone(towards: goal, stepsLeft: beatsUntilNextChord, tones: tones, random: &random)
            }
        }
        while p > highestPitch { p -= 12 }
        while p < lowestPitch { p += 12 }
        if degree != .ghost {
            pitchBeforeLast = lastPitch
            lastPitch = p
        }
        return p
    }

    /// The root of `chord`, placed near the previous root when the chord is new.
    private mutating func root(of chord: ChordLabel, tones: ChordTones) -> Int {
        if rootChord != chord {
            rootPitch = place(rootClass: tones.root, near: rootPitch)
            rootChord = chord
        }
        return rootPitch
    }

    /// A half step (chromatic) or the nearest scale tone of the current chord (diatonic) next to
    /// `target`, on the side the line comes from; never the last note.
    private func approach(to target: Int, chromatic: Bool, scale tones: ChordTones) -> Int {
        var fromBelow = lastPitch <= target
        if target - 2 < lowestPitch { fromBelow = false }
        if target + 2 > highestPitch { fromBelow = true }
        func candidate(_ below: Bool) -> Int {
            let sign = below ? -1 : 1
            if !chromatic {
                let whole = target + 2 * sign
                let half = target + sign
                // The scale tone a step away; a whole step when both or neither are in the scale.
                if tones.scaleContains(pitchClass: half) && !tones.scaleContains(pitchClass: whole) { return half }
                return whole
            }
            return target + sign
        }
        var p = candidate(fromBelow)
        if p == lastPitch { p = candidate(!fromBelow) }
        return p
    }

    /// The chord tone (else scale tone) nearest the straight path from the last note to `target`,
    /// `stepsLeft` beats away; never the last note, preferably neither the target nor the note
    /// before last.
    private func passingTone(towards target: Int, stepsLeft: Int, tones: ChordTones,
                             random: inout Humanizer) -> Int {
        let ideal = Double(lastPitch) + Double(target - lastPitch) / Double(max(stepsLeft, 1))
        var best = lastPitch
        var bestScore = Double.infinity
        var p = max(lowestPitch, lastPitch - 7)
        while p <= min(highestPitch, lastPitch + 7) {
            defer { p += 1 }
            if p == lastPitch { continue }
            let pc = p % 12
            var score = (Double(p) - ideal).magnitude
            if tones.contains(pitchClass: pc) {
                score += 0
            } else if tones.scaleContains(pitchClass: pc) {
                score += 0.8
            } else {
                continue
            }
            if p == target { score += 1.5 }
            if p == pitchBeforeLast { score += 1 }  // keep moving: no back-and-forth
            score += random.unit() * 0.6
            if score < bestScore {
                bestScore = score
                best = p
            }
        }
        return best
    }
}
