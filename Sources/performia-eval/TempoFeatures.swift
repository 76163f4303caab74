import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaEngine
import PerformiaIO

/// `performia-eval tempo-features FILE…`: one JSON line per file with the tempo-octave
/// candidates and their features — the input of Training/train_octave.py.
struct TempoFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempo-features",
        abstract: "Print the tempo-octave candidates and features of each file (for training).")

    @Argument(help: "Audio files.")
    var files: [String]

    func run() throws {
        var failures = 0
        for path in files {
            do {
                let reader = try AudioFileReader(path: path, targetSampleRate: SongAnalyzer.analysisSampleRate,
                                                 downmixToMono: true)
                let signal = try SongAnalyzer().onsetSignal(of: reader)
                let novelty = BeatActivation.novelty(signal)
                let candidates = TempoEstimator().octaveCandidates(
                    activation: BeatActivation.normalise(novelty, framesPerSecond: signal.framesPerSecond),
                    lowBandActivation: RhythmAnalyzer.lowBandActivation(signal), framesPerSecond: signal.framesPerSecond)
                let line: [String: Any] = ["path": path, "candidates": candidates.map { ["bpm": $0.bpm, "features": $0.features] }]
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia-eval: error: \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
