import ArgumentParser
import Foundation
import PerformiaCore
import PerformiaEngine
import PerformiaNeural
import PerformiaSeparation

/// `performia-eval separation-cost [--seconds S]`: what separating costs on one core — the live
/// separator (`StemSeparator` with the causal model) in 128-frame blocks at 48 kHz and 44.1 kHz,
/// as the median and 95th-percentile per-block cost over the block period, and both forms'
/// real-time factor over a mono signal at 44.1 kHz (the offline form in its 4096-frame runner
/// blocks). The audio is `LiveBeatCost.band`; the cost does not depend on what is played.
/// A measurement, not a test (docs/benchmarks.md).
struct SeparationCost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "separation-cost",
        abstract: "Time the live and offline stem separators on one core.")

    @Option(help: "Seconds of audio timed per measurement.")
    var seconds = 30.0

    func run() throws {
        let live: StemTCN, offline: StemTCN
        do {
            live = try StemModelFile.load(path: ResourceFolder.path(StemModelFile.liveResource), causal: true)
            offline = try StemModelFile.load(path: ResourceFolder.path(StemModelFile.offlineResource), causal: false)
        } catch {
            FileHandle.standardError.write(Data("performia-eval: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        func run(_ separator: StemSeparator, sampleRate: Double, blockFrames: Int) -> [Double] {
            let audio = LiveBeatCost.band(seconds: self.seconds, sampleRate: sampleRate)
            separator.prepare(ProcessSpec(sampleRate: sampleRate, maximumBlockFrames: blockFrames, channelCount: 1))
            let input = AudioBuffer(channelCount: 1, capacityFrames: audio.count)
            for i in 0..<audio.count { input.channel(0)[i] = audio[i] }
            let output = AudioBuffer(channelCount: separator.outputChannelCount, capacityFrames: blockFrames)
            let whole = input.block(frameCount: audio.count, startTime: 0)
            var costs: [Double] = []
            var position = 0
            while position + blockFrames <= audio.count {
                let started = clock.now
                separator.process(input: whole.slice(offset: position, count: blockFrames),
                                  output: output.mutableBlock(frameCount: blockFrames, startTime: SampleTime(position)))
                costs.append(seconds(clock.now - started))
                position += blockFrames
            }
            return costs
        }
        print("live model \(live.channelCount) channels × \(live.layerCount) layers; offline model \(offline.channelCount) × \(offline.layerCount), centred")
        for rate in [48000.0, 44100.0] {
            let costs = run(StemSeparator(model: live), sampleRate: rate, blockFrames: 128).sorted()
            let period = 128 / rate
            print(String(format: "live, %.1f kHz, 128-frame blocks: median %.1f %%, 95th percentile %.1f %%, maximum %.0f %% of the block period; %.1f %% of a core on average",
                         rate / 1000, 100 * costs[costs.count / 2] / period, 100 * costs[costs.count * 95 / 100] / period,
                         100 * costs.last! / period, 100 * costs.reduce(0, +) / self.seconds))
        }
        for (name, model) in [("live", live), ("offline", offline)] {
            let total = run(StemSeparator(model: model), sampleRate: 44100, blockFrames: 4096).reduce(0, +)
            print(String(format: "%@ form, mono 44.1 kHz: %.1f× real time on one core", name, self.seconds / total))
        }
    }
}
