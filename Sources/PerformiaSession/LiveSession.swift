import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaEngine
import PerformiaHost
import PerformiaIO
import PerformiaMusic
import PerformiaNeural
import PerformiaSeparation
import PerformiaSynth

/// A live session: the band that follows the player, as one type the CLI, the server and tests
/// use alike. It decides everything `performia live` used to decide — the style, harmony model
/// and direction; the song it has rehearsed (a ChordPro chart or a Song Map) and the meter it
/// counts from it; the session's **one sample rate** (the JACK server's for a device or a file at
/// real-time pace, the caller's for a pushed stream, 48 kHz by default for a file as fast as
/// possible), with which the synthesiser is made and the whole band chain prepared — then drives
/// the chain (`BandGraph`) from its input and writes its outputs and report.
///
/// While it runs, what the band plays (beats with their chords and key, notes, directed
/// sections) reaches `events`, a lock-free single-producer queue the audio thread fills and any
/// one consumer thread drains. `control` takes the performer's direction and `status` shows
/// what the band does now, both from any thread.
///
/// Life cycle: `init` (loads, opens the device, prepares nothing yet), then either `run` (device
/// and file inputs: blocks until the input ends, the band's ending has rung out, the time limit
/// or `tick` says stop) or `push` calls and `finish` (a stream). Not thread-safe itself: one
/// caller thread.
public final class LiveSession {
    public typealias Graph = BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>

    /// Seconds the session runs on after the ending's last beat is arranged: that beat, and the
    /// release of the last notes.
    public static let endingRingSeconds = 3.0
    /// Frames per block of a file run as fast as possible and of a pushed stream (a JACK period
    /// at 128 frames, and the browser's AudioWorklet quantum).
    public static let blockFrames = 128
    /// Seconds of silence rendered after a file at fast pace, so the last notes ring out.
    public static let fastTailSeconds = 1.0
    /// How the band hears the beat unless told otherwise (`Direction.rhythm`): the form that
    /// measured better on the live-band benchmarks — the signal form (`dsp`): with the causal
    /// model of 2026-12-05 the learned form was behind on the dev, performer-alone and real sets
    /// (docs/benchmarks.md, "The live band hears the beat through the causal network").
    public static let defaultRhythm = RhythmMethod.dsp
    /// Rates the band plays at, Hz (FluidSynth's range); a JACK server outside it is refused.
    public static let supportedSampleRates: ClosedRange<Double> = 22050...96000

    public let input: Input
    public let outputs: Outputs
    /// Hz: the one rate of the session's input, band chain, synthesiser and outputs.
    public let sampleRate: Double
    /// The performer's direction while the band plays (any thread).
    public let control: BandControl
    /// What the band does now (any thread).
    public var status: LiveStatus { graph.status }
    /// What the band plays, while it plays: one consumer thread pops.
    public let events: EventQueue<BandEvent>

    private let graph: Graph
    /// What the drivers run: the band, or the band behind a stem separator.
    private let driven: any LiveGraph
    /// The live separation in front of the band (`Direction.stems`), for its mix controls.
    public let stemFront: StemFront<Graph>?
    /// The Living Chart, when the song is a chart with lyrics (`--chart` with words).
    public let livingChart: LivingChart?
    private let jack: JackSession?
    private let stream: StreamDriver?
    private var framesRendered: SampleTime = 0
    private var realTimeFactor: Double?
    private var device: Report.Device?
    private var endedByBand = false
    private var finished = false

