import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
import PerformiaTestSupport
import Testing

/// Counts what it is asked to play; renders silence.
final class RecordingSynth: BandSynthesizer {
    let sampleRate: Double
    init(sampleRate: Double) { self.sampleRate = sampleRate }
    var ons = 0, offs = 0, allOff = 0, programs = 0, rendered = 0
    func programChange(channel: UInt8, program: UInt8) { programs += 1 }
    func noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8) { ons += 1 }
    func noteOff(channel: UInt8, pitch: UInt8) { offs += 1 }
    func allNotesOff() { allOff += 1 }
    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frameCount: Int) {
        for i in 0..<frameCount { left[i] = 0; right[i] = 0 }
        rendered += frameCount
    }
}

/// A kick on every beat and the chord's root in the bass.
final class TestArranger: BeatArranger {
    func arrange(_ context: BeatContext, emit: (BandNote) -> Void) {
        emit(BandNote(beat: Double(context.beat), lengthBeats: 0.25, channel: 9, pitch: 36, velocity: 100))
        if let root = context.chord.root {
            emit(BandNote(beat: Double(context.beat), lengthBeats: 0.9, channel: 0, pitch: UInt8(36 + root), velocity: 90))
        }
    }
}

final class NoModel: NextChordPredicting {
    func mostLikelyNext(after chord: ChordLabel, previous: ChordLabel?, key: MusicalKey?) -> (chord: ChordLabel, probability: Double)? { nil }
}

@Suite struct BandGraphTests {
    typealias Graph = BandGraph<TestArranger, NoModel, RecordingSynth>

    /// Runs `audio` through a fresh graph (set up by `configure` before `prepare`) in 128-frame
    /// blocks, as the JACK callback would; counts allocations in the blocks after frame
    /// `allocationsCountedAfterFrame`.
    func play(_ audio: [Float], sampleRate: Double = 44100, beatTransitionLambda: Double = 60,
              allocationsCountedAfterFrame: Int = 44100 * 8, configure: (Graph) -> Void = { _ in })
        -> (BandGraph<TestArranger, NoModel, RecordingSynth>, RecordingSynth, Int) {
        let synth = RecordingSynth(sampleRate: sampleRate)
        let graph = BandGraph(arranger: TestArranger(), predictor: NoModel?.none, synth: synth,
                              programs: [(0, 33)], beatsPerBar: 4, beatTransitionLambda: beatTransitionLambda)
        configure(graph)
        graph.prepare(sampleRate: sampleRate, maximumBlockFrames: 128, inputChannels: 1)
        var left = [Float](repeating: 0, count: 128), right = left
        var allocations = 0
        audio.withUnsafeBufferPointer { samples in
            var position = 0
            while position < samples.count {
                let n = min(128, samples.count - position)
                var pointer: UnsafePointer<Float>? = samples.baseAddress! + position
                let count = countAllocations {
                    withUnsafePointer(to: &pointer) { input in
                        input.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 1) { channels in
                            left.withUnsafeMutableBufferPointer { l in
                                right.withUnsafeMutableBufferPointer { r in
                                    graph.render(input: channels, output: l.baseAddress!, r.baseAddress!, frameCount: n,
                                                 time: SampleTime(position))
                                }
                            }
                        }
                    }
                }
                if position > allocationsCountedAfterFrame { allocations += count }
                position += n
            }
        }
        return (graph, synth, allocations)
    }

    @Test func theBandPlaysOnTheBandsBeatsWithItsChordsWithoutAllocating() {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 20)
        let (graph, synth, allocations) = play(audio)
        let settledStart = reference.beatSeconds[12]
        let played = graph.playedBeats.map { Double($0.time) / 44100 }.filter { $0 > settledStart && $0 < reference.beatSeconds.last! }
        let f = BeatScoring.fMeasure(estimated: played, reference: reference.beatSeconds.filter { $0 > settledStart })
        #expect(f > 0.9, "band beat F \(f)")
        #expect(synth.ons > 0 && synth.programs == 1)
        #expect(allocations == 0, "allocations on the audio path after warm-up")
        // Signals.band changes chord every bar through A, D, E, F#m, Bm: once the progression
        // repeats, most beats carry the right chord.
        let chords: [ChordLabel] = [.init(root: 9, quality: .major), .init(root: 2, quality: .major), .init(root: 4, quality: .major),
                                    .init(root: 6, quality: .minor), .init(root: 11, quality: .minor)]
        var right = 0, counted = 0
        for beat in graph.playedBeats where Double(beat.time) / 44100 > reference.beatSeconds[40] {
            guard let k = reference.beatSeconds.firstIndex(where: { abs($0 - Double(beat.time) / 44100) < 0.07 }) else { continue }
            counted += 1
            if beat.chord.root == chords[(k / 4) % 5].root && beat.chord.quality.isMinor == chords[(k / 4) % 5].quality.isMinor { right += 1 }
        }
        #expect(counted > 20 && Double(right) / Double(counted) > 0.8, "\(right) of \(counted) beats on the right chord")
    }

    @Test func stopEndsEveryNote() {
        let (audio, _) = Signals.band(bpm: 100, beatsPerBar: 4, bars: 6)
        let (graph, synth, _) = play(audio)
        graph.stop()
        #expect(synth.allOff == 1)
        #expect(synth.offs <= synth.ons)
    }

    /// The monitoring path adds nothing to the runner's block: an input click is in the output
    /// block it came in with, on the same frame — so input → output is one block (2.7 ms at
    /// 48 kHz / 128 frames; the bar is 5 ms). Non-finite input is left out of the mix.
    @Test func theMonitorMixIsSampleAlignedAndFinite() {
        let graph = BandGraph(arranger: TestArranger(), predictor: NoModel?.none, synth: RecordingSynth(sampleRate: 48000),
                              programs: [(0, 33)], beatsPerBar: 4)
        graph.monitorGain = 1
        graph.prepare(sampleRate: 48000, maximumBlockFrames: 128, inputChannels: 1)
        var input = [Float](repeating: 0, count: 128)
        input[37] = 0.5
        input[90] = .nan
        var left = [Float](repeating: 0, count: 128), right = left
        input.withUnsafeBufferPointer { samples in
            var pointer: UnsafePointer<Float>? = samples.baseAddress!
            withUnsafePointer(to: &pointer) { channels in
                channels.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 1) { channels in
                    graph.render(input: channels, output: &left, &right, frameCount: 128, time: 0)
                }
            }
        }
        #expect(left[37] == 0.5 && right[37] == 0.5)
        let elsewhere = left.indices.filter { $0 != 37 }.map { left[$0] }
        #expect(elsewhere.allSatisfy { $0 == 0 })
        let finite = right.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    @Test func silenceMakesNoBandAndNoNotes() {
        let (graph, synth, _) = play([Float](repeating: 0, count: 44100 * 5))
        #expect(graph.playedBeats.isEmpty && synth.ons == 0)
    }
}

