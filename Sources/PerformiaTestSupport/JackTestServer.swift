import Foundation
import PerformiaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A private `jackd -d dummy` server for one test: real callbacks at the dummy driver's clock
/// without hardware. Stopped (SIGTERM) when released.
///
/// Names come from a small fixed pool (`performia-test-0` …) rather than fresh ones: JACK keeps
/// servers in a registry of 8 slots in /dev/shm, and a server that dies without unregistering
/// (SIGKILL, a crashed test run) keeps its slot until a server of the same name starts again.
/// A name in use by another running server (a test run beside this one) is skipped.
public final class JackTestServer {
    public static let executable = ["/usr/bin/jackd", "/usr/local/bin/jackd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var isAvailable: Bool { executable != nil }
    static let namePool = (0..<6).map { "performia-test-\($0)" }

    public struct StartFailed: Error, CustomStringConvertible {
        public var description: String
    }

    public let name: String
    public let sampleRate: Int
    public let periodFrames: Int
    private var process: Process
    private var killed = false
    private var released = false

    public init(sampleRate: Int = 48000, periodFrames: Int = 128) throws {
        self.sampleRate = sampleRate
        self.periodFrames = periodFrames
        var failures: [String] = []
        _ = Self.slot.wait(timeout: .now() + 180)
        for candidate in Self.namePool where Self.claim(candidate) {
            guard !JackSession.serverIsRunning(named: candidate) else {
                Self.release(candidate)
                continue
            }
            let (process, log) = try Self.launch(name: candidate, sampleRate: sampleRate, periodFrames: periodFrames)
            if Self.waitUntilServing(process, name: candidate) {
                name = candidate
                self.process = process
                return
            }
            failures.append("\(candidate): \(log.text)")
            Self.terminate(process)
            Self.release(candidate)
        }
        Self.slot.signal()
        throw StartFailed(description: "no jackd could start: " + failures.joined(separator: "; "))
    }

    /// Sends `signal` to jackd without waiting (SIGKILL: a crash; SIGTERM: an orderly stop).
    public func kill(signal: Int32) {
        if process.isRunning {
            killed = killed || signal == SIGKILL
            Glibc.kill(process.processIdentifier, signal)
        }
    }

    /// One server at a time per test process: tests run in parallel, and on these machines two
    /// dummy servers started together let clients of one reach the other (the fresh-clone suite's
    /// 96 kHz test found a 48 kHz server). A second server waits for the first to stop (at most
    /// 180 s, so a test holding two cannot deadlock).
    private static let slot = DispatchSemaphore(value: 1)
    private static let claimed = Mutex<Set<String>>([])

    private static func claim(_ name: String) -> Bool { claimed.withLock { $0.insert(name).inserted } }

    private static func release(_ name: String) { _ = claimed.withLock { $0.remove(name) } }

    public func stop() {
        defer {
            if !released {
                Self.release(name)
                Self.slot.signal()
            }
            released = true
        }
        Self.terminate(process)
        if killed {
            // Start and stop a server of the same name: it reclaims the dead one's registry slot
            // and removes the shared-memory segments of dead servers (jack_cleanup_shm).
            killed = false
            if let (again, _) = try? Self.launch(name: name, sampleRate: sampleRate, periodFrames: periodFrames) {
                _ = Self.waitUntilServing(again, name: name)
                Self.terminate(again)
            }
        }
    }

    deinit { stop() }

    private final class Log {
        let path: String
        init(name: String) {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        var text: String {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").suffix(3).joined(separator: " / ")
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func launch(name: String, sampleRate: Int, periodFrames: Int) throws -> (Process, Log) {
        let process = Process()
        let log = Log(name: name)
        process.executableURL = URL(fileURLWithPath: executable ?? "/usr/bin/jackd")
        process.arguments = ["-n", name, "-d", "dummy", "-r", "\(sampleRate)", "-p", "\(periodFrames)"]
        let handle = FileHandle(forWritingAtPath: log.path)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, log)
    }

    /// Waits up to 10 s for `process` to accept clients; false if it exits first.
    private static func waitUntilServing(_ process: Process, name: String) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if JackSession.serverIsRunning(named: name) { return process.isRunning }
            usleep(100_000)
        }
        return false
    }

    private static func terminate(_ process: Process) {
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
    }
}