    /// Loads the style, the harmony model and the rehearsed song, decides the meter and the
    /// sample rate (opening the JACK client for device and real-time file input), makes the
    /// synthesiser at that rate and builds the band chain. Throws a one-line error naming what
    /// is wrong.
    public init(direction: Direction, song: Song? = nil, input: Input, outputs: Outputs = Outputs(),
                eventCapacity: Int = 1 << 14) throws(LiveSessionError) {
        if let problem = direction.problem { throw LiveSessionError(problem) }
        let style: Style
        let model: HarmonyModel
        do {
            style = try StyleLibrary.style(named: direction.style)
            model = try StyleLibrary.harmonyModel()
        } catch {
            throw LiveSessionError(error.description)
        }
        var band = BandDirection(intensity: direction.intensity, section: direction.section, countIn: direction.countIn)
        if let parts = direction.parts {
            band.enabledParts = 0
            for part in parts { band.setEnabled(part, true) }
        }
        var chart: ChartChords?
        var rehearsal: RehearsedSong?
        var lyricSheet: LyricSheet?
        switch song {
        case .chart(let path)?:
            let read = try RehearsalLoader.chart(at: path)
            chart = read
            rehearsal = RehearsalLoader.song(fromChart: read)
            lyricSheet = try? LyricsAnalysis.sheet(chartPath: path)
        case .songMap(let path)?:
            rehearsal = try RehearsalLoader.song(fromSongMap: path)
        case nil:
            break
        }
        let meter = CountedMeter(beatsPerBar: direction.beatsPerBar, chart: chart, style: style)
        let beatModel: BeatTCN?
        do {
            beatModel = try direction.rhythm == .learned
                ? BeatModelFile.load(path: direction.beatModelPath ?? ResourceFolder.path(BeatModelFile.causalResource),
                                     causal: true)
                : nil
        } catch {
            throw LiveSessionError(error.description)
        }

        // The one sample rate: the device's, or the caller's.
        var inputChannels = 1
        switch input {
        case .device(let server):
            jack = try Self.openJack(server: server, input: .systemCapture)
        case .fileRealtime(let path, let server):
            guard FileManager.default.fileExists(atPath: path) else { throw LiveSessionError("\(path): no such file") }
            jack = try Self.openJack(server: server, input: .file(path: path))
        case .fileFast:
            jack = nil
        case .stream(_, let channels):
            guard (1...2).contains(channels) else { throw LiveSessionError("a stream has 1 or 2 channels, not \(channels)") }
            inputChannels = channels
            jack = nil
        }
        switch input {
        case .device, .fileRealtime: sampleRate = jack!.sampleRate
        case .fileFast(_, let rate), .stream(let rate, _): sampleRate = rate
        }
        guard Self.supportedSampleRates.contains(sampleRate) else {
            jack?.close()
            throw LiveSessionError("the session would run at \(Int(sampleRate)) Hz; the band plays at 22050…96000 Hz "
                                   + "(start JACK at 44100 or 48000, e.g. jackd -d alsa -r 48000)")
        }
        let synth: FluidSynthRenderer
        do {
            synth = try FluidSynthRenderer(sampleRate: sampleRate)
        } catch {
            jack?.close()
            throw LiveSessionError(error.description)
        }

        let arranger = StyleArranger(style: style, direction: band, seed: 1)
        // The band counts a 6/8 in dotted quarters, so a tempo given for one is read as the chart's is.
        let beatBPM = meter.compound ? direction.tempoBPM.map(Meter.dottedQuarterBPM) : direction.tempoBPM
        graph = Graph(arranger: arranger, predictor: HarmonyPredictor(model: model), synth: synth,
                      programs: arranger.programs, beatsPerBar: meter.beatsPerBar, detectsMeter: meter.detects,
                      compound: meter.compound, expectedBPM: meter.compound ? beatBPM ?? chart?.tempoBPM : nil,
                      beatModel: beatModel)
        graph.monitorGain = outputs.mixesInput && direction.stems == nil ? 1 : 0
        graph.keyOverride = direction.key
        graph.tempoOverrideBPM = beatBPM
        graph.leadsFromStart = direction.countIn
        control = BandControl(band)
        graph.control = control
        graph.rehearsal = rehearsal
        events = EventQueue(minimumCapacity: eventCapacity)
        graph.events = events
        if let stems = direction.stems {
            let front = try Self.stemFront(stems, graph: graph)
            front.monitorGain = outputs.mixesInput ? 1 : 0
            graph.inputLatencyFrames = front.separator.latencyFrames
            stemFront = front
            driven = front
        } else {
            stemFront = nil
            driven = graph
        }
        if let lyricSheet, let chart {
            do {
                livingChart = LivingChart(sheet: lyricSheet, syllables: try LyricsAnalysis.syllableCounts(lyricSheet),
                                          beatsPerBar: chart.beatsPerBar, tempoBPM: chart.tempoBPM ?? 0, sampleRate: sampleRate)
            } catch {
                jack?.close()
                throw LiveSessionError(error.description)
            }
        } else {
            livingChart = nil
        }
        self.input = input
        self.outputs = outputs
        if case .stream = input {
            stream = StreamDriver(graph: driven, sampleRate: sampleRate, inputChannels: inputChannels,
                                  maximumBlockFrames: Self.blockFrames)
        } else {
            stream = nil
        }
    }

