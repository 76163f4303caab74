import PerformiaCore

/// pYIN stage 2 (Mauch & Dixon, ICASSP 2014): the most likely pitch track through the frames'
/// candidates, by Viterbi decoding of a hidden Markov model over pitch bins × {voiced, unvoiced}.
///
/// - States: pitch bins of 1/5 semitone from `lowestMIDIPitch` to `highestMIDIPitch` (covering
///   `PitchTracker.minimumHz…maximumHz`), each voiced or unvoiced (the unvoiced copy keeps the
///   last pitch, so a voice resumes near where it stopped).
/// - Transitions (per ≈ 5.8 ms frame, as in the paper's implementation): pitch moves by at most
///   ±1 semitone (±5 bins) with triangular weights; voicing is kept with probability 0.99.
/// - Observations: a voiced bin has the probability of the candidate that falls in it times the
///   "YIN trust" 0.5; every unvoiced bin has (1 − 0.5 × the frame's voiced probability) / bins.
/// - Output: per frame, the candidate's own (unquantised) MIDI pitch where the path is voiced,
///   0 where it is unvoiced, and the probability of that candidate.
///
/// Offline (a whole-song Viterbi, log domain); the voiced layer is sparse (only candidate bins
/// have a non-zero observation), so a frame costs about bins × 11 operations.
///
/// Memory: back-pointers of one byte per bin and frame, ≈ 47 kB per second of audio.
public struct PitchHMM: Sendable {
    /// Lowest and highest bin centres, as MIDI pitches (MIDI 39 ≈ 77.8 Hz, 84 ≈ 1047 Hz).
    public static let lowestMIDIPitch = 39
    public static let highestMIDIPitch = 84
    /// Pitch bins per semitone (20-cent bins, as in the pYIN implementation).
    public static let binsPerSemitone = 5
    /// Largest pitch move per frame, in bins (pYIN: transition width 11 → ±5 bins).
    public static let maximumStepBins = 5
    /// Probability of staying voiced (or unvoiced) from one frame to the next.
    public static let voicingSelfTransition: Float = 0.99
    /// How much of a candidate's probability the voiced states receive.
    public static let yinTrust: Float = 0.5

    /// One frame of the decoded track.
    public struct Step: Sendable, Equatable {
        /// Fractional MIDI pitch; 0 where unvoiced.
        public var pitch: Float
        /// Probability of the chosen candidate (0 where unvoiced).
        public var probability: Float
        public var isVoiced: Bool { pitch > 0 }
    }

    public init() {}

    static var binCount: Int { (highestMIDIPitch - lowestMIDIPitch) * binsPerSemitone + 1 }

    /// The bin of a MIDI pitch, or nil outside the model's range.
    @inline(__always)
    static func bin(of pitch: Float) -> Int? {
        let b = Int(((pitch - Float(lowestMIDIPitch)) * Float(binsPerSemitone)).rounded())
        return b >= 0 && b < binCount ? b : nil
    }

