import Foundation
import PerformiaIO
import PerformiaTestSupport
import Testing

extension AnalyzeCommandTests {
    var demo: String { Self.root.appendingPathComponent("Resources/demo/demo.ogg").path }

    @Test func liveAtFastPaceWritesBandAudioMIDIAndWhatItPlayed() throws {
        let folder = TemporaryFolder()
        let run = try performia(["live", "--input", demo, "--pace", "fast", "--style", "rock", "--intensity", "0.7",
                                 "--out", folder.path("band.wav"), "--midi", folder.path("band.mid"),
                                 "--export", folder.path("played"), "--mix"])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("latency per stage (ms):"))
        let audio = try AudioFileReader(path: folder.path("band.wav"), targetSampleRate: nil, downmixToMono: false)
        #expect(audio.info.channelCount == 2 && audio.info.durationSeconds > 90)
        let midi = try Data(contentsOf: URL(fileURLWithPath: folder.path("band.mid")))
        #expect(midi.starts(with: Data("MThd".utf8)) && midi.count > 10_000)
        // The demo is 40 bars at 104 BPM in G: the band plays most of its 160 beats, near 104 BPM.
        let beats = try String(contentsOfFile: folder.path("played/beats.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { Double($0.split(separator: "\t")[0])! }
        #expect(beats.count > 130, "\(beats.count) beats")
        let intervals = zip(beats.dropFirst(), beats).map { $0 - $1 }.sorted()
        #expect(abs(60 / intervals[intervals.count / 2] - 104) < 3)
        let chords = try String(contentsOfFile: folder.path("played/chords.lab"), encoding: .utf8)
        #expect(chords.contains("G:maj") && chords.contains("C:maj") && chords.contains("D:"))
    }

    @Test func liveRefusesBadDirectionsWithOneLine() throws {
        let unknownStyle = try performia(["live", "--input", demo, "--pace", "fast", "--style", "polka-metal"])
        #expect(unknownStyle.status != 0 && unknownStyle.stderr.contains("unknown style 'polka-metal'")
                && unknownStyle.stderr.contains("jazz-swing"), "\(unknownStyle.stderr)")
        let instrument = try performia(["live", "--input", demo, "--pace", "fast", "--instruments", "drums,kazoo"])
        #expect(instrument.status != 0 && instrument.stderr.contains("unknown instrument 'kazoo'"))
        let intensity = try performia(["live", "--input", demo, "--pace", "fast", "--intensity", "1.5"])
        #expect(intensity.status != 0 && intensity.stderr.contains("--intensity must be between 0 and 1"))
        let noFile = try performia(["live", "--input", "/no/such/take.wav", "--pace", "fast"])
        expectOneLineError(noFile, naming: "/no/such/take.wav", containing: "no such file")
        let fastDevice = try performia(["live", "--pace", "fast"])
        #expect(fastDevice.status != 0 && fastDevice.stderr.contains("--pace fast needs a file"))
        let badKey = try performia(["live", "--input", demo, "--pace", "fast", "--key", "H#"])
        #expect(badKey.status != 0 && badKey.stderr.contains("is not a key"))
        for run in [unknownStyle, instrument, intensity, fastDevice, badKey] { #expect(!run.stderr.contains("Fatal error")) }
    }

    @Test func liveWithoutAJackServerSaysSoInOneLine() throws {
        let run = try performia(["live", "--input", demo, "--server", "performia-no-such-server"])
        #expect(run.status != 0)
        #expect(run.stderr.lowercased().contains("jack"), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
        // libjack's own lines are kept quiet: only the one-line error.
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(lines.count) lines: \(run.stderr)")
    }

    /// `performia live … 2>&1 | head -1`: the reader is gone, and the command ends as a closed pipe
    /// ends one (SIGPIPE, 141, or 0), never by a crash.
    @Test func liveIntoAClosedPipeEndsQuietly() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["live", "--input", demo, "--server", "performia-no-such-server"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try pipe.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        let quiet = process.terminationReason == .uncaughtSignal ? process.terminationStatus == SIGPIPE
            : [0, 141].contains(process.terminationStatus)
        #expect(quiet, "ended by \(process.terminationReason == .uncaughtSignal ? "signal" : "exit") \(process.terminationStatus)")
    }

    /// Every way to stop a real-time session writes what the band played until then.
    @Test(.enabled(if: JackTestServer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                   "no jackd or python3"))
    func liveWritesWhatWasPlayedWhenStoppedBySignal() throws {
        let server = try JackTestServer()
        let folder = TemporaryFolder()
        let take = try folder.audio("take.wav", channels: [Signals.band(bpm: 120, beatsPerBar: 4, bars: 30).audio])
        for (name, number) in [("SIGINT", SIGINT), ("SIGTERM", SIGTERM), ("SIGHUP", SIGHUP)] {
            let midi = folder.path("\(name).mid")
            // Started as a shell starts it: every signal unblocked and at its default action (the
            // test runner's own mask would otherwise be inherited).
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", """
                import os, signal, sys
                signal.pthread_sigmask(signal.SIG_SETMASK, [])
                for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE): signal.signal(s, signal.SIG_DFL)
                os.execv(sys.argv[1], sys.argv[1:])
                """, Self.executable.path, "live", "--input", take, "--server", server.name, "--midi", midi]
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 5)
            kill(process.processIdentifier, number)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(name): \(process.terminationStatus)")
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: midi))) ?? Data()
            // The header, the conductor track and at least one part's notes.
            let tracks = bytes.count >= 12 ? Int(bytes[10]) << 8 | Int(bytes[11]) : 0
            #expect(tracks >= 2 && bytes.count > 200, "\(name): \(bytes.count) bytes, \(tracks) tracks")
        }
    }

    @Test func liveAtRealTimePaceThroughJackDummyAndAServerThatDisappears() throws {
        let server = "performia-cli-test"
        let jackd = Process()
        jackd.executableURL = URL(fileURLWithPath: "/usr/bin/jackd")
        jackd.arguments = ["-n", server, "-d", "dummy", "-r", "48000", "-p", "128"]
        jackd.standardOutput = FileHandle.nullDevice
        jackd.standardError = FileHandle.nullDevice
        try jackd.run()
        defer { if jackd.isRunning { jackd.terminate(); jackd.waitUntilExit() } }
        Thread.sleep(forTimeInterval: 1.5)
        let folder = TemporaryFolder()
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 4)
        let take = try folder.audio("take.wav", channels: [audio])
        let run = try performia(["live", "--input", take, "--server", server, "--style", "pop",
                                 "--out", folder.path("band.wav"), "--midi", folder.path("band.mid")])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("under-runs"))
        #expect(run.stdout.contains("latency per stage (ms):"))
        #expect(FileManager.default.fileExists(atPath: folder.path("band.wav")))
        // The server goes away mid-session: the band stops, the command ends cleanly.
        let long = try folder.audio("long.wav", channels: [Signals.band(bpm: 110, beatsPerBar: 4, bars: 30).audio])
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["live", "--input", long, "--server", server, "--midi", folder.path("cut.mid")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        jackd.terminate()
        jackd.waitUntilExit()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && !stderr.contains("Fatal error"), "\(stderr)")
        #expect(stderr.contains("JACK server stopped"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("cut.mid")))
    }
}
