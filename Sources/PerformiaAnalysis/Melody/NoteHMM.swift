import PerformiaCore

/// The note-tracking HMM of Tony (M. Mauch, C. Cannam, R. Bittner, G. Fazekas, J. Salamon, J. Dai,
/// J. Bello & S. Dixon, "Computer-aided melody note transcription using the Tony software:
/// accuracy and efficiency", TENOR 2015), decoded by Viterbi over a smoothed pitch track.
///
/// - States: for each pitch of a 1/3-semitone grid over `PitchHMM`'s range, an attack, a stable
///   and a silent state. A note is a run of attack then stable states; notes are separated by
///   at least one silent frame, so two notes of the same pitch can follow each other.
/// - Transitions (per ≈ 5.8 ms frame; the published model's values): attack stays 0.9 (else
///   stable); stable stays 0.99 (else silent); silent stays 0.9999, else starts a note whose
///   interval from the last one has a Gaussian prior (σ = 0.7 semitone), at the same pitch or
///   between 0.5 and 13 semitones away.
/// - Observations: a voiced frame of pitch p (given probability 0.9, as Tony does) is pitched with
///   probability 0.5 × 0.9 + 0.5 × 0.7 (prior) = 0.8, shared among attack and stable states by
///   Gaussians around their pitch (σ 5 and 0.8 semitones); the rest goes to the silent states.
///   An unvoiced frame is pitched with the prior alone (0.35), spread evenly.
///
/// Offline, log domain, normalised every frame.
struct NoteHMM {
    static let pitchesPerSemitone = 3
    static let attackSelfTransition: Float = 0.9
    static let stableSelfTransition: Float = 0.99
    static let silentSelfTransition: Float = 0.9999
    static let intervalSigma: Float = 0.7
    static let maximumJumpSemitones: Float = 13
    static let minimumIntervalSemitones: Float = 0.5
    static let pitchedPrior: Float = 0.7
    static let priorWeight: Float = 0.5
    static let inputTrust: Float = 0.9
    static let attackSigma: Float = 5
    static let stableSigma: Float = 0.8

    enum Kind: UInt8 { case attack = 0, stable = 1, silent = 2 }

    static var lowestPitch: Float { Float(PitchHMM.lowestMIDIPitch) }
    static var pitchCount: Int { (PitchHMM.highestMIDIPitch - PitchHMM.lowestMIDIPitch) * pitchesPerSemitone + 1 }