    /// Decodes the pitch track of `frames` (consecutive frames of one `PitchTracker` stream).
    public func track(_ frames: [PitchFrame]) -> [Step] {
        let count = frames.count
        guard count > 0 else { return [] }
        let bins = Self.binCount
        let width = Self.maximumStepBins
        let negativeInfinity = -Float.infinity

        // log of the triangular weights 6 − |d|, normalised per source bin over the targets in range.
        var logWeight = [Float](repeating: 0, count: 2 * width + 1)
        for d in -width...width { logWeight[d + width] = Math.log(Float(width + 1 - abs(d))) }
        var logNormaliser = [Float](repeating: 0, count: bins)
        for j in 0..<bins {
            var sum: Float = 0
            for d in -width...width where j + d >= 0 && j + d < bins { sum += Float(width + 1 - abs(d)) }
            logNormaliser[j] = -Math.log(sum)
        }
        let logStay = Math.log(Self.voicingSelfTransition)
        let logSwitch = Math.log(1 - Self.voicingSelfTransition)

        // Per frame: the unvoiced layer's back-pointer (offset + width, +32 when from voiced) for
        // every bin; the voiced layer's, sparse, for at most `capacity` candidate bins.
        let capacity = PitchFrame.capacity
        var unvoicedBack = [UInt8](repeating: 0, count: count * bins)
        var voicedBin = [Int16](repeating: -1, count: count * capacity)
        var voicedFrom = [Int16](repeating: 0, count: count * capacity)
        var voicedFromVoiced = [Bool](repeating: false, count: count * capacity)
        var voicedCandidate = [Int8](repeating: 0, count: count * capacity)

        var unvoiced = [Float](repeating: 0, count: bins)
        var nextUnvoiced = [Float](repeating: 0, count: bins)
        var source = [Float](repeating: 0, count: bins)
        var voiced = [Float](repeating: negativeInfinity, count: bins)   // dense view of the sparse layer
        var voicedList = [Int](), nextVoicedList = [Int]()
        var nextVoicedValue = [Float](repeating: 0, count: capacity)
        voicedList.reserveCapacity(capacity); nextVoicedList.reserveCapacity(capacity)

        // Candidate bins and their log observation for one frame (several candidates in one bin add up).
        func observe(_ frame: PitchFrame, bins binsOut: inout [Int], logs: inout [Float], candidates: inout [Int8]) -> Float {
            binsOut.removeAll(keepingCapacity: true); logs.removeAll(keepingCapacity: true)
            candidates.removeAll(keepingCapacity: true)
            var voicedMass: Float = 0
            for c in 0..<frame.candidateCount {
                let p = frame.probabilities[c]
                guard p > 0, let b = Self.bin(of: frame.pitches[c]) else { continue }
                voicedMass += p
                if let existing = binsOut.firstIndex(of: b) {
                    logs[existing] += p   // linear for now
                } else {
                    binsOut.append(b); logs.append(p); candidates.append(Int8(c))
                }
            }
            for i in 0..<logs.count { logs[i] = Math.log(logs[i] * Self.yinTrust) }
            return Math.log(max(1e-30, (1 - Self.yinTrust * voicedMass) / Float(bins)))
        }
        var obsBins = [Int](), obsLogs = [Float](), obsCandidates = [Int8]()
        obsBins.reserveCapacity(capacity); obsLogs.reserveCapacity(capacity); obsCandidates.reserveCapacity(capacity)

        // Frame 0: uniform prior.
        var logUnvoicedObservation = observe(frames[0], bins: &obsBins, logs: &obsLogs, candidates: &obsCandidates)
        for i in 0..<bins { unvoiced[i] = logUnvoicedObservation }
        for (k, b) in obsBins.enumerated() {
            voiced[b] = obsLogs[k]
            voicedList.append(b)
            voicedBin[k] = Int16(b)
            voicedCandidate[k] = obsCandidates[k]
        }

        for t in 1..<count {
            logUnvoicedObservation = observe(frames[t], bins: &obsBins, logs: &obsLogs, candidates: &obsCandidates)
            // Normalise so the best state is 0 (keeps Float precision over long songs).
            var best = negativeInfinity
            for i in 0..<bins { best = max(best, unvoiced[i]) }
            for b in voicedList { best = max(best, voiced[b]) }
            // Unvoiced targets from unvoiced sources: a dense max-plus convolution.
            for j in 0..<bins { source[j] = unvoiced[j] - best + logNormaliser[j] + logStay }
            let back = t * bins
            source.withUnsafeBufferPointer { src in
                nextUnvoiced.withUnsafeMutableBufferPointer { out in
                    unvoicedBack.withUnsafeMutableBufferPointer { backs in
                        let arg = backs.baseAddress! + back
                        for i in 0..<bins { out[i] = src[i] + logWeight[width]; arg[i] = UInt8(width) }
                        for d in 1...width {
                            // Sources j = i − d and j = i + d, one vectorisable pass each.
                            let w = logWeight[width + d]
                            let below = UInt8(width - d), above = UInt8(width + d)
                            for i in d..<bins {
                                let v = src[i - d] + w
                                if v > out[i] { out[i] = v; arg[i] = below }
                            }
                            for i in 0..<(bins - d) {
                                let v = src[i + d] + w
                                if v > out[i] { out[i] = v; arg[i] = above }
                            }
                        }
                    }
                }
            }
            // Unvoiced targets from the sparse voiced sources.
            for j in voicedList {
                let base = voiced[j] - best + logNormaliser[j] + logSwitch
                for i in max(0, j - width)...min(bins - 1, j + width) {
                    let v = base + logWeight[i - j + width]
                    if v > nextUnvoiced[i] { nextUnvoiced[i] = v; unvoicedBack[back + i] = UInt8(j - i + width) | 32 }
                }
            }
            // Voiced targets: only the candidate bins.
            nextVoicedList.removeAll(keepingCapacity: true)
            for (k, i) in obsBins.enumerated() {
                var value = negativeInfinity
                var from = i
                var fromVoiced = false
                for j in max(0, i - width)...min(bins - 1, i + width) {
                    let w = logWeight[i - j + width] + logNormaliser[j] - best
                    let u = unvoiced[j] + logSwitch + w
                    if u > value { value = u; from = j; fromVoiced = false }
                    let v = voiced[j] + logStay + w
                    if v > value { value = v; from = j; fromVoiced = true }
                }
                nextVoicedValue[k] = value + obsLogs[k]
                nextVoicedList.append(i)
                let slot = t * capacity + k
                voicedBin[slot] = Int16(i)
                voicedFrom[slot] = Int16(from)
                voicedFromVoiced[slot] = fromVoiced
                voicedCandidate[slot] = obsCandidates[k]
            }
            for b in voicedList { voiced[b] = negativeInfinity }
            for (k, b) in nextVoicedList.enumerated() { voiced[b] = nextVoicedValue[k] }
            swap(&voicedList, &nextVoicedList)
            for i in 0..<bins { unvoiced[i] = nextUnvoiced[i] + logUnvoicedObservation }
        }

        // Backtrack from the best final state.
        var state = 0
        var isVoicedState = false
        var bestFinal = negativeInfinity
        for i in 0..<bins where unvoiced[i] > bestFinal { bestFinal = unvoiced[i]; state = i }
        for b in voicedList where voiced[b] > bestFinal { bestFinal = voiced[b]; state = b; isVoicedState = true }
        var steps = [Step](repeating: Step(pitch: 0, probability: 0), count: count)
        var t = count - 1
        while t >= 0 {
            if isVoicedState {
                var slot = -1
                for k in 0..<capacity where voicedBin[t * capacity + k] == Int16(state) { slot = t * capacity + k; break }
                precondition(slot >= 0, "PitchHMM: voiced state without a candidate")
                let c = Int(voicedCandidate[slot])
                steps[t] = Step(pitch: frames[t].pitches[c], probability: frames[t].probabilities[c])
                if t > 0 {
                    state = Int(voicedFrom[slot])
                    isVoicedState = voicedFromVoiced[slot]
                }
            } else if t > 0 {
                let code = unvoicedBack[t * bins + state]
                isVoicedState = code & 32 != 0
                state += Int(code & 31) - width
            }
            t -= 1
        }
        return steps
    }
}
