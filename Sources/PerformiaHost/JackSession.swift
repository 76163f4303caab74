import CJack
import PerformiaCore
import PerformiaIO
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a `JackSession` could not be opened or started. `description` is one line.
public enum JackSessionError: Error, CustomStringConvertible, Equatable {
    /// No JACK server answered (the session never starts one: `JackNoStartServer`).
    case serverNotRunning(server: String, status: UInt32)
    /// A port could not be registered or connected, or the client could not be activated.
    case jackFailed(String)
    /// The input file could not be opened.
    case inputFile(AudioFileError)
    /// The request makes no sense (channel counts, state).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .serverNotRunning(let server, let status):
            return "no JACK server '\(server)' is running (jack_status_t 0x\(String(status, radix: 16))); start one, e.g. jackd -d alsa, or jackd -d dummy"
        case .jackFailed(let reason): return "JACK: \(reason)"
        case .inputFile(let error): return error.description
        case .invalidConfiguration(let reason): return "invalid JACK session: \(reason)"
        }
    }
}

/// A JACK client that drives a `LiveGraph` from JACK's real-time process callback: 1–2 input
/// ports (`in_1`, `in_2`), 2 output ports (`out_left`, `out_right`).
///
/// Input comes from the input ports (connected to the system capture ports or left for the user
/// to connect), or from a file played at real-time pace: a reader thread decodes and resamples it
/// (libsamplerate, best sinc) to JACK's rate into a lock-free `AudioRing` that the callback
/// reads instead of the ports; an underflow plays silence and is counted.
///
/// Real-time behaviour of the process callback: no allocation, no locks, no logging, no Swift
/// concurrency; it reads port buffers, calls `graph.render` once per block (several times, in
/// slices of the prepared maximum, if JACK's period grows after `prepare`), counts the block and
/// stores its cost (CLOCK_MONOTONIC, vDSO, no system call) in a preallocated ring of
/// `costHistoryBlocks` durations. The xrun callback increments an atomic counter. The shutdown
/// callback (server stopped or crashed, device gone) only marks the session stopped and posts a
/// semaphore (both async-signal-safe); a monitor thread then calls `graph.stop()` and `onStop`.
///
/// Latency: one JACK period from input port to output port (128 frames = 2.7 ms at 48 kHz),
/// plus the device's own buffering; `time` in `render` counts frames since activation.
///
/// The session never starts a server (`JackNoStartServer`): tests and users choose it. A JACK
/// server's sample rate is fixed for its life; the session reads it once, at open, and
/// everything the graph holds is made for that rate before `start(graph:)` prepares it: opening
/// and starting are two steps so that the caller can decide the session's one sample rate from
/// the server's.
public final class JackSession: @unchecked Sendable {
    /// Where the graph's input comes from.
    public enum Input: Sendable, Equatable {
        /// Input ports registered but not connected (connect them with `jack_connect`/qjackctl).
        case unconnected
        /// Input ports connected to the physical capture ports (`system:capture_1`, …).
        case systemCapture
        /// A file played at real-time pace (ports registered but ignored).
        case file(path: String)
    }

    /// How the session was opened.
    public struct Configuration: Sendable {
        /// JACK client name (JACK may append a suffix if it is taken).
        public var clientName: String
        /// JACK server name (`jackd -n NAME`); nil for the default server (`$JACK_DEFAULT_SERVER`
        /// or "default").
        public var serverName: String?
        /// Input channels, 1 or 2.
        public var inputChannels: Int
        public var input: Input
        /// Connect `out_left`/`out_right` to the first two physical playback ports.
        public var connectOutputs: Bool
        /// Capacity of the file-input ring, in seconds (file input only).
        public var fileBufferSeconds: Double

        public init(clientName: String = "performia", serverName: String? = nil, inputChannels: Int = 1,
                    input: Input = .systemCapture, connectOutputs: Bool = true, fileBufferSeconds: Double = 1) {
            self.clientName = clientName
            self.serverName = serverName
            self.inputChannels = inputChannels
            self.input = input
            self.connectOutputs = connectOutputs
            self.fileBufferSeconds = fileBufferSeconds
        }
    }

