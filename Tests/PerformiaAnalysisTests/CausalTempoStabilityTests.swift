import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

/// Issue 14, item 2, live: on a steady input the tempo the tracker reports, and the grid it
/// predicts (what the band plays on), hold still — the decoder's whole-frame periods made the
/// steady demo's tempo jump between 102, 103 and 107 BPM.
@Suite struct CausalTempoStabilityTests {
    func beats(_ audio: [Float]) -> [BeatEvent] {
        var found: [BeatEvent] = []
        _ = OfflineRunner(blockFrames: 256).run(CausalBeatTracker(), source: ArraySource(channels: [audio], sampleRate: 44100),
                                                onEvents: { events in for i in 0..<events.count { found.append(events[i]) } })
        return found
    }

    @Test(arguments: [104.0, 117.0, 138.0])
    func aSteadyInputsTempoHoldsStill(bpm: Double) {
        let (audio, reference) = Signals.band(bpm: bpm, beatsPerBar: 4, bars: 24)
        // From the fourth bar on: the filter has settled.
        let settled = beats(audio).filter { Double($0.time) / 44100 > reference.beatSeconds[12] }
        #expect(settled.count > 60)
        let tempi = settled.map(\.tempoBPM)
        #expect(tempi.allSatisfy { abs($0 - bpm) <= 0.5 }, "tempo \(tempi.min()!)…\(tempi.max()!) at \(bpm) BPM")
        // The predicted beats the band plays on are evenly spaced: typically to 0.5 %, at worst
        // 2.5 % (one frame is 1.7 % of a beat at 104 BPM).
        let period = 60 / bpm * 44100
        var deviations: [Double] = []
        for (a, b) in zip(settled, settled.dropFirst()) where b.index == a.index + 1 {
            deviations.append(abs(Double(b.nextBeatTime - a.nextBeatTime) - period) / period)
        }
        deviations.sort()
        #expect(deviations[deviations.count / 2] < 0.005 && deviations.last! < 0.025,
                "predicted gaps off by a median \(deviations[deviations.count / 2] * 100) %, at most \(deviations.last! * 100) %")
    }
}