    /// The state kind of every frame of `pitches` (fractional MIDI, 0 = unvoiced).
    func decode(_ pitches: [Float]) -> [Kind] {
        let count = pitches.count
        guard count > 0 else { return [] }
        let n = Self.pitchCount
        let pps = Float(Self.pitchesPerSemitone)
        let negativeInfinity = -Float.infinity
        let maximumOffset = Int((Self.maximumJumpSemitones * pps).rounded(.up)) - 1   // 38: < 13 semitones
        let minimumOffset = Int((Self.minimumIntervalSemitones * pps).rounded(.down)) + 1  // 2: > 0.5 semitone

        // Silent(j) → attack(i): log of (1 − silentSelf) × N(|i − j|/pps; 0, σ) / Z_j, folded into
        // a per-offset term and a per-source normaliser.
        var offsets = [Int](), logInterval = [Float]()
        for d in -maximumOffset...maximumOffset where d == 0 || abs(d) >= minimumOffset {
            let semitones = Float(d) / pps
            offsets.append(d)
            logInterval.append(-semitones * semitones / (2 * Self.intervalSigma * Self.intervalSigma))
        }
        var logSourceNormaliser = [Float](repeating: 0, count: n)
        for j in 0..<n {
            var sum: Float = 0
            for (k, d) in offsets.enumerated() where j + d >= 0 && j + d < n { sum += Math.exp(logInterval[k]) }
            logSourceNormaliser[j] = Math.log(1 - Self.silentSelfTransition) - Math.log(sum)
        }
        let logAttackStay = Math.log(Self.attackSelfTransition)
        let logAttackToStable = Math.log(1 - Self.attackSelfTransition)
        let logStableStay = Math.log(Self.stableSelfTransition)
        let logStableToSilent = Math.log(1 - Self.stableSelfTransition)
        let logSilentStay = Math.log(Self.silentSelfTransition)

        var attack = [Float](repeating: negativeInfinity, count: n)
        var stable = [Float](repeating: negativeInfinity, count: n)
        var silent = [Float](repeating: -Math.log(Float(n)), count: n)
        var entry = [Float](repeating: 0, count: n)
        var entryOffset = [Int8](repeating: 0, count: n)
        let chunkCount = (n + 7) / 8
        var paddedSource = [Float](repeating: negativeInfinity, count: chunkCount * 8 + 2 * maximumOffset)
        var entryLanes = [SIMD8<Float>](repeating: SIMD8(), count: chunkCount)
        var offsetLanes = [SIMD8<Int32>](repeating: SIMD8(), count: chunkCount)
        var obsAttack = [Float](repeating: 0, count: n)
        var obsStable = [Float](repeating: 0, count: n)
        // Back-pointers: attack → Int8 offset to the silent source, or `fromSelf`; stable and
        // silent → one bit each (bit 0: stable came from attack, bit 1: silent came from stable).
        let fromSelf = Int8.max
        var attackBack = [Int8](repeating: fromSelf, count: count * n)
        var otherBack = [UInt8](repeating: 0, count: count * n)

        // Σ_i exp(−(p − μ_i)²/(2σ²)) over the grid, by the Gaussian's ratio recurrence from the
        // bin nearest p outwards (two exponentials instead of one per bin).
        func gaussianSum(_ pitch: Float, sigma: Float) -> Float {
            let position = (pitch - Self.lowestPitch) * pps
            let centre = min(n - 1, max(0, Int(position.rounded())))
            let h = 1 / pps, x0 = Self.lowestPitch + Float(centre) / pps - pitch
            let s2 = 2 * sigma * sigma
            let g0 = Math.exp(-x0 * x0 / s2)
            let decay = Math.exp(-2 * h * h / s2)
            var sum = g0
            var g = g0, ratio = Math.exp(-(2 * x0 * h + h * h) / s2)
            var i = centre + 1
            while i < n && g > 1e-30 { g *= ratio; ratio *= decay; sum += g; i += 1 }
            g = g0; ratio = Math.exp(-(-2 * x0 * h + h * h) / s2)
            i = centre - 1
            while i >= 0 && g > 1e-30 { g *= ratio; ratio *= decay; sum += g; i -= 1 }
            return sum
        }
        let logAttackSigma = Math.log(Self.attackSigma), logStableSigma = Math.log(Self.stableSigma)
        let halfInverseAttackVariance = 0.5 / (Self.attackSigma * Self.attackSigma)
        let halfInverseStableVariance = 0.5 / (Self.stableSigma * Self.stableSigma)
        func observe(_ pitch: Float) -> Float {
            let pitched = (pitch > 0 ? Self.inputTrust : 0) * (1 - Self.priorWeight) + Self.pitchedPrior * Self.priorWeight
            if pitch > 0 {
                // Densities N(p; μ_i, σ) normalised over all attack and stable states to `pitched`.
                let sum = gaussianSum(pitch, sigma: Self.attackSigma) / Self.attackSigma
                    + gaussianSum(pitch, sigma: Self.stableSigma) / Self.stableSigma
                let shift = Math.log(pitched) - Math.log(sum)
                let attackShift = shift - logAttackSigma, stableShift = shift - logStableSigma
                for i in 0..<n {
                    let x = pitch - (Self.lowestPitch + Float(i) / pps)
                    obsAttack[i] = attackShift - halfInverseAttackVariance * x * x
                    obsStable[i] = stableShift - halfInverseStableVariance * x * x
                }
            } else {
                let each = Math.log(pitched / Float(2 * n))
                for i in 0..<n { obsAttack[i] = each; obsStable[i] = each }
            }
            return Math.log((1 - pitched) / Float(n))
        }

        var obsSilent = observe(pitches[0])
        for i in 0..<n { silent[i] += obsSilent }

        for t in 1..<count {
            obsSilent = observe(pitches[t])
            var best = negativeInfinity
            for i in 0..<n { best = max(best, attack[i], stable[i], silent[i]) }
            // Sources padded by `maximumOffset` of −∞ on each side, so every offset reads in range.
            for j in 0..<n { paddedSource[maximumOffset + j] = silent[j] - best + logSourceNormaliser[j] }
            // Best silent → attack entry for every pitch: per offset, one pass over the targets in
            // lanes of 8 (max and arg-max by masked selects).
            paddedSource.withUnsafeBufferPointer { src in
                entryLanes.withUnsafeMutableBufferPointer { out in
                    offsetLanes.withUnsafeMutableBufferPointer { arg in
                        let base = UnsafeRawPointer(src.baseAddress! + maximumOffset)
                        for c in 0..<chunkCount {
                            out[c] = UnsafeRawPointer(base + 32 * c).loadUnaligned(as: SIMD8<Float>.self)
                            arg[c] = SIMD8(repeating: 0)
                        }
                        for (k, d) in offsets.enumerated() where d != 0 {
                            let w = SIMD8<Float>(repeating: logInterval[k])
                            let code = SIMD8<Int32>(repeating: Int32(d))
                            let shifted = base - 4 * d   // target i reads source i − d
                            for c in 0..<chunkCount {
                                let v = shifted.loadUnaligned(fromByteOffset: 32 * c, as: SIMD8<Float>.self) + w
                                let better = v .> out[c]
                                out[c].replace(with: v, where: better)
                                arg[c].replace(with: code, where: better)
                            }
                        }
                    }
                }
            }
            for c in 0..<chunkCount {
                for lane in 0..<8 where c * 8 + lane < n {
                    entry[c * 8 + lane] = entryLanes[c][lane]
                    entryOffset[c * 8 + lane] = Int8(offsetLanes[c][lane])
                }
            }
            let row = t * n
            for i in 0..<n {
                let a = attack[i] - best, s = stable[i] - best, q = silent[i] - best
                // attack
                let stay = a + logAttackStay
                if stay >= entry[i] {
                    attack[i] = stay + obsAttack[i]
                } else {
                    attack[i] = entry[i] + obsAttack[i]
                    attackBack[row + i] = entryOffset[i]
                }
                // stable
                var bits: UInt8 = 0
                let fromAttack = a + logAttackToStable, stableStay = s + logStableStay
                if fromAttack > stableStay { stable[i] = fromAttack + obsStable[i]; bits |= 1 } else { stable[i] = stableStay + obsStable[i] }
                // silent
                let fromStable = s + logStableToSilent, silentStay = q + logSilentStay
                if fromStable > silentStay { silent[i] = fromStable + obsSilent; bits |= 2 } else { silent[i] = silentStay + obsSilent }
                otherBack[row + i] = bits
            }
        }

        // Backtrack.
        var kind = Kind.silent
        var pitch = 0
        var bestFinal = negativeInfinity
        for i in 0..<n {
            if attack[i] > bestFinal { bestFinal = attack[i]; kind = .attack; pitch = i }
            if stable[i] > bestFinal { bestFinal = stable[i]; kind = .stable; pitch = i }
            if silent[i] > bestFinal { bestFinal = silent[i]; kind = .silent; pitch = i }
        }
        var path = [Kind](repeating: .silent, count: count)
        var t = count - 1
        while t >= 0 {
            path[t] = kind
            if t == 0 { break }
            let index = t * n + pitch
            switch kind {
            case .attack:
                let code = attackBack[index]
                if code != fromSelf { kind = .silent; pitch -= Int(code) }
            case .stable:
                if otherBack[index] & 1 != 0 { kind = .attack }
            case .silent:
                if otherBack[index] & 2 != 0 { kind = .stable }
            }
            t -= 1
        }
        return path
    }
}