    /// Why the session stopped.
    public enum StopReason: Sendable, Equatable {
        /// `close()` was called.
        case closed
        /// The server shut the client down (server stopped or crashed, device gone); JACK's reason.
        case serverShutdown(String)
    }

    /// Per-block cost of the process callback over the most recent blocks.
    public struct BlockCost: Sendable {
        /// Blocks the statistics cover (at most `costHistoryBlocks`).
        public var blockCount: Int
        /// Seconds.
        public var median: Double
        public var percentile95: Double
        public var maximum: Double
        /// The JACK period in seconds (`blockFrames / sampleRate`).
        public var blockPeriod: Double
        /// Cost as a fraction of the period (1 = the whole period: an xrun is near).
        public var medianLoad: Double { blockPeriod > 0 ? median / blockPeriod : 0 }
        public var percentile95Load: Double { blockPeriod > 0 ? percentile95 / blockPeriod : 0 }
        public var maximumLoad: Double { blockPeriod > 0 ? maximum / blockPeriod : 0 }
        /// Blocks whose callback took longer than the period (an under-run of the graph's own making).
        public var overrunBlocks: Int
    }

    /// Durations kept for `blockCost()`: 2^18 blocks (2 MB) = 11.6 min at 48 kHz / 128 frames,
    /// so a ten-minute session's statistics cover all of it.
    public static let costHistoryBlocks = 1 << 18

    public let configuration: Configuration
    /// JACK's sample rate, Hz.
    public let sampleRate: Double
    /// JACK's period at open, frames; the graph was prepared with this maximum.
    public let blockFrames: Int
    /// Full JACK name of the client (may differ from `configuration.clientName`).
    public let clientName: String

    /// Called once, from a non-real-time thread, after the session stopped and `graph.stop()` ran.
    /// Set it before `start(graph:)`.
    public var onStop: (@Sendable (StopReason) -> Void)? {
        get { state.withLock { $0.onStop } }
        set { state.withLock { $0.onStop = newValue } }
    }

    private struct State {
        var activated = false
        var closed = false
        var stopReason: StopReason?
        var onStop: (@Sendable (StopReason) -> Void)?
        var fileError: AudioFileError?
    }

    private let context: JackProcessContext
    private let client: OpaquePointer
    private let state = Mutex(State())
    /// Serialises `close()` and the monitor's shutdown handling.
    private let stopOnce = Atomic<Bool>(false)
    private let feeder: FileFeeder?
    private var readerThread: NativeThread?
    private var monitorThread: NativeThread?
    private let closeLock = Mutex(())