    deinit {
        jack?.close()
    }

    /// Runs a device or file session to its end and writes the outputs. At real-time pace the
    /// calling thread wakes about ten times a second and calls `tick` (a terminal view, keys):
    /// returning false ends the session. It also ends when the file has played, when the band's
    /// ending has rung out (`endingRingSeconds`), after `maximumSeconds`, or when the JACK server
    /// stops. A stream session is driven by `push` instead.
    public func run(maximumSeconds: Double? = nil, tick: () -> Bool = { true }) throws(LiveSessionError) -> Report {
        switch input {
        case .fileFast(let path, _):
            try runFast(path: path)
        case .device, .fileRealtime:
            try runRealtime(maximumSeconds: maximumSeconds, tick: tick)
        case .stream:
            throw LiveSessionError("a stream session is driven by push(interleaved:output:) and finish(), not run")
        }
        return try finish()
    }

    /// Stream input: renders `samples` (interleaved, the stream's channels, at `sampleRate`)
    /// through the band on the calling thread, handing each block's stereo output to `output`.
    /// Returns the frames rendered (0 for other inputs or after `finish`).
    @discardableResult
    public func push(interleaved samples: UnsafeBufferPointer<Float>, output: StreamDriver.OutputHandler) -> Int {
        guard let stream, !finished else { return 0 }
        return stream.push(interleaved: samples, output: output)
    }

    /// Ends the session (a stream: the band stops) and writes the outputs: `--out` from the
    /// recorded notes (after a real-time or stream session), the MIDI file and the MIR export.
    /// Idempotent: a second call returns the same report.
    @discardableResult
    public func finish() throws(LiveSessionError) -> Report {
        if !finished {
            finished = true
            if let stream {
                stream.stop()
                framesRendered = stream.framesProcessed
            }
            try writeOutputs()
        }
        return report
    }

    // MARK: Private