@Suite struct BandTempoChangeTests {
    /// 8 bars at 100 BPM, then straight into 8 bars at 120 BPM.
    func stepChange() -> (audio: [Float], beats: [Double], change: Double) {
        let (first, a) = Signals.band(bpm: 100, beatsPerBar: 4, bars: 8, offsetSeconds: 0.6)
        let (second, b) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 8, offsetSeconds: 0)
        let change = a.beatSeconds.last! + 0.6
        let start = Int(change * 44100)
        var audio = Array(first.prefix(start))
        audio += [Float](repeating: 0, count: max(0, start - audio.count))
        audio += second
        return (audio, a.beatSeconds + b.beatSeconds.map { $0 + change }, change)
    }

    /// λ = 60 (the default) takes the 2 beats, madmom's λ = 100 takes 3 (docs/benchmarks.md).
    @Test(arguments: [(60.0, 2), (100.0, 3)])
    func afterAJumpFrom100To120BPMTheBandIsBackOnTheBeatWithinAFewBeats(lambda: Double, allowedBeats: Int) {
        let (audio, reference, change) = stepChange()
        let (graph, _, _) = BandGraphTests().play(audio, beatTransitionLambda: lambda)
        let played = graph.playedBeats.map { Double($0.time) / 44100 }
        // For each reference beat after the change: is a played beat within 30 ms of it?
        let after = reference.filter { $0 >= change }
        let onBeat = after.map { t in played.contains { abs($0 - t) < 0.03 } }
        // Beats until the band is on the beat and stays there for the rest of the bar and more.
        var recovered: Int?
        for k in 0..<(onBeat.count - 4) where onBeat[k...(k + 4)].allSatisfy({ $0 }) {
            recovered = k
            break
        }
        let beats = recovered ?? Int.max
        #expect(beats <= allowedBeats, "λ \(lambda): the band needed \(beats) beats")
    }
}
