import PerformiaAnalysis
import PerformiaTestSupport
import Testing

@Suite struct BarPointerViterbiTests {
    /// A pulse every `period` frames, 1 on the beat, 0.05 elsewhere.
    func pulses(period: Int, count: Int) -> [Float] {
        (0..<count).map { $0 % period == 0 ? 1 : 0.05 }
    }

    @Test func forwardStepFollowsAPulseTrain() {
        let model = BarPointerViterbi(minimumInterval: 30, maximumInterval: 80)
        for a in pulses(period: 50, count: 1001) { model.step(activation: a, backPointers: nil) }
        let best = model.bestState()
        #expect(model.intervals[best.tempo] == 50)
        #expect(best.position == 0)  // frame 1000 is a beat
    }

    @Test func aConfinedDecodingKeepsToItsWindowOfTempi() {
        // Pulses every 40 frames: the best path is at 40. Its neighbours inherit its score, so
        // the best state merely sought within 50...80 is at the window's edge, next to it.
        let model = BarPointerViterbi(minimumInterval: 30, maximumInterval: 90)
        let input = pulses(period: 40, count: 2401)
        for a in input[..<1200] { model.step(activation: a, backPointers: nil) }
        #expect(model.intervals[model.bestState().tempo] == 40)
        #expect(model.intervals[model.bestState(periods: 50...80).tempo] < 60)
        // Confined there (the live tracker keeping a 6/8 song at its quarter pulse), the paths
        // inside compete on their own: the pulse's double, 80, with a pulse in its beat region.
        for a in input[1200...] {
            model.step(activation: a, backPointers: nil)
            model.confine(to: 50...80)
        }
        let confined = model.bestState()
        #expect(model.intervals[confined.tempo] == 80 && confined.position % 40 < 80 / 16, "\(confined)")
        // A window outside the model's range gives its nearest tempo.
        #expect(model.intervals[model.bestState(periods: 100...120).tempo] == 90)
    }

    @Test func stepAndConfineDoNotAllocate() {
        let model = BarPointerViterbi(minimumInterval: 25, maximumInterval: 150)
        var pointers = [UInt8](repeating: 0, count: model.tempoCount)
        let input = pulses(period: 60, count: 3000)
        model.step(activation: 0.5, backPointers: nil)  // warm-up: runtime metadata, uncounted
        let allocations = pointers.withUnsafeMutableBufferPointer { bp in
            input.withUnsafeBufferPointer { samples in
                countAllocations {
                    for t in 0..<samples.count {
                        model.step(activation: samples[t], backPointers: bp.baseAddress!)
                        if t >= samples.count / 2 { model.confine(to: 50...70) }
                    }
                    _ = model.bestState(periods: 50...70)
                }
            }
        }
        #expect(allocations == 0)
    }

    @Test func offlineTrackerFindsEveryPulse() {
        let beats = BeatTracker().track(activation: pulses(period: 48, count: 2000), framesPerSecond: 100,
                                        minimumBPM: 60, maximumBPM: 200)
        // Every pulse after the first; at frame 0 the path may begin mid-beat-region.
        #expect(beats.filter { $0 > 0 } == Array(stride(from: 48, to: 2000, by: 48)))
    }
}