    /// The separator and the two mixes of `stems` (names checked against the model's stems).
    private static func stemFront(_ stems: Direction.Stems, graph: Graph) throws(LiveSessionError) -> StemFront<Graph> {
        let model: StemTCN
        do {
            model = try StemModelFile.load(path: stems.modelPath ?? ResourceFolder.path(StemModelFile.liveResource), causal: true)
        } catch {
            throw LiveSessionError(error.description)
        }
        let names = model.stemNames
        func index(_ name: String) throws(LiveSessionError) -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw LiveSessionError("no stem '\(name)': the separator has \(names.joined(separator: ", "))")
            }
            return i
        }
        var heard = StemMixControl.Setting(), monitor = StemMixControl.Setting()
        if let chosen = stems.heard {
            for s in names.indices { heard.setMuted(s, true) }
            for name in chosen { heard.setMuted(try index(name), false) }
        }
        for name in stems.muted { monitor.setMuted(try index(name), true) }
        for name in stems.soloed { monitor.setSoloed(try index(name), true) }
        for (name, gain) in stems.gainsDecibels {
            guard gain.isFinite && (-64...63.5).contains(gain) else {
                throw LiveSessionError("the gain of \(name) must be between -64 and 63.5 dB (got \(gain))")
            }
            monitor.setGain(try index(name), decibels: gain)
        }
        return StemFront(inner: graph, separator: StemSeparator(model: model), heard: StemMixControl(heard),
                         monitor: StemMixControl(monitor))
    }

    private static func openJack(server: String?, input: JackSession.Input) throws(LiveSessionError) -> JackSession {
        do {
            return try JackSession(configuration: .init(serverName: server, inputChannels: 1, input: input))
        } catch {
            throw LiveSessionError(error.description)
        }
    }

    private func runFast(path: String) throws(LiveSessionError) {
        do {
            let driver = try FastFileDriver(path: path, sampleRate: sampleRate, inputChannels: 1, blockFrames: Self.blockFrames,
                                            tailSeconds: Self.fastTailSeconds)
            let summary: FastFileDriver.Summary
            if let out = outputs.audioPath {
                summary = try driver.run(graph: driven, writingTo: out)
            } else {
                summary = try driver.run(graph: driven) { _, _, _, _ in }
            }
            framesRendered = SampleTime(summary.frames)
            realTimeFactor = summary.realTimeFactor
        } catch {
            throw LiveSessionError(error.description)
        }
    }

    private func runRealtime(maximumSeconds: Double?, tick: () -> Bool) throws(LiveSessionError) {
        guard let jack else { return }
        do {
            try jack.start(graph: driven)
        } catch {
            throw LiveSessionError(error.description)
        }
        let fileInput: Bool
        if case .fileRealtime = input { fileInput = true } else { fileInput = false }
        let started = Date()
        var endedAt: Date?
        while jack.isRunning {
            if fileInput && jack.fileInputFinished { break }
            // After the ending's last beat: its notes sound and ring out, then the session ends.
            if graph.status.hasEnded {
                if endedAt == nil { endedAt = Date() }
                if let endedAt, Date().timeIntervalSince(endedAt) >= Self.endingRingSeconds { break }
            } else {
                endedAt = nil
            }
            if let maximumSeconds, Date().timeIntervalSince(started) >= maximumSeconds { break }
            Thread.sleep(forTimeInterval: 0.1)
            if !tick() { break }
        }
        endedByBand = endedAt != nil
        let cost = jack.blockCost()
        let xruns = jack.xrunCount
        let reason = jack.stopReason
        framesRendered = SampleTime(jack.framesProcessed)
        jack.close()
        device = Report.Device(xruns: xruns, blockCost: cost, stopReason: reason)
    }

    private func writeOutputs() throws(LiveSessionError) {
        if let out = outputs.audioPath, jack != nil || stream != nil {
            var mixing: String?
            if outputs.mixesInput, case .fileRealtime(let path, _) = input { mixing = path }
            do {
                try BandRender.render(messages: graph.messages, programs: graph.synthPrograms, sampleRate: sampleRate,
                                      endTime: framesRendered, mixing: mixing, to: out)
            } catch {
                throw LiveSessionError("\(out): \(error)")
            }
        }
        do {
            if let folder = outputs.exportFolder {
                try BandLog.exportMIR(beats: graph.playedBeats, sampleRate: sampleRate, to: URL(fileURLWithPath: folder))
            }
            if let midi = outputs.midiPath {
                var table: [UInt8: UInt8] = [:]
                for p in graph.synthPrograms { table[p.channel] = p.program }
                try BandLog.exportMIDI(messages: graph.messages, beats: graph.playedBeats, sections: graph.sections, sampleRate: sampleRate,
                                       programs: table, endTime: framesRendered, to: midi)
            }
        } catch {
            throw LiveSessionError("cannot write results: \(error)")
        }
    }

    private var report: Report {
        let leads = graph.playedBeats.map(\.schedulingLeadFrames).sorted()
        return Report(sampleRate: sampleRate, frames: framesRendered, blockFrames: jack?.blockFrames ?? Self.blockFrames,
                      realTimeFactor: realTimeFactor, beatLatencyFrames: graph.beatLatencyFrames,
                      beatChordLatencyFrames: graph.beatChordLatencyFrames, chordLatencyFrames: graph.chordLatencyFrames,
                      medianSchedulingLeadFrames: leads.isEmpty ? nil : leads[leads.count / 2],
                      beatsPlayed: graph.playedBeats.count, beatsAnticipated: graph.playedBeats.count(where: \.anticipated),
                      lateNotes: graph.lateNotes, endedByBand: endedByBand, device: device,
                      separationLatencyFrames: stemFront?.separator.latencyFrames)
    }
}
