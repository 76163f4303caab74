import Foundation
import PerformiaCore
import PerformiaDSP
import PerformiaNeural
import PerformiaSeparation
import PerformiaTestSupport
import Testing

/// The separator with the small parity-fixture model (Tests/Fixtures/neural/stem.pfnn: causal) and
/// its centred twin (stem-centred.pfnn, the same weights): the shared verifier, stems that sum to
/// the input, and stems equal to a whole-file masking in Swift — the streaming and chunked forms
/// lose nothing against the sequence form.
@Suite struct StemSeparatorTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/neural/stem.pfnn")

    static func model(causal: Bool) throws -> StemTCN {
        let url = fixture.deletingLastPathComponent().appendingPathComponent(causal ? "stem.pfnn" : "stem-centred.pfnn")
        return try StemTCN(weights: NeuralWeights(bytes: [UInt8](Data(contentsOf: url)), fileName: url.lastPathComponent))
    }

    /// Noise shaped like music: a decaying tone burst every 0.1 s over a noise floor.
    static func signal(_ frames: Int, channels: Int, seed: UInt64) -> [[Float]] {
        var rng = XorshiftGenerator(seed: seed)
        return (0..<channels).map { c in
            (0..<frames).map { t in
                let burst = Float(Math.exp(-Double(t % 4410) / 800)) * Float(Math.sin(Double(t) * 0.05 * Double(c + 1)))
                return 0.5 * burst + 0.05 * Float.random(in: -1...1, using: &rng)
            }
        }
    }

    /// The stems of `input` by whole-file masking: every frame's masks from one sequence run over
    /// the input and `trailingFrames` of silence after it (what the separator hears while flushed).
    static func wholeFile(_ model: StemTCN, _ input: [Float], trailingFrames: Int) -> [[Float]] {
        let bins = model.binCount, hop = model.hopFrames
        let analysis = StreamingSTFT(frameSize: model.frameSize, hopFrames: hop, leadingSilenceFrames: model.frameSize - hop, window: .sqrtHann)
        var spectra: [([Float], [Float])] = [], magnitudes: [Float] = []
        let padded = input + [Float](repeating: 0, count: trailingFrames + model.frameSize)
        padded.withUnsafeBufferPointer { x in
            analysis.pushSpectrum(x.baseAddress!, count: padded.count) { _, re, im in
                spectra.append((Array(UnsafeBufferPointer(start: re, count: bins)), Array(UnsafeBufferPointer(start: im, count: bins))))
                magnitudes += (0..<bins).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }
            }
        }
        let masks = model.masks(magnitudes: magnitudes, frameCount: spectra.count)
        return (0..<model.stemCount).map { s in
            let synthesis = StreamingISTFT(frameSize: model.frameSize, hopFrames: hop, window: .sqrtHann)
            var out: [Float] = []
            for (t, spectrum) in spectra.enumerated() {
                let mask = masks[((t * model.stemCount) + s) * bins..<((t * model.stemCount) + s + 1) * bins]
                let re = zip(spectrum.0, mask).map { $0 * $1 }, im = zip(spectrum.1, mask).map { $0 * $1 }
                let finished = synthesis.push(real: re, imaginary: im)
                out += UnsafeBufferPointer(start: finished, count: hop)
            }
            // The ISTFT timeline starts frameSize − hop before the input.
            return Array(out[(model.frameSize - hop)..<(model.frameSize - hop + input.count)])
        }
    }

    @Test(arguments: [true, false])
    func passesTheSharedVerifier(causal: Bool) throws {
        let model = try Self.model(causal: causal)
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 1024, channelCount: 2, tolerance: 1e-5) {
            StemSeparator(model: model, chunkFrames: 8)
        }
        let input = Self.signal(20000, channels: 2, seed: 5)
        #expect(verifier.verifyBlockSizeIndependence(input: input) == nil)
        #expect(verifier.verifyReset(input: input) == nil)
        #expect(verifier.verifyNoAllocations(input: input, calls: 1500) == nil)
        let latency = causal ? 1023 : 1023 + (8 + 7 - 1) * 512
        #expect(verifier.verifyLatency(impulseFrame: 3000, frameCount: 3000 + latency + 2000) == nil)
    }

    @Test(arguments: [true, false])
    func stemsSumToTheInputAndEqualWholeFileMasking(causal: Bool) throws {
        let model = try Self.model(causal: causal)
        let separator = StemSeparator(model: model, chunkFrames: 8, absentGateDecibels: nil)
        separator.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 1))
        #expect(separator.outputChannelCount == 4 && separator.stemNames == ["drums", "bass", "other", "vocals"])
        let input = Self.signal(30000, channels: 1, seed: 9)[0]
        let latency = separator.latencyFrames
        #expect(latency == (causal ? 1023 : 1023 + 14 * 512), "latency \(latency)")
        let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 1) {
            StemSeparator(model: model, chunkFrames: 8, absentGateDecibels: nil)
        }
        let output = verifier.run(separator, input: [input + [Float](repeating: 0, count: latency)]) { rng in Int(rng.next() % 513) }
        let stems = (0..<4).map { Array(output[$0][latency...]) }
        var sumError: Float = 0
        for t in 0..<input.count {
            var total: Float = 0
            for s in 0..<4 { total += stems[s][t] }
            sumError = max(sumError, abs(total - input[t]))
        }
        #expect(sumError <= 1e-5, "stems sum to the input within \(sumError)")
        let expected = Self.wholeFile(model, input, trailingFrames: latency)
        for s in 0..<4 {
            let error = (0..<input.count).map { abs(stems[s][$0] - expected[s][$0]) }.max()!
            let level = expected[s].map(abs).max()!
            #expect(level > 0.01 && error <= 1e-4, "stem \(s): error \(error) against whole-file masking (peak \(level))")
        }
    }

    @Test func sharperMasksStillSumToTheInput() throws {
        let model = try Self.model(causal: true)
        let plain = StemSeparator(model: model), sharp = StemSeparator(model: model, maskExponent: 2)
        let input = Self.signal(12000, channels: 1, seed: 2)[0]
        var outputs: [[[Float]]] = []
        for separator in [plain, sharp] {
            separator.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 256, channelCount: 1))
            let verifier = AudioProcessorVerifier(maximumBlockFrames: 256, channelCount: 1) { StemSeparator(model: model) }
            outputs.append(verifier.run(separator, input: [input + [Float](repeating: 0, count: 1023)]) { _ in 256 })
        }
        var sumError: Float = 0, change: Float = 0
        for t in 0..<input.count {
            var total: Float = 0
            for s in 0..<4 { total += outputs[1][s][t + 1023] }
            sumError = max(sumError, abs(total - input[t]))
            change = max(change, abs(outputs[1][0][t + 1023] - outputs[0][0][t + 1023]))
        }
        #expect(sumError <= 1e-5)
        #expect(change > 1e-3, "the post-filter changed the drums stem by only \(change)")
    }

    /// The absent-source gate: a threshold no stem reaches silences every stem but `other`
    /// exactly once its ramp is over (8 frames, 4096 samples), `other` is then the input, and the
    /// stems sum to the input throughout; a threshold every stem clears changes nothing.
    @Test func absentSourceGateSilencesAStemAndKeepsTheSum() throws {
        let model = try Self.model(causal: true)
        let input = Self.signal(30000, channels: 1, seed: 4)[0]
        func separate(_ gate: Float?) -> [[Float]] {
            let separator = StemSeparator(model: model, absentGateDecibels: gate)
            separator.prepare(ProcessSpec(sampleRate: 44100, maximumBlockFrames: 512, channelCount: 1))
            let verifier = AudioProcessorVerifier(maximumBlockFrames: 512, channelCount: 1) { StemSeparator(model: model) }
            let output = verifier.run(separator, input: [input + [Float](repeating: 0, count: 1023)]) { _ in 512 }
            return output.map { Array($0[1023...]) }
        }
        let closed = separate(10), open = separate(-200), plain = separate(nil)
        let settled = 2 * 4096 + 1024
        for s in [0, 1, 3] {
            #expect(closed[s][settled...].allSatisfy { $0 == 0 }, "stem \(s) is not silent behind a closed gate")
            #expect(closed[s][..<512].contains { $0 != 0 }, "stem \(s) was gated before its ramp")
        }
        #expect(zip(closed[2][settled...], input[settled...]).allSatisfy { abs($0 - $1) < 1e-5 })
        for t in 0..<input.count {
            #expect(abs(closed[0][t] + closed[1][t] + closed[2][t] + closed[3][t] - input[t]) < 1e-5)
            if t % 997 == 0 { #expect((0..<4).allSatisfy { abs(open[$0][t] - plain[$0][t]) < 1e-6 }) }
        }
    }
}
