import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaEngine
import PerformiaNeural

/// `performia-eval live-cost [--model FILE] [--seconds S]`: what hearing the beat costs the live
/// band — the learned form's band spectrum and streaming causal network, and the whole
/// `CausalBeatTracker` in both forms — as the share of one core per second of 48 kHz audio
/// (processing seconds ÷ audio seconds), in 128-frame blocks as the band runs. The audio is a
/// synthetic band (clicks, bass and chords); the cost does not depend on what is played.
/// A measurement, not a test (docs/benchmarks.md).
struct LiveBeatCost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-cost",
        abstract: "Time the live beat tracker (learned and signal forms) per second of 48 kHz audio.")

    @Option(help: "The causal beat model (default: Resources/models/beat-tcn-causal.pfnn).")
    var model: String?

    @Option(help: "Seconds of audio timed per form.")
    var seconds = 60.0

    func run() throws {
        let beatModel: BeatTCN
        do {
            beatModel = try BeatModelFile.load(path: model ?? ResourceFolder.path(BeatModelFile.causalResource), causal: true)
        } catch {
            FileHandle.standardError.write(Data("performia-eval: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let sampleRate = 48000.0, blockFrames = 128
        let audio = Self.band(seconds: seconds, sampleRate: sampleRate)
        let spec = ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: blockFrames, channelCount: 1)
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: audio.count)
        for i in 0..<audio.count { buffer.channel(0)[i] = audio[i] }
        let whole = buffer.block(frameCount: audio.count, startTime: 0)

        func time<P: Processor>(_ processor: P, _ each: ((inout EventBuffer<P.Event>) -> Void)? = nil) -> Double {
            processor.prepare(spec)
            var events = EventBuffer<P.Event>(capacity: processor.maximumEventsPerBlock)
            let clock = ContinuousClock()
            let started = clock.now
            var position = 0
            while position + blockFrames <= audio.count {
                events.removeAll()
                processor.process(whole.slice(offset: position, count: blockFrames), events: &events)
                each?(&events)
                position += blockFrames
            }
            let elapsed = clock.now - started
            return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) / seconds
        }

        let spectrumOnly = time(BandSpectrumDetector())
        let network = try beatModel.prepareStreaming()
        let spectrumAndNetwork = time(BandSpectrumDetector()) { events in
            for i in 0..<events.count {
                _ = withUnsafeBytes(of: events[i].lanes) { network.process(frame: $0.baseAddress!.assumingMemoryBound(to: Float.self)) }
            }
        }
        let learned = time(CausalBeatTracker(beatsPerBar: 4, detectsMeter: true, transitionLambda: 60, beatModel: beatModel))
        let signal = time(CausalBeatTracker(beatsPerBar: 4, detectsMeter: true, transitionLambda: 60))
        print("model \(beatModel.fileName): \(beatModel.channelCount) channels, \(beatModel.layerCount) layers, kernel \(beatModel.kernelSize)")
        print("share of one core per second of 48 kHz audio (128-frame blocks, \(Int(seconds)) s):")
        for (name, share) in [("band spectrum", spectrumOnly), ("band spectrum + causal network", spectrumAndNetwork),
                              ("CausalBeatTracker learned (all of it)", learned), ("CausalBeatTracker dsp", signal)] {
            print("  " + name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%6.2f %%", 100 * share))
        }
    }

    /// A 120 BPM band: a click on every beat, a bass note on 1 and 3, a chord held each bar.
    static func band(seconds: Double, sampleRate: Double) -> [Float] {
        var out = [Float](repeating: 0, count: Int(seconds * sampleRate))
        let beatFrames = Int(sampleRate / 2)
        for (beat, start) in stride(from: 0, to: out.count, by: beatFrames).enumerated() {
            for i in 0..<min(480, out.count - start) { out[start + i] += 0.5 * Float(Math.exp(-Double(i) / 80)) * (i % 2 == 0 ? 1 : -1) }
            if beat % 2 == 0 {
                for i in 0..<min(beatFrames, out.count - start) {
                    out[start + i] += 0.3 * Float(Math.sin(2 * .pi * 55 * Double(i) / sampleRate) * Math.exp(-Double(i) / 12000))
                }
            }
        }
        for i in 0..<out.count {
            let t = Double(i) / sampleRate
            out[i] += 0.05 * Float(Math.sin(2 * .pi * 261.6 * t) + Math.sin(2 * .pi * 329.6 * t) + Math.sin(2 * .pi * 392 * t))
        }
        return out
    }
}