    /// Opens a client on a running JACK server, reads its rate and period, registers its ports
    /// and (for file input) opens the file, resampled to the server's rate. Nothing runs until
    /// `start(graph:)`.
    public init(configuration: Configuration = Configuration()) throws(JackSessionError) {
        guard (1...2).contains(configuration.inputChannels) else {
            throw .invalidConfiguration("inputChannels must be 1 or 2, not \(configuration.inputChannels)")
        }
        self.configuration = configuration
        var status = jack_status_t(rawValue: 0)
        guard let client = Self.openClient(name: configuration.clientName, server: configuration.serverName, status: &status) else {
            throw .serverNotRunning(server: configuration.serverName ?? "default", status: status.rawValue)
        }
        self.client = client
        sampleRate = Double(jack_get_sample_rate(client))
        blockFrames = Int(jack_get_buffer_size(client))
        clientName = String(cString: jack_get_client_name(client))

        var inputs: [OpaquePointer] = []
        var outputs: [OpaquePointer] = []
        let inputFlags = UInt(JackPortIsInput.rawValue)
        let outputFlags = UInt(JackPortIsOutput.rawValue)
        for c in 1...configuration.inputChannels {
            guard let port = jack_port_register(client, "in_\(c)", JACK_DEFAULT_AUDIO_TYPE, inputFlags, 0) else {
                jack_client_close(client)
                throw .jackFailed("cannot register input port in_\(c)")
            }
            inputs.append(port)
        }
        for name in ["out_left", "out_right"] {
            guard let port = jack_port_register(client, name, JACK_DEFAULT_AUDIO_TYPE, outputFlags, 0) else {
                jack_client_close(client)
                throw .jackFailed("cannot register output port \(name)")
            }
            outputs.append(port)
        }

        var ring: AudioRing?
        if case .file(let path) = configuration.input {
            let fileInput: FileInput
            do {
                fileInput = try FileInput(path: path, sampleRate: sampleRate, channelCount: configuration.inputChannels,
                                          maximumFrames: FileFeeder.chunkFrames, converter: .sincBest)
            } catch {
                jack_client_close(client)
                throw .inputFile(error)
            }
            let seconds = max(configuration.fileBufferSeconds, 0.05)
            let fileRing = AudioRing(channelCount: configuration.inputChannels,
                                     minimumCapacityFrames: max(Int(seconds * sampleRate), 4 * FileFeeder.chunkFrames))
            ring = fileRing
            feeder = FileFeeder(input: fileInput, ring: fileRing)
        } else {
            feeder = nil
        }
        context = JackProcessContext(inputPorts: inputs, outputPorts: outputs,
                                     maximumFrames: max(blockFrames, 1), ring: ring,
                                     costCapacity: Self.costHistoryBlocks)
        let raw = Unmanaged.passUnretained(context).toOpaque()
        jack_set_process_callback(client, { frames, arg in
            guard let arg else { return 0 }
            Unmanaged<JackProcessContext>.fromOpaque(arg)._withUnsafeGuaranteedRef { $0.process(frameCount: Int(frames)) }
            return 0
        }, raw)
        jack_set_xrun_callback(client, { arg in
            guard let arg else { return 0 }
            Unmanaged<JackProcessContext>.fromOpaque(arg)._withUnsafeGuaranteedRef { $0.noteXrun() }
            return 0
        }, raw)
        jack_on_info_shutdown(client, { code, reason, arg in
            guard let arg else { return }
            Unmanaged<JackProcessContext>.fromOpaque(arg)._withUnsafeGuaranteedRef {
                $0.noteShutdown(code: code.rawValue, reason: reason)
            }
        }, raw)
    }

    deinit {
        close()
    }

    /// Prepares `graph` with the server's rate and period, then starts the callbacks: pre-fills
    /// the file ring (file input), starts the reader and monitor threads, activates the client
    /// and makes the connections. The session drives one graph; calling it again does nothing.
    public func start(graph: any LiveGraph) throws(JackSessionError) {
        let proceed = state.withLock { state -> Bool in
            if state.activated || state.closed { return false }
            state.activated = true
            return true
        }
        guard proceed else {
            if isClosed { throw .invalidConfiguration("the session is closed") }
            return
        }
        let context = self.context
        graph.prepare(sampleRate: sampleRate, maximumBlockFrames: max(blockFrames, 1),
                      inputChannels: configuration.inputChannels)
        context.graph = graph
        if let feeder {
            feeder.fill()
            readerThread = NativeThread { [weak self] in
                feeder.run()
                if let error = feeder.error { self?.state.withLock { $0.fileError = error } }
            }
        }
        monitorThread = NativeThread { [weak self] in
            context.waitForWake()
            guard let self, context.shutdownRequested else { return }
            self.finish(reason: .serverShutdown(context.shutdownReason))
        }
        guard jack_activate(client) == 0 else {
            close()
            throw .jackFailed("cannot activate client \(clientName)")
        }
        connectPorts()
    }

    /// Deactivates and closes the client, stops the helper threads and calls `graph.stop()` (once,
    /// whatever stopped the session first). Idempotent; safe after the server died.
    public func close() {
        closeLock.withLock { _ in
            let first = state.withLock { state -> Bool in
                let first = !state.closed
                state.closed = true
                return first
            }
            guard first else { return }
            if !context.shutdownRequested {
                jack_deactivate(client)
            }
            context.wake()
            monitorThread?.join()
            monitorThread = nil
            feeder?.stopRequested.store(true, ordering: .releasing)
            readerThread?.join()
            readerThread = nil
            jack_client_close(client)
            finish(reason: .closed)
        }
    }

