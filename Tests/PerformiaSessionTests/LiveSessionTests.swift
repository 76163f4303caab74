import Foundation
import PerformiaBand
import PerformiaCore
import PerformiaSession
import PerformiaTestSupport
import Synchronization
import Testing

/// `LiveSession` as the CLI, the server and tests use it: events while it runs, a pushed stream,
/// and the refusals.
@Suite struct LiveSessionTests {
    /// A synthetic band at 120 BPM in A major (`Signals.band`), as a 44.1 kHz WAV.
    static func fixture(in folder: TemporaryFolder, bars: Int = 12) throws -> (path: String, reference: Signals.BandReference) {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: bars)
        return (try folder.audio("band.wav", channels: [audio]), reference)
    }

    @Test func eventsReachAConsumerWhileAFastSessionRuns() throws {
        let folder = TemporaryFolder()
        let (path, _) = try Self.fixture(in: folder)
        let session = try LiveSession(direction: .init(), input: .fileFast(path: path, sampleRate: 48000))
        let running = Atomic<Bool>(true)
        let beatsWhileRunning = Atomic<Int>(0)
        let beats = Atomic<Int>(0), notes = Atomic<Int>(0)
        let queue = session.events
        let consumer = Thread {
            while true {
                let live = running.load(ordering: .acquiring)
                while let event = queue.pop() {
                    switch event {
                    case .beat:
                        beats.add(1, ordering: .relaxed)
                        if live { beatsWhileRunning.add(1, ordering: .relaxed) }
                    case .note: notes.add(1, ordering: .relaxed)
                    case .section: break
                    }
                }
                if !live { return }
                usleep(200)
            }
        }
        consumer.start()
        let report = try session.run()
        running.store(false, ordering: .releasing)
        while !consumer.isFinished { usleep(1000) }
        #expect(report.beatsPlayed > 30, "\(report.beatsPlayed) beats")
        #expect(queue.droppedCount == 0)
        #expect(beats.load(ordering: .relaxed) == report.beatsPlayed)
        #expect(notes.load(ordering: .relaxed) > report.beatsPlayed)
        // At fast pace a 26 s file takes a few seconds: most beats are seen before it ends.
        #expect(beatsWhileRunning.load(ordering: .relaxed) > report.beatsPlayed / 2,
                "\(beatsWhileRunning.load(ordering: .relaxed)) of \(report.beatsPlayed) beats reached the consumer while it ran")
    }

    @Test func aPushedStreamIsPlayedAlongBlockByBlock() throws {
        let (audio, reference) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 10, sampleRate: 48000)
        var direction = LiveSession.Direction()
        direction.style = "rock"
        let session = try LiveSession(direction: direction, input: .stream(sampleRate: 48000, channels: 1))
        #expect(session.sampleRate == 48000)
        var rendered = 0
        var energy = 0.0
        var beatTimes: [Double] = []
        // A WebSocket's frames: 20 ms of PCM at a time; events are drained between frames.
        let frame = 960
        audio.withUnsafeBufferPointer { samples in
            var position = 0
            while position < samples.count {
                let n = min(frame, samples.count - position)
                rendered += session.push(interleaved: UnsafeBufferPointer(rebasing: samples[position..<position + n])) {
                    left, right, frames, _ in
                    for i in 0..<frames { energy += Double(left[i] * left[i] + right[i] * right[i]) }
                }
                while let event = session.events.pop() {
                    if case .beat(let beat) = event { beatTimes.append(Double(beat.time) / 48000) }
                }
                position += n
            }
        }
        let report = try session.finish()
        #expect(rendered == audio.count && report.frames == audio.count)
        #expect(energy > 1, "the band's output is silent")
        #expect(beatTimes.count == report.beatsPlayed && beatTimes.count > 25)
        // The band's beats fall on the input's: while it plays, nine in ten within 60 ms of a
        // reference beat (after the input ends it keeps time by itself, then rests).
        let during = beatTimes.filter { $0 <= reference.beatSeconds.last! + 0.06 }
        let onGrid = during.filter { time in reference.beatSeconds.contains { abs($0 - time) < 0.06 } }
        #expect(Double(onGrid.count) >= 0.9 * Double(during.count), "\(onGrid.count) of \(during.count) beats on the grid")
        #expect(session.push(interleaved: UnsafeBufferPointer(start: audio, count: 128)) { _, _, _, _ in } == 0)
    }

    @Test func badSessionsAreRefusedWithOneLine() throws {
        let folder = TemporaryFolder()
        var direction = LiveSession.Direction()
        func refusal(_ make: () throws -> LiveSession) -> String {
            do {
                _ = try make()
                return ""
            } catch {
                return "\(error)"
            }
        }
        let stream = LiveSession.Input.stream(sampleRate: 48000, channels: 1)
        #expect(refusal { try LiveSession(direction: direction, input: .stream(sampleRate: 48000, channels: 3)) }
            .contains("1 or 2 channels"))
        #expect(refusal { try LiveSession(direction: direction, input: .stream(sampleRate: 8000, channels: 1)) }
            .contains("8000 Hz"))
        #expect(refusal { try LiveSession(direction: direction, input: .fileRealtime(path: folder.path("none.wav"), server: nil)) }
            .contains("none.wav: no such file"))
        #expect(refusal { try LiveSession(direction: direction, song: .chart(path: folder.path("none.cho")), input: stream) }
            .contains("none.cho: no such file"))
        let chordless = try folder.bytes("words.cho", Data("{title: Words}\nJust words\n".utf8))
        #expect(!refusal { try LiveSession(direction: direction, song: .chart(path: chordless), input: stream) }.isEmpty)
        let notAMap = try folder.bytes("x.songmap.json", Data("{}".utf8))
        #expect(refusal { try LiveSession(direction: direction, song: .songMap(path: notAMap), input: stream) }
            .contains("not a Song Map"))
        direction.style = "polka-dots"
        #expect(refusal { try LiveSession(direction: direction, input: stream) }.contains("polka-dots"))
        direction = LiveSession.Direction()
        direction.intensity = .nan
        #expect(refusal { try LiveSession(direction: direction, input: stream) }.contains("intensity"))
        direction.intensity = 0.5
        direction.tempoBPM = 500
        #expect(refusal { try LiveSession(direction: direction, input: stream) }.contains("tempo"))
    }
}
