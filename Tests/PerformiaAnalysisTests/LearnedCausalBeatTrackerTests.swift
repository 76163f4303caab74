import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaNeural
import PerformiaTestSupport
import Testing

/// `CausalBeatTracker` in its learned form, on the committed toy causal model
/// (Tests/Fixtures/models/smoke-causal.pfnn, barely trained: it is for the plumbing, so the bars
/// are a band's clear beats, not the real model's accuracy).
@Suite struct LearnedCausalBeatTrackerTests {
    static func model() -> BeatTCN {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/models/smoke-causal.pfnn")
        // A missing fixture fails the suite's tests here, with the path.
        let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
        return try! BeatTCN(weights: NeuralWeights(bytes: bytes, fileName: url.path))
    }

    let verifier = ProcessorVerifier(sampleRate: 44100, maximumBlockFrames: 512) {
        CausalBeatTracker(beatsPerBar: 4, detectsMeter: true, beatModel: LearnedCausalBeatTrackerTests.model())
    }
    let input = [Signals.band(bpm: 120, beatsPerBar: 4, bars: 2).audio]

    @Test func followsABand() {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 8)
        let tracker = CausalBeatTracker(beatsPerBar: 4, beatModel: Self.model())
        tracker.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 128, channelCount: 1))
        let found = verifier.run(tracker, input: [audio]) { _ in 128 }.map { Double($0.event.time) / 44100 }
        let settle = reference.beatSeconds[8]
        let f = BeatScoring.fMeasure(estimated: found.filter { $0 > settle }, reference: reference.beatSeconds.filter { $0 > settle })
        #expect(f > 0.9, "F \(f)")
        // The latency is the signal form's: the band spectrum's window is the onset detector's.
        #expect(tracker.latencyFrames == CausalBeatTracker().latencyFrames(preparedAt: 44100))
    }

    @Test func processAllocatesNothing() {
        #expect(verifier.verifyNoAllocations(input: input, calls: 300) == nil)
    }

    /// (Block-size independence is the band spectrum's and the signal form's, tested with them:
    /// the network sees one whole frame at a time.)
    @Test func resetReproducesFirstRun() {
        let tracker = verifier.makeProcessor()
        tracker.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 1))
        #expect(verifier.run(tracker, input: input) { _ in 512 }.count >= 4, "the input has beats to compare")
        #expect(verifier.verifyReset(input: input) == nil)
    }

    @Test func silenceGivesNoBeats() {
        let tracker = CausalBeatTracker(beatModel: Self.model())
        tracker.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 1))
        #expect(verifier.run(tracker, input: [[Float](repeating: 0, count: 44100 * 2)]) { _ in 512 }.isEmpty)
    }
}

extension CausalBeatTracker {
    fileprivate func latencyFrames(preparedAt sampleRate: Double) -> Int {
        prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: 128, channelCount: 1))
        return latencyFrames
    }
}
