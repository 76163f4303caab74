import Foundation
import PerformiaLyrics

/// The lyrics benchmark's table: one row per provider, its words pooled over the songs it did
/// not fail on.
public struct LyricsBenchmarkReport: Sendable {
    public struct Row: Sendable, Codable {
        public var provider: String
        public var songs: Int
        public var failed: Int
        public var failures: [String]
        public var wordErrorRate: Double
        public var meanAbsoluteErrorMs: Double
        public var medianAbsoluteErrorMs: Double
        public var p90AbsoluteErrorMs: Double
        public var within100ms: Double
        public var within300ms: Double
        public var lostTrack: Double
        public var jitterMs: Double
        public var syllableMeanAbsoluteErrorMs: Double?
        public var latencyMedianSeconds: Double
        public var latencyP90Seconds: Double
        public var cpuSecondsPerAudioSecond: Double
        public var costPerAudioHour: Double
    }

    public var rows: [Row]

    public init(runs: [LyricsBenchmark.SongRun], providers: [LyricsProvider], cpuPricePerHour: Double) {
        rows = providers.map { provider in
            let mine = runs.filter { $0.provider == provider.name }
            let ok = mine.filter { $0.score != nil }
            let pooled = LyricsScore(pooling: ok.compactMap(\.score))
            let syllables = ok.compactMap(\.syllableScore)
            let audio = ok.reduce(0) { $0 + $1.audioSeconds }, cpu = ok.reduce(0) { $0 + $1.cpuSeconds }
            let cpuRatio = audio > 0 ? cpu / audio : .nan
            let latencies = ok.flatMap(\.latencies)
            return Row(provider: provider.name, songs: mine.count, failed: mine.count - ok.count,
                       failures: mine.compactMap { run in run.failure.map { "\(run.song): \($0)" } },
                       wordErrorRate: pooled.wordErrorRate,
                       meanAbsoluteErrorMs: 1000 * pooled.meanAbsoluteError, medianAbsoluteErrorMs: 1000 * pooled.medianAbsoluteError,
                       p90AbsoluteErrorMs: 1000 * pooled.p90AbsoluteError, within100ms: pooled.shareWithin(0.1),
                       within300ms: pooled.shareWithin(0.3), lostTrack: pooled.lostTrack, jitterMs: 1000 * pooled.jitter,
                       syllableMeanAbsoluteErrorMs: syllables.isEmpty ? nil : 1000 * LyricsScore(pooling: syllables).meanAbsoluteError,
                       latencyMedianSeconds: LyricsScore.percentile(latencies, 0.5),
                       latencyP90Seconds: LyricsScore.percentile(latencies, 0.9),
                       cpuSecondsPerAudioSecond: cpuRatio,
                       costPerAudioHour: provider.pricePerAudioHour ?? cpuRatio * cpuPricePerHour)
        }
    }

    /// A Markdown table (docs/benchmarks.md).
    public func markdown() -> String {
        var out = "| provider | songs ok | WER | word onset MAE ms | median | p90 | ≤100 ms | ≤300 ms | lost (>1 s) | jitter ms | syllable MAE ms | latency median / p90 s | CPU s per audio s | cost per audio h |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows {
            func ms(_ x: Double) -> String { x.isFinite ? String(format: "%.0f", x) : "–" }
            func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.0f %%", 100 * x) : "–" }
            out += "| \(row.provider) | \(row.songs - row.failed)/\(row.songs) | \(row.wordErrorRate.isFinite ? String(format: "%.2f", row.wordErrorRate) : "–") | "
                + "\(ms(row.meanAbsoluteErrorMs)) | \(ms(row.medianAbsoluteErrorMs)) | \(ms(row.p90AbsoluteErrorMs)) | \(pct(row.within100ms)) | "
                + "\(pct(row.within300ms)) | \(pct(row.lostTrack)) | \(ms(row.jitterMs)) | \(row.syllableMeanAbsoluteErrorMs.map(ms) ?? "–") | "
                + String(format: "%.1f / %.1f", row.latencyMedianSeconds, row.latencyP90Seconds) + " | "
                + String(format: "%.3f", row.cpuSecondsPerAudioSecond) + " | " + String(format: "$%.4f", row.costPerAudioHour) + " |\n"
        }
        for row in rows where !row.failures.isEmpty {
            out += "\n\(row.provider) failed on: " + row.failures.joined(separator: "; ") + "\n"
        }
        return out
    }
}
