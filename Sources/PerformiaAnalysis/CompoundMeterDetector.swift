/// Tells 6/8 from 3/4 once bars are known. A tracker that locks to the quarter-note pulse of a
/// 6/8 song finds 3 beats per bar with the right downbeats; what gives it away is the accent in
/// the middle of the bar (the second dotted quarter), which falls between the tracked beats 2
/// and 3. In a true 3/4 bar beats 2 and 3 carry the accents and the middle is weak
/// (the hemiola contrast; Lerdahl & Jackendoff, "A Generative Theory of Tonal Music", 1983).
/// When the middle of the bar is clearly stronger, the beats are re-tapped on the two dotted
/// quarters of every bar.
public struct CompoundMeterDetector: Sendable {
    /// How much stronger the bar middle must be than the mean of beats 2 and 3.
    public var middleRatio = 1.25
    /// Search radius around a predicted beat for the activation peak, in frames.
    public var searchFrames = 3

    public init() {}

    /// Returns re-tapped beat frames and their positions (1, 2) when the bars of 3 beats are
    /// compound, or nil when they are a simple triple meter.
    /// - Parameter novelty: the unclipped onset novelty (`BeatActivation.novelty`); the clipped
    ///   activation saturates on strong onsets and would hide the accent contrast.
    public func retap(beats: [Int], beatInBar: [Int], novelty activation: [Float]) -> (beats: [Int], beatInBar: [Int])? {
        let downbeats = beats.indices.filter { beatInBar[$0] == 1 }
        guard downbeats.count >= 4 else { return nil }
        var middle = 0.0, others = 0.0
        var bars = 0
        for (k, d) in downbeats.enumerated() where k + 1 < downbeats.count {
            let next = downbeats[k + 1]
            guard next - d == 3 else { continue }
            let mid = (beats[d] + beats[next]) / 2
            middle += peak(activation, around: mid)
            others += (peak(activation, around: beats[d + 1]) + peak(activation, around: beats[d + 2])) / 2
            bars += 1
        }
        guard bars >= 3, middle > others * middleRatio else { return nil }
        var newBeats: [Int] = []
        var positions: [Int] = []
        for (k, d) in downbeats.enumerated() {
            let start = beats[d]
            let length = k + 1 < downbeats.count ? beats[downbeats[k + 1]] - start
                                                 : (k > 0 ? start - beats[downbeats[k - 1]] : 0)
            newBeats.append(start); positions.append(1)
            let mid = start + length / 2
            if length > 0 && mid < activation.count {
                newBeats.append(peakFrame(activation, around: mid)); positions.append(2)
            }
        }
        // Beats before the first downbeat: the second half of the pickup bar, if it fits.
        if let first = downbeats.first, first > 0, newBeats.count > 2 {
            let pickup = newBeats[0] - (newBeats[2] - newBeats[0]) / 2
            if pickup >= 0 {
                newBeats.insert(peakFrame(activation, around: pickup), at: 0)
                positions.insert(2, at: 0)
            }
        }
        return (newBeats, positions)
    }

    private func peak(_ a: [Float], around frame: Int) -> Double {
        Double(a[peakFrame(a, around: frame)])
    }

    private func peakFrame(_ a: [Float], around frame: Int) -> Int {
        let lo = max(0, frame - searchFrames), hi = min(a.count - 1, frame + searchFrames)
        guard lo <= hi else { return min(max(frame, 0), a.count - 1) }
        var best = lo
        for f in lo...hi where a[f] > a[best] { best = f }
        return best
    }
}
