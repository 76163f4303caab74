import PerformiaCore

/// Offline beat tracking: `BarPointerViterbi`'s forward pass over a whole song, then
/// backtracking from the best final state (the look-ahead a causal tracker does not have), then
/// each beat moved to the strongest activation within its beat region (madmom's `correct`).
///
/// Memory is `O(frames × tempi)` bytes — about 40 MB for a 60-minute song.
public struct BeatTracker: Sendable {
    public var transitionLambda = 100.0
    public var observationLambda = 16.0

    public init() {}

    /// Returns beat positions in frames.
    /// - Parameters:
    ///   - activation: beat activation in [0, 1], `fps` frames per second.
    ///   - minimumBPM, maximumBPM: tempo range the path may use.
    public func track(activation: [Float], framesPerSecond fps: Double,
                      minimumBPM: Double, maximumBPM: Double) -> [Int] {
        let n = activation.count
        let minInterval = max(3, Int((60 * fps / maximumBPM).rounded(.down)))
        let maxInterval = max(minInterval, Int((60 * fps / minimumBPM).rounded(.up)))
        guard n > maxInterval else { return [] }
        let model = BarPointerViterbi(minimumInterval: minInterval, maximumInterval: maxInterval,
                                      transitionLambda: transitionLambda, observationLambda: observationLambda)
        let tempi = model.tempoCount
        var backPointers = [UInt8](repeating: 0, count: n * tempi)
        backPointers.withUnsafeMutableBufferPointer { all in
            for t in 0..<n {
                model.step(activation: activation[t], backPointers: all.baseAddress! + t * tempi)
            }
        }
        var (i, p) = model.bestState()
        var beats: [Int] = []
        var t = n - 1
        while t >= 0 {
            if p == 0 {
                beats.append(t)
                if t > 0 {
                    i = Int(backPointers[t * tempi + i])
                    p = model.intervals[i] - 1
                }
            } else {
                p -= 1
            }
            t -= 1
        }
        beats.reverse()
        let radius = max(1, Int(Double(model.intervals[i]) / observationLambda))
        return beats.map { b in
            var bestFrame = b
            for f in max(0, b - radius)...min(n - 1, b + radius) where activation[f] > activation[bestFrame] {
                bestFrame = f
            }
            return bestFrame
        }
    }
}