    /// Marks the session stopped, silences the graph and tells `onStop`, once.
    private func finish(reason: StopReason) {
        guard stopOnce.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        let handler = state.withLock { state -> (@Sendable (StopReason) -> Void)? in
            state.stopReason = reason
            return state.onStop
        }
        context.graph?.stop()
        handler?(reason)
    }

    private var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: Status (any thread)

    /// True between `start(graph:)` and the session stopping (closed or shut down by the server).
    public var isRunning: Bool {
        state.withLock { $0.activated && !$0.closed } && !context.shutdownRequested && !stopOnce.load(ordering: .acquiring)
    }

    /// Why the session stopped; nil while it runs (or before `start(graph:)`).
    public var stopReason: StopReason? { state.withLock { $0.stopReason } }

    /// Process callbacks so far.
    public var callbackCount: Int { context.callbackCount.load(ordering: .relaxed) }
    /// Frames rendered so far: the `time` the next block will carry.
    public var framesProcessed: Int64 { Int64(context.framesProcessed.load(ordering: .relaxed)) }
    /// Under-runs (xruns) JACK reported while the client was active.
    public var xrunCount: Int { context.xrunCount.load(ordering: .relaxed) }
    /// File input: frames of silence played because the reader had not delivered yet (not
    /// counting the silence after the file ended).
    public var inputUnderflowFrames: Int { context.underflowFrames.load(ordering: .relaxed) }
    /// File input: the whole file has been played (and the ring drained).
    public var fileInputFinished: Bool {
        guard let ring = context.ring else { return false }
        return ring.isFinishedWriting && ring.availableFramesToRead == 0
    }
    /// File input: the reader's error, if reading failed part-way (the rest plays as silence).
    public var fileInputError: AudioFileError? { state.withLock { $0.fileError } }

    /// The device latency JACK reports for the connected ports, in frames (the largest of each
    /// range): `capture` from the sound reaching the input to the samples arriving at `in_1`;
    /// `playback` from `out_left` to the sound leaving the output. Meaningful once the ports are
    /// connected (0 for unconnected ports and for file input). The monitoring path's total
    /// latency is `capture + blockFrames + playback`.
    public func portLatencyFrames() -> (capture: Int, playback: Int) {
        guard !isClosed, !context.shutdownRequested else { return (0, 0) }
        var capture = jack_latency_range_t(min: 0, max: 0)
        var playback = jack_latency_range_t(min: 0, max: 0)
        if context.ring == nil, let input = context.inputPortList.first {
            jack_port_get_latency_range(input, JackCaptureLatency, &capture)
        }
        if let output = context.outputPortList.first {
            jack_port_get_latency_range(output, JackPlaybackLatency, &playback)
        }
        return (Int(capture.max), Int(playback.max))
    }

    /// Median, 95th percentile and maximum cost of the process callback over the last
    /// `costHistoryBlocks` blocks (not real-time safe: sorts a copy).
    public func blockCost() -> BlockCost {
        let durations = context.recentCostNanoseconds().sorted()
        let period = sampleRate > 0 ? Double(blockFrames) / sampleRate : 0
        guard !durations.isEmpty else {
            return BlockCost(blockCount: 0, median: 0, percentile95: 0, maximum: 0, blockPeriod: period, overrunBlocks: 0)
        }
        func quantile(_ q: Double) -> Double {
            Double(durations[min(durations.count - 1, Int((q * Double(durations.count - 1)).rounded()))]) * 1e-9
        }
        let periodNanoseconds = Int64(period * 1e9)
        let overruns = durations.count - (durations.firstIndex { $0 > periodNanoseconds } ?? durations.count)
        return BlockCost(blockCount: durations.count, median: quantile(0.5), percentile95: quantile(0.95),
                         maximum: Double(durations.last!) * 1e-9, blockPeriod: period, overrunBlocks: overruns)
    }

    // MARK: Server queries

