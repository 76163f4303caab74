import Foundation
import PerformiaCore
import PerformiaIO
import PerformiaNeural
import PerformiaSeparation

/// Separates an audio file into stem files: the job behind `performia separate` and
/// `performia analyze --stems`.
///
/// The file streams through libsndfile, resampled to the models' rate (`StemModelFile.sampleRate`)
/// with every channel kept, through a `StemSeparator` under an `OfflineRunner` (which removes the
/// separator's latency, so stems line up with the input sample for sample), into one file per
/// stem at that rate; a file at another rate gets its stems resampled back (libsamplerate's best
/// converter) so every stem has the input's rate, channel count and length. Memory is the
/// separator's few MB per channel and the I/O buffers, whatever the file's length.
///
/// Afterwards the written stems are read back and summed against the input: `residualDecibels`
/// is 10·log10(Σ (x − Σ stems)² / Σ x²) over the whole file — float rounding and the file
/// encoding's quantisation at the models' rate (about −90 dB for 16-bit WAV), plus, for a file
/// above 44.1 kHz, whatever it held above 22 kHz, which no stem carries.
public struct StemSeparation: Sendable {
    public enum Form: Sendable {
        /// The centred model over the whole file (better; latency irrelevant offline).
        case offline
        /// The causal live model, exactly as the live chain runs it (for comparison).
        case live
    }

    public var form = Form.offline
    /// Which stems to write (names the model knows); nil: all of them.
    public var stems: [String]?
    /// Karaoke form: this stem and `no_<stem>`, the sum of all the others.
    public var twoStems: String?
    /// `wav` (16-bit PCM) or `flac` (24-bit).
    public var fileExtension = "wav"
    /// The weights file; nil: the shipped model of `form`.
    public var modelPath: String?
    /// Mask post-filter exponent (`StemSeparator.maskExponent`); nil: 1 live, `offlineMaskExponent` offline.
    public var maskExponent: Float?
    /// The offline form's post-filter exponent, chosen on the training validation songs: 1, since
    /// sharper masks lost (2.47 dB at 1, 2.27 at 1.5, 2.14 at 2; Training/README.md, "Stems").
    public static let offlineMaskExponent: Float = 1
    public var blockFrames = 4096

    public init() {}

    /// What a separation wrote.
    public struct Result: Sendable {
        /// (stem name, path) in the model's order (`no_<stem>` last for two stems).
        public let files: [(name: String, path: String)]
        /// The weights file that separated them.
        public let modelPath: String
        /// nil when the files written are not the whole mix (`stems` picks some).
        public let residualDecibels: Double?
        public let durationSeconds: Double
        public let sampleRate: Double
        public let channelCount: Int
    }

    /// The model this separation uses (loaded and checked).
    public func loadModel() throws(AnalysisError) -> StemTCN {
        let path = modelPath ?? ResourceFolder.path(form == .live ? StemModelFile.liveResource : StemModelFile.offlineResource)
        return try StemModelFile.load(path: path, causal: form == .live)
    }

    /// Separates `path` into `directory` (created if needed) as `<stem>.<fileExtension>`.
    /// - Parameter progress: the fraction 0…1 done.
    public func separate(path: String, into directory: String, model: StemTCN? = nil,
                         progress: (Double) -> Void = { _ in }) throws(AnalysisError) -> Result {
        let model = if let model { model } else { try loadModel() }
        let selected = try selection(model)
        let info: AudioFileInfo
        do { info = try AudioFileInfo.read(path: path) } catch { throw .audio(error) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .audio(.writeFailed(path: directory, reason: "cannot create the folder (\(error.localizedDescription))"))
        }
        let rate = StemModelFile.sampleRate
        let resample = info.sampleRate != rate
        let finalPaths = selected.map { "\(directory)/\($0.name).\(fileExtension)" }
        let renderPaths = resample ? finalPaths.map { $0 + ".44k.wav" } : finalPaths
        do throws(AudioFileError) {
            let reader = try AudioFileReader(path: path, targetSampleRate: rate)
            let channels = reader.channelCount
            let writers = try renderPaths.map { p throws(AudioFileError) in
                try AudioFileWriter(path: p, sampleRate: rate, channelCount: channels,
                                    encoding: resample ? .wavFloat : AudioFileWriter.Encoding.forPath(p))
            }
            let separator = StemSeparator(model: model, maskExponent: maskExponent ?? (form == .live ? 1 : Self.offlineMaskExponent))
            let expectedFrames = max(1.0, Double(info.frameCount) * rate / info.sampleRate)
            var failure: AudioFileError?
            try OfflineRunner(blockFrames: blockFrames).render(separator, source: reader, onOutput: { block in
                guard failure == nil else { return }
                for (w, stem) in selected.enumerated() {
                    let audio = (0..<channels).map { c in
                        var sum = [Float](repeating: 0, count: block.frameCount)
                        for s in stem.sources {
                            let source = block.channel(s * channels + c)
                            for i in 0..<block.frameCount { sum[i] += source[i] }
                        }
                        return sum
                    }
                    do throws(AudioFileError) { try writers[w].write(channels: audio, frameCount: block.frameCount) } catch { failure = error }
                }
            }, onProgress: { time in progress(min(1, Double(time) / expectedFrames) * (resample ? 0.7 : 0.9)) })
            if let failure { throw failure }
            for writer in writers { try writer.close() }
            if resample {
                for (i, temporary) in renderPaths.enumerated() {
                    try Self.convert(temporary, to: finalPaths[i], sampleRate: info.sampleRate, frameCount: info.frameCount)
                    try? FileManager.default.removeItem(atPath: temporary)
                    progress(0.7 + 0.2 * Double(i + 1) / Double(renderPaths.count))
                }
            }
        } catch {
            for p in renderPaths where resample { try? FileManager.default.removeItem(atPath: p) }
            throw .audio(error)
        }
        var residual: Double?
        let whole = selected.flatMap(\.sources).sorted() == Array(0..<model.stemCount)
        if whole {
            do { residual = try Self.residualDecibels(input: path, stems: finalPaths) } catch { throw .audio(error) }
        }
        progress(1)
        return Result(files: zip(selected, finalPaths).map { ($0.name, $1) }, modelPath: model.fileName, residualDecibels: residual,
                      durationSeconds: info.durationSeconds, sampleRate: info.sampleRate, channelCount: info.channelCount)
    }

