import Foundation
import PerformiaEngine
import PerformiaSession
import PerformiaTestSupport
import Testing

/// One sample rate per session: through `jackd -d dummy` at each rate, the band's output as JACK
/// receives it (recorded by JACK's own `jack_rec`) is in tune and on the input's tempo.
@Suite(.serialized) struct LiveSessionRateTests {
    static let recorder = "/usr/bin/jack_rec"

    @Test(arguments: [44100, 48000, 96000])
    func theBandIsInTuneAndOnTempoAtTheServersRate(rate: Int) throws {
        guard JackTestServer.isAvailable, FileManager.default.isExecutableFile(atPath: Self.recorder) else { return }
        let server = try JackTestServer(sampleRate: rate)
        let folder = TemporaryFolder()
        let (input, _) = try LiveSessionTests.fixture(in: folder, bars: 10)
        var direction = LiveSession.Direction()
        direction.parts = [.drums, .bass, .keys]
        let session = try LiveSession(direction: direction, input: .fileRealtime(path: input, server: server.name))
        #expect(session.sampleRate == Double(rate))
        let recording = folder.path("received.wav")
        var jackRec: Process?
        let report = try session.run(maximumSeconds: 30) {
            if jackRec == nil {
                // The session's client is active now: record its ports as JACK delivers them.
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Self.recorder)
                process.arguments = ["-f", recording, "-d", "22", "-b", "16", "performia:out_left", "performia:out_right"]
                process.environment = ["JACK_DEFAULT_SERVER": server.name, "JACK_NO_START_SERVER": "1"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try? process.run()
                jackRec = process
            }
            return true
        }
        let recorder = try #require(jackRec)
        if recorder.isRunning { recorder.terminate() }
        recorder.waitUntilExit()
        #expect(report.beatsPlayed > 25)
        let map = try SongAnalyzer().analyze(path: recording)
        print("JACK at \(rate) Hz: the band recorded by jack_rec reads \(map.key?.name ?? "no key"), tuning "
              + "\(String(format: "%.1f", map.tuning.cents)) cents, \(String(format: "%.1f", map.tempo.bpm ?? 0)) BPM; "
              + "\(report.beatsPlayed) beats, \(report.device?.xruns ?? -1) xruns")
        #expect(abs(map.tuning.cents) <= 5, "tuning \(map.tuning.cents) cents")
        #expect(map.key?.name == "A major", "key \(map.key?.name ?? "none")")
        #expect(abs((map.tempo.bpm ?? 0) - 120) < 2, "tempo \(map.tempo.bpm ?? 0)")
    }

    @Test func anUnusualServerRateRunsOrIsRefusedWithOneLine() throws {
        guard JackTestServer.isAvailable else { return }
        let folder = TemporaryFolder()
        let (input, _) = try LiveSessionTests.fixture(in: folder, bars: 2)
        do {
            let server = try JackTestServer(sampleRate: 192000, periodFrames: 256)
            _ = try LiveSession(direction: .init(), input: .fileRealtime(path: input, server: server.name))
            Issue.record("a session at 192 kHz was not refused")
        } catch let error as LiveSessionError {
            #expect(error.description.contains("192000 Hz") && !error.description.contains("\n"), "\(error)")
        }
        let server = try JackTestServer(sampleRate: 22050, periodFrames: 64)
        let session = try LiveSession(direction: .init(), input: .fileRealtime(path: input, server: server.name))
        let report = try session.run(maximumSeconds: 6)
        #expect(session.sampleRate == 22050 && report.frames > 22050)
    }
}