    /// Whether a JACK server of that name (nil: the default) accepts clients now.
    public static func serverIsRunning(named server: String? = nil) -> Bool {
        var status = jack_status_t(rawValue: 0)
        guard let client = openClient(name: "performia-probe", server: server, status: &status) else { return false }
        jack_client_close(client)
        return true
    }

    // MARK: Private

    private func connectPorts() {
        if configuration.input == .systemCapture {
            let sources = physicalPorts(flags: JackPortIsOutput.rawValue)
            for (c, port) in context.inputPortList.enumerated() where !sources.isEmpty {
                jack_connect(client, sources[min(c, sources.count - 1)], jack_port_name(port))
            }
        }
        if configuration.connectOutputs {
            let sinks = physicalPorts(flags: JackPortIsInput.rawValue)
            for (c, port) in context.outputPortList.enumerated() where c < sinks.count {
                jack_connect(client, jack_port_name(port), sinks[c])
            }
        }
    }

    private func physicalPorts(flags: UInt32) -> [String] {
        guard let list = jack_get_ports(client, nil, JACK_DEFAULT_AUDIO_TYPE, UInt(JackPortIsPhysical.rawValue | flags)) else {
            return []
        }
        defer { jack_free(list) }
        var names: [String] = []
        var i = 0
        while let name = list[i] {
            names.append(String(cString: name))
            i += 1
        }
        return names
    }

    /// `jack_client_open` is variadic, which Swift does not call; it is looked up and called with
    /// the server name as its one variadic argument. On x86-64 and AArch64 Linux a variadic
    /// pointer argument is passed exactly like a named one (and libjack's prologue ignores %al).
    private typealias ClientOpen = @convention(c) (UnsafePointer<CChar>, jack_options_t,
                                                   UnsafeMutablePointer<jack_status_t>?, UnsafePointer<CChar>?) -> OpaquePointer?

    private static func openClient(name: String, server: String?, status: inout jack_status_t) -> OpaquePointer? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "jack_client_open") else { return nil }
        let open = unsafeBitCast(symbol, to: ClientOpen.self)
        var options = JackNoStartServer.rawValue
        if server != nil {
            #if os(Linux)
            options |= JackServerName.rawValue
            #else
            return nil
            #endif
        }
        // libjack reports a missing server in several lines of its own on standard error; the
        // session's one-line error says it, so libjack is silent while the client opens
        // (`verboseJack` keeps its lines for diagnosis) and back to its own reporting after.
        if !verboseJack {
            jack_set_error_function(silentJackMessage)
            jack_set_info_function(silentJackMessage)
        }
        defer {
            jack_set_error_function(nil)
            jack_set_info_function(nil)
        }
        return open(name, jack_options_t(rawValue: options), &status, server)
    }

    /// Whether libjack's own messages are shown while a client opens (the environment variable
    /// `PERFORMIA_JACK_VERBOSE` set to anything but 0): by default only the session's one-line
    /// error is.
    static var verboseJack: Bool {
        guard let value = getenv("PERFORMIA_JACK_VERBOSE") else { return false }
        let text = String(cString: value)
        return text != "0" && !text.isEmpty
    }
}

/// Drops a libjack message (`jack_set_error_function`).
private func silentJackMessage(_ message: UnsafePointer<CChar>?) {}

/// What the process callback touches: preallocated buffers, counters and the graph. Owned by the
/// session; lives until after `jack_client_close`.
final class JackProcessContext: @unchecked Sendable {
    /// Set once by `start(graph:)` before the client is activated, so every callback sees it.
    var graph: (any LiveGraph)?
    let ring: AudioRing?
    let inputPortList: [OpaquePointer]
    let outputPortList: [OpaquePointer]

    let callbackCount = Atomic<Int>(0)
    let framesProcessed = Atomic<Int>(0)
    let xrunCount = Atomic<Int>(0)
    let underflowFrames = Atomic<Int>(0)
    private let shutdownFlag = Atomic<Bool>(false)
    private let costWriteIndex = Atomic<Int>(0)

