import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaCore
import PerformiaIO

/// `performia-eval melody-debug FILE… --out DIR`: transcribes the lead melody of each file
/// (`PitchTracker` → `MelodyTranscriber`) and writes `DIR/<parent folder of FILE>/melody.tsv`
/// (`start<TAB>end<TAB>midi_pitch`, seconds) for the eval kit. Prints to standard error the CPU
/// time of the tracker and of the transcriber per second of audio (the file is decoded and
/// resampled to 44.1 kHz mono into memory first, so the figures cover the analysis alone).
struct MelodyDebug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "melody-debug",
        abstract: "Write the lead-melody notes of each file as melody.tsv (for evaluation).")

    static let sampleRate = 44100.0

    @Argument(help: "Audio files.")
    var files: [String]

    @Option(help: "Output directory; each file gets DIR/<name of its folder>/melody.tsv.")
    var out: String

    @Flag(help: "Also write frames.tsv: time, voiced probability, RMS, smoothed pitch (0 unvoiced), candidates.")
    var dumpFrames = false

    func run() throws {
        var failures = 0
        var trackerSeconds = 0.0, transcriberSeconds = 0.0, audioSeconds = 0.0
        for path in files {
            do {
                let reader = try AudioFileReader(path: path, targetSampleRate: Self.sampleRate, downmixToMono: true)
                let source = try MemorySource(reading: reader)
                var frames: [PitchFrame] = []
                frames.reserveCapacity(source.samples.count / 256 + 16)
                let trackerStart = threadCPUSeconds()
                OfflineRunner().run(PitchTracker(), source: source) { events in
                    for i in 0..<events.count { frames.append(events[i]) }
                }
                let transcriberStart = threadCPUSeconds()
                let notes = MelodyTranscriber().transcribe(frames, sampleRate: Self.sampleRate)
                let done = threadCPUSeconds()
                let seconds = Double(source.samples.count) / Self.sampleRate
                trackerSeconds += transcriberStart - trackerStart
                transcriberSeconds += done - transcriberStart
                audioSeconds += seconds

                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
                let dir = URL(fileURLWithPath: out).appendingPathComponent(folder.isEmpty ? "song" : folder)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                var tsv = ""
                for note in notes {
                    tsv += String(format: "%.4f\t%.4f\t%d\n", Double(note.start) / Self.sampleRate,
                                  Double(note.end) / Self.sampleRate, note.midiPitch)
                }
                try tsv.write(to: dir.appendingPathComponent("melody.tsv"), atomically: true, encoding: .utf8)
                if dumpFrames {
                    let track = PitchHMM().track(frames)
                    var dump = ""
                    for (frame, step) in zip(frames, track) {
                        dump += String(format: "%.4f\t%.3f\t%.5f\t%.2f", Double(frame.time) / Self.sampleRate,
                                       frame.voicedProbability, frame.rms, step.pitch)
                        for c in 0..<frame.candidateCount {
                            dump += String(format: "\t%.2f:%.3f", frame.pitches[c], frame.probabilities[c])
                        }
                        dump += "\n"
                    }
                    try dump.write(to: dir.appendingPathComponent("frames.tsv"), atomically: true, encoding: .utf8)
                }
                let perSecond = 1000 * (done - trackerStart) / max(seconds, 1e-9)
                FileHandle.standardError.write(Data((
                    "\(path): \(notes.count) notes, \(String(format: "%.2f", perSecond)) ms CPU per second of audio " +
                    "(tracker \(String(format: "%.1f", 1000 * (transcriberStart - trackerStart))) ms, " +
                    "transcriber \(String(format: "%.1f", 1000 * (done - transcriberStart))) ms, " +
                    "\(String(format: "%.1f", seconds)) s of audio)\n").utf8))
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia-eval: error: \(error)\n".utf8))
            }
        }
        if audioSeconds > 0 {
            FileHandle.standardError.write(Data((
                "total: tracker \(String(format: "%.3f", 1000 * trackerSeconds / audioSeconds)) + transcriber " +
                "\(String(format: "%.3f", 1000 * transcriberSeconds / audioSeconds)) ms CPU per second of audio\n").utf8))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}

/// A whole mono file in memory, so the timing above excludes decoding and resampling.
private final class MemorySource: AudioSource {
    typealias Failure = Never
    let sampleRate: Double
    let channelCount = 1
    let samples: [Float]
    private var position = 0

    init(reading reader: AudioFileReader) throws(AudioFileError) {
        sampleRate = reader.sampleRate
        var all: [Float] = []
        let chunk = 65536
        let buffer = AudioBuffer(channelCount: 1, capacityFrames: chunk)
        while true {
            let frames = try reader.read(into: buffer.channelPointers, maximumFrames: chunk)
            if frames == 0 { break }
            all.append(contentsOf: UnsafeBufferPointer(start: buffer.channel(0).baseAddress, count: frames))
        }
        samples = all
    }

    func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) -> Int {
        let frames = min(maximumFrames, samples.count - position)
        samples.withUnsafeBufferPointer { src in
            (channels[0]).update(from: src.baseAddress! + position, count: frames)
        }
        position += frames
        return frames
    }
}
