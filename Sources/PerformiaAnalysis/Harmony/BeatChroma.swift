import PerformiaCore

/// Chroma averaged over each beat: the observations of the offline chord model.
public struct BeatChroma: Sendable {
    public var start: SampleTime
    public var end: SampleTime
    public var bass: SIMD16<Float>
    public var treble: SIMD16<Float>
    /// Mean `ChromaFrame.level` over the beat.
    public var level: Float

    /// One entry per beat: the mean of the frames whose centre lies in [beat, next beat); the last
    /// beat lasts the median beat interval. Frames must be in time order.
    public static func aggregate(_ frames: [ChromaFrame], beats: [Beat]) -> [BeatChroma] {
        guard !beats.isEmpty else { return [] }
        var intervals: [SampleTime] = []
        for i in 1..<max(beats.count, 1) where i < beats.count { intervals.append(beats[i].time - beats[i - 1].time) }
        intervals.sort()
        let typical = intervals.isEmpty ? SampleTime(22050) : intervals[intervals.count / 2]
        var result: [BeatChroma] = []
        result.reserveCapacity(beats.count)
        var first = 0
        for i in 0..<beats.count {
            let start = beats[i].time
            let end = i + 1 < beats.count ? beats[i + 1].time : start + typical
            while first < frames.count && frames[first].time < start { first += 1 }
            result.append(mean(frames, from: first, start: start, end: end))
        }
        return result
    }

    /// The mean of the frames from index `first` whose time is before `end`; the frame at
    /// `first` alone when none is (a beat shorter than a hop).
    private static func mean(_ frames: [ChromaFrame], from first: Int, start: SampleTime, end: SampleTime) -> BeatChroma {
        var bass = SIMD16<Float>()
        var treble = SIMD16<Float>()
        var level: Float = 0
        var count = 0
        var g = first
        while g < frames.count && frames[g].time < end {
            bass += frames[g].bass
            treble += frames[g].treble
            level += frames[g].level
            count += 1
            g += 1
        }
        if count == 0, first < frames.count {
            bass = frames[first].bass; treble = frames[first].treble; level = frames[first].level; count = 1
        }
        let scale: Float = count > 0 ? 1 / Float(count) : 0
        return BeatChroma(start: start, end: end, bass: bass * scale, treble: treble * scale, level: level * scale)
    }
}