    private let inputChannels: Int
    private let maximumFrames: Int
    private let inputPorts: UnsafeMutablePointer<OpaquePointer>
    private let outputPorts: UnsafeMutablePointer<OpaquePointer>
    /// What `render` reads: port buffers or `fileBuffers`.
    private let inputPointers: UnsafeMutablePointer<UnsafePointer<Float>>
    /// File input: `inputChannels` planes of `maximumFrames`.
    private let fileStorage: UnsafeMutablePointer<Float>
    private let fileBuffers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let costs: UnsafeMutablePointer<Int64>
    private let costCapacity: Int
    private var time: SampleTime = 0
    private let wakeSemaphore: UnsafeMutablePointer<sem_t>
    private let shutdownReasonBytes: UnsafeMutablePointer<CChar>
    private static let reasonCapacity = 256

    init(inputPorts: [OpaquePointer], outputPorts: [OpaquePointer], maximumFrames: Int,
         ring: AudioRing?, costCapacity: Int) {
        self.ring = ring
        inputPortList = inputPorts
        outputPortList = outputPorts
        inputChannels = inputPorts.count
        self.maximumFrames = maximumFrames
        self.inputPorts = .allocate(capacity: inputPorts.count)
        self.inputPorts.initialize(from: inputPorts, count: inputPorts.count)
        self.outputPorts = .allocate(capacity: 2)
        self.outputPorts.initialize(from: outputPorts, count: 2)
        inputPointers = .allocate(capacity: inputPorts.count)
        fileStorage = .allocate(capacity: inputPorts.count * maximumFrames)
        fileStorage.initialize(repeating: 0, count: inputPorts.count * maximumFrames)
        fileBuffers = .allocate(capacity: inputPorts.count)
        for c in 0..<inputPorts.count {
            fileBuffers[c] = fileStorage + c * maximumFrames
            inputPointers[c] = UnsafePointer(fileBuffers[c])
        }
        costs = .allocate(capacity: costCapacity)
        costs.initialize(repeating: 0, count: costCapacity)
        self.costCapacity = costCapacity
        wakeSemaphore = .allocate(capacity: 1)
        sem_init(wakeSemaphore, 0, 0)
        shutdownReasonBytes = .allocate(capacity: Self.reasonCapacity)
        shutdownReasonBytes.initialize(repeating: 0, count: Self.reasonCapacity)
    }

    deinit {
        inputPorts.deallocate()
        outputPorts.deallocate()
        inputPointers.deallocate()
        fileStorage.deallocate()
        fileBuffers.deallocate()
        costs.deallocate()
        sem_destroy(wakeSemaphore)
        wakeSemaphore.deallocate()
        shutdownReasonBytes.deallocate()
    }