    /// The files to write and which of the model's stems each sums.
    private func selection(_ model: StemTCN) throws(AnalysisError) -> [(name: String, sources: [Int])] {
        let names = model.stemNames
        func index(_ name: String) throws(AnalysisError) -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw .model(path: model.fileName, reason: "has no stem '\(name)' (it has \(names.joined(separator: ", ")))")
            }
            return i
        }
        if let twoStems {
            let i = try index(twoStems)
            return [(twoStems, [i]), ("no_\(twoStems)", names.indices.filter { $0 != i })]
        }
        guard let stems else { return names.enumerated().map { ($1, [$0]) } }
        var chosen: [(name: String, sources: [Int])] = []
        for name in stems { chosen.append((name, [try index(name)])) }
        return chosen
    }

    /// Resamples `source` to `sampleRate` into `target` (its encoding from the extension),
    /// trimmed or padded with silence to exactly `frameCount` frames.
    private static func convert(_ source: String, to target: String, sampleRate: Double, frameCount: Int64) throws(AudioFileError) {
        let reader = try AudioFileReader(path: source, targetSampleRate: sampleRate, converter: .sincBest)
        let writer = try AudioFileWriter(path: target, sampleRate: sampleRate, channelCount: reader.channelCount)
        let chunk = AudioFileReader.chunkFrames
        let buffers = (0..<reader.channelCount).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: chunk) }
        defer { for b in buffers { b.deallocate() } }
        var written: Int64 = 0
        while written < frameCount {
            let frames = try buffers.withUnsafeBufferPointer { pointers throws(AudioFileError) in
                try reader.read(into: pointers.baseAddress!, maximumFrames: chunk)
            }
            let wanted = Int(min(Int64(frames == 0 ? chunk : frames), frameCount - written))
            if frames < wanted { for b in buffers { (b + frames).update(repeating: 0, count: wanted - frames) } }
            try writer.write(channels: buffers.map { Array(UnsafeBufferPointer(start: $0, count: wanted)) }, frameCount: wanted)
            written += Int64(wanted)
        }
        try writer.close()
    }

    /// 10·log10(Σ (x − Σ stems)² / Σ x²) over the file, read back from disk (−∞ dB for exact
    /// stems; silence in, silence out counts as exact).
    private static func residualDecibels(input: String, stems: [String]) throws(AudioFileError) -> Double {
        let readers = try ([input] + stems).map { p throws(AudioFileError) in try AudioFileReader(path: p) }
        let channels = readers[0].channelCount, chunk = AudioFileReader.chunkFrames
        let buffers = readers.map { _ in (0..<channels).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: chunk) } }
        defer { for set in buffers { for b in set { b.deallocate() } } }
        var signal = 0.0, error = 0.0
        while true {
            var counts: [Int] = []
            for (r, reader) in readers.enumerated() {
                counts.append(try buffers[r].withUnsafeBufferPointer { pointers throws(AudioFileError) in
                    try reader.read(into: pointers.baseAddress!, maximumFrames: chunk)
                })
            }
            let frames = counts.min() ?? 0
            if frames == 0 { break }
            for c in 0..<channels {
                for i in 0..<frames {
                    let x = Double(buffers[0][c][i])
                    var sum = 0.0
                    for s in 1..<readers.count { sum += Double(buffers[s][c][i]) }
                    signal += x * x
                    error += (x - sum) * (x - sum)
                }
            }
        }
        if error == 0 { return -.infinity }
        return 10 * log10(error / max(signal, 1e-30))
    }
}