    /// The process callback body. Real-time thread.
    func process(frameCount: Int) {
        let start = Self.monotonicNanoseconds()
        guard let graph else { return }
        let frames = UInt32(frameCount)
        let left = jack_port_get_buffer(outputPorts[0], frames).assumingMemoryBound(to: Float.self)
        let right = jack_port_get_buffer(outputPorts[1], frames).assumingMemoryBound(to: Float.self)
        var portInputs: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) = (nil, nil)
        if ring == nil {
            portInputs.0 = jack_port_get_buffer(inputPorts[0], frames).assumingMemoryBound(to: Float.self)
            if inputChannels > 1 {
                portInputs.1 = jack_port_get_buffer(inputPorts[1], frames).assumingMemoryBound(to: Float.self)
            }
        }
        var done = 0
        while done < frameCount {
            let slice = min(frameCount - done, maximumFrames)
            if let ring {
                let got = ring.read(into: UnsafePointer(fileBuffers), frameCount: slice)
                if got < slice {
                    for c in 0..<inputChannels { (fileBuffers[c] + got).update(repeating: 0, count: slice - got) }
                    if !ring.isFinishedWriting || ring.availableFramesToRead > 0 {
                        underflowFrames.add(slice - got, ordering: .relaxed)
                    }
                }
            } else {
                if let first = portInputs.0 { inputPointers[0] = UnsafePointer(first + done) }
                if let second = portInputs.1 { inputPointers[1] = UnsafePointer(second + done) }
            }
            graph.render(input: UnsafePointer(inputPointers), output: left + done, right + done,
                         frameCount: slice, time: time)
            time += SampleTime(slice)
            done += slice
        }
        framesProcessed.store(Int(time), ordering: .relaxed)
        callbackCount.add(1, ordering: .relaxed)
        let index = costWriteIndex.load(ordering: .relaxed)
        costs[index & (costCapacity - 1)] = Self.monotonicNanoseconds() - start
        costWriteIndex.store(index + 1, ordering: .releasing)
    }

    /// Xrun callback (JACK's notification thread).
    func noteXrun() { xrunCount.add(1, ordering: .relaxed) }

    /// Shutdown callback: async-signal-safe only (a copy into preallocated bytes, an atomic, sem_post).
    func noteShutdown(code: UInt32, reason: UnsafePointer<CChar>?) {
        if let reason { strncpy(shutdownReasonBytes, reason, Self.reasonCapacity - 1) }
        shutdownFlag.store(true, ordering: .releasing)
        sem_post(wakeSemaphore)
    }

    var shutdownRequested: Bool { shutdownFlag.load(ordering: .acquiring) }
    var shutdownReason: String {
        let text = String(cString: shutdownReasonBytes)
        return text.isEmpty ? "JACK server shut the client down" : text
    }

    /// Wakes the monitor thread (close).
    func wake() { sem_post(wakeSemaphore) }

    /// Blocks the monitor thread until a shutdown or `wake()`.
    func waitForWake() {
        while sem_wait(wakeSemaphore) != 0 && errno == EINTR {}
    }

    /// Copies the stored block durations (not real-time safe).
    func recentCostNanoseconds() -> [Int64] {
        let written = costWriteIndex.load(ordering: .acquiring)
        let count = min(written, costCapacity)
        return (0..<count).map { costs[(written - count + $0) & (costCapacity - 1)] }
    }

    static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

/// The file reader of a real-time-paced file input: keeps the ring topped up from a normal-priority
/// thread, sleeping a few milliseconds whenever it is full. Not real-time (file I/O, resampling).
final class FileFeeder: @unchecked Sendable {
    /// Frames decoded per step.
    static let chunkFrames = 1024
    /// How long the reader sleeps when the ring is full.
    static let sleepMicroseconds: UInt32 = 5_000

    let stopRequested = Atomic<Bool>(false)
    private let input: FileInput
    private let ring: AudioRing
    private let storage: UnsafeMutablePointer<Float>
    private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private let readBuffers: UnsafeMutablePointer<UnsafePointer<Float>>
    /// Set by the reader thread; read after it has been joined.
    private(set) var error: AudioFileError?

    init(input: FileInput, ring: AudioRing) {
        self.input = input
        self.ring = ring
        storage = .allocate(capacity: input.channelCount * Self.chunkFrames)
        buffers = .allocate(capacity: input.channelCount)
        readBuffers = .allocate(capacity: input.channelCount)
        for c in 0..<input.channelCount {
            buffers[c] = storage + c * Self.chunkFrames
            readBuffers[c] = UnsafePointer(buffers[c])
        }
    }

    deinit {
        storage.deallocate()
        buffers.deallocate()
        readBuffers.deallocate()
    }

    /// Fills the ring (or reads the whole file if it fits) on the calling thread.
    func fill() {
        while !ring.isFinishedWriting && pump() {}
    }

    /// The reader thread's loop: until the file ends or `stopRequested`.
    func run() {
        while !stopRequested.load(ordering: .acquiring) && !ring.isFinishedWriting {
            if !pump() { usleep(Self.sleepMicroseconds) }
        }
    }

    /// Moves one chunk into the ring; false when the ring has no room for one.
    private func pump() -> Bool {
        guard ring.availableFramesToWrite >= Self.chunkFrames else { return false }
        do {
            let frames = try input.read(into: UnsafePointer(buffers), frameCount: Self.chunkFrames)
            if frames == 0 {
                ring.finishWriting()
            } else {
                ring.write(UnsafePointer(readBuffers), frameCount: frames)
            }
        } catch {
            self.error = error
            ring.finishWriting()
        }
        return true
    }
}
