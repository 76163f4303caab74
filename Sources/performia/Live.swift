import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaEngine
import PerformiaIO
import PerformiaLive
import PerformiaMusic
import Synchronization

/// `performia live`: the band that follows the player. Listens to the input (a JACK capture
/// device, or a file at real-time pace through the same JACK callback, or a file as fast as
/// possible for evaluation), tracks beats, chords and key causally, and plays a band in the
/// chosen style through FluidSynth, scheduled a beat ahead on the predicted grid.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play along live: a band (drums, bass, keys, strings, guitar) that follows your tempo and chords.",
        discussion: """
            --input is `system` (the JACK server's capture ports; the default) or an audio file. \
            A file plays through the JACK callback at real-time pace (--pace realtime) or, without \
            JACK, as fast as possible (--pace fast, for evaluation). Needs a running JACK server \
            for real-time pace (e.g. `jackd -d alsa`, or `jackd -d dummy` to try it). At the end \
            it prints a latency report per stage. At real-time pace with a terminal on standard \
            input, single keys direct the band: i/v/c/b/o intro/verse/chorus/bridge/outro, f fill \
            at the end of the bar, e ending (the band plays its ending and stops), +/- intensity, \
            1-5 drums/bass/keys/strings/guitar on/off, q quit.
            """)

    @Option(help: "`system` (JACK capture) or an audio file.")
    var input = "system"

    @Option(help: "Band style (see --list-styles).")
    var style = "pop"

    @Option(help: "Comma-separated parts that play: drums, bass, keys, strings, guitar (default: all the style has).")
    var instruments: String?

    @Option(help: "How busy the band plays, 0 (sparse) … 1 (dense).")
    var intensity = 0.6

    @Option(help: "The section to start in: intro, verse, chorus, bridge or outro (a chorus plays denser and louder, an intro or outro sparser).")
    var section: String?

    @Flag(help: "Start with a one-bar count-in: the drums' count-in sound on every beat, then the band comes in on a downbeat.")
    var countIn = false

    @Option(help: "Keep this tempo (40…300 BPM), placed on the beats heard (default: follow the tempo heard); in 6/8 the dotted quarter's, or above 140 the eighth note's.")
    var tempo: Double?

    @Option(help: "Beats per bar to count in (4 for 4/4, 3 for 3/4, 2 for 6/8).")
    var beatsPerBar: Int?

    @Option(help: "Play in this key whatever is heard (e.g. G, Em).")
    var key: String?

    @Option(name: .customLong("song-map"),
            help: "A Song Map of an earlier take (performia analyze): the band knows the song's chords and anticipates its changes from the start.")
    var songMap: String?

    @Option(help: "A ChordPro chart, bar by bar ([G] | [Em] | [C] [D]; performia chart writes one) or chords in the lyrics ([G]Sunday [C]morning): the band follows you through it, counting in its {time: …} from the first bar.")
    var chart: String?

    @Option(help: "realtime (through JACK) or fast (no JACK; file input only).")
    var pace = "realtime"

    @Option(help: "Write the band's audio (stereo WAV/FLAC/OGG) here.")
    var out: String?

    @Option(help: "Write the band's notes as a Standard MIDI File (tempo map from its beats).")
    var midi: String?

    @Flag(help: "Mix the input into the band audio (--out and the JACK outputs).")
    var mix = false

    @Option(help: "Also write beats.txt and chords.lab of what the band played into DIR.")
    var export: String?

    @Option(help: "JACK server name (default: $JACK_DEFAULT_SERVER or `default`).")
    var server: String?

    @Option(help: "Stop after this many seconds (device input; default: until Ctrl-C or the input ends).")
    var seconds: Double?

    @Flag(help: "List the styles and exit.")
    var listStyles = false

    func validate() throws {
        guard (0...1).contains(intensity), intensity.isFinite else {
            throw ValidationError("--intensity must be between 0 and 1 (got \(intensity))")
        }
        guard pace == "realtime" || pace == "fast" else { throw ValidationError("--pace must be realtime or fast (got '\(pace)')") }
        if pace == "fast" && input == "system" { throw ValidationError("--pace fast needs a file --input") }
        if let beatsPerBar, !(1...12).contains(beatsPerBar) { throw ValidationError("--beats-per-bar must be 1…12") }
        if songMap != nil && chart != nil { throw ValidationError("--song-map and --chart both give the song: choose one") }
        if let instruments {
            for name in instruments.split(separator: ",") where BandPart(name: String(name)) == nil {
                throw ValidationError("unknown instrument '\(name)' (parts: \(BandPart.allCases.map(\.name).joined(separator: ", ")))")
            }
        }
        if let key, Self.parseKey(key) == nil { throw ValidationError("--key '\(key)' is not a key (G, Bb, F#m, Em …)") }
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be positive") }
        if let tempo, !(40...300).contains(tempo) { throw ValidationError("--tempo must be between 40 and 300 BPM (got \(tempo))") }
    }

    /// The bar the band counts from the first beat, whether the meter is still to be found live,
    /// and whether it is a known 6/8: `--beats-per-bar`, else the chart's time signature, else
    /// the style's (3 or 4 then found live). A 6/8 chart is counted in dotted quarters from the
    /// first bar (`CausalBeatTracker(compound:expectedBPM:)`).
    static func meter(beatsPerBar: Int?, chart: ChartChords?, style: Style)
        -> (beatsPerBar: Int, detects: Bool, compound: Bool) {
        if let beatsPerBar { return (beatsPerBar, false, false) }
        if let chart, chart.meterWritten {
            return (chart.beatsPerBar, false, chart.isCompound && chart.beatsPerBar == 2)
        }
        return (style.beatsPerBar, style.beatsPerBar == 3 || style.beatsPerBar == 4, false)
    }

    func run() throws {
        if listStyles {
            print(StyleLibrary.available().joined(separator: "\n"))
            return
        }
        var startSection: SectionLabel?
        if let section {
            guard let label = SectionLabel(rawValue: section) else {
                fail("unknown section '\(section)' (sections: intro, verse, chorus, bridge, outro)")
            }
            startSection = label
        }
        let band: Style
        let model: HarmonyModel
        do {
            band = try StyleLibrary.style(named: style)
            model = try StyleLibrary.harmonyModel()
        } catch {
            fail(error.description)
        }
        var direction = BandDirection(intensity: intensity, section: startSection, countIn: countIn)
        if let instruments {
            direction.enabledParts = 0
            for name in instruments.split(separator: ",") { if let part = BandPart(name: String(name)) { direction.setEnabled(part, true) } }
        }
        var rehearsedChart: ChartChords?
        if let chart {
            do throws(Rehearsal.Failure) { rehearsedChart = try Rehearsal.chart(at: chart) } catch { fail(error.description) }
        }
        let (meter, detectsMeter, compound) = Self.meter(beatsPerBar: beatsPerBar, chart: rehearsedChart, style: band)
        let arranger = StyleArranger(style: band, direction: direction, seed: 1)
        let rate = 48000.0
        let synth: FluidSynthRenderer
        do { synth = try FluidSynthRenderer(sampleRate: rate) } catch { fail(error.description) }
        // The band counts a 6/8 in dotted quarters, so a tempo given for one is read as the chart's is.
        let beatBPM = compound ? tempo.map(Meter.dottedQuarterBPM) : tempo
        let graph = BandGraph(arranger: arranger, predictor: HarmonyPredictor(model: model), synth: synth,
                              programs: arranger.programs, beatsPerBar: meter, detectsMeter: detectsMeter, compound: compound,
                              expectedBPM: compound ? beatBPM ?? rehearsedChart?.tempoBPM : nil)
        graph.monitorGain = mix ? 1 : 0
        graph.keyOverride = key.flatMap(Self.parseKey)
        graph.tempoOverrideBPM = beatBPM
        graph.control = BandControl(direction)
        if let songMap {
            do throws(Rehearsal.Failure) { graph.rehearsal = try Rehearsal.song(fromSongMap: songMap) } catch { fail(error.description) }
        }
        if let rehearsedChart { graph.rehearsal = Rehearsal.song(fromChart: rehearsedChart) }
        let endTime = pace == "fast" ? runFast(graph) : runRealtime(graph, rate: rate)
        writeResults(graph, programs: arranger.programs, endTime: endTime)
        printLatencyReport(graph)
    }

    /// Returns the frames rendered.
    private func runFast(_ graph: BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>) -> SampleTime {
        do {
            let driver = try FastFileDriver(path: input, sampleRate: 48000, inputChannels: 1, blockFrames: 128, tailSeconds: 1)
            let summary: FastFileDriver.Summary
            if let out {
                summary = try driver.run(graph: graph, writingTo: out)
            } else {
                summary = try driver.run(graph: graph) { _, _, _, _ in }
            }
            FileHandle.standardError.write(Data(String(format: "performia live: %@ at %.0f× real time, %d beats played\n",
                                                       input, summary.realTimeFactor, graph.playedBeats.count).utf8))
            return SampleTime(summary.frames)
        } catch {
            fail("\(error)")
        }
    }

    /// Seconds the session runs on after the ending's last beat is arranged: that beat, and the
    /// release of the last notes.
    static let endingRingSeconds = 3.0

    /// Returns the frames processed.
    private func runRealtime(_ graph: BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>, rate: Double) -> SampleTime {
        let fileInput = input != "system"
        if fileInput && !FileManager.default.fileExists(atPath: input) { fail("\(input): no such file") }
        let session: JackSession
        do {
            session = try JackSession(graph: graph, configuration: .init(
                serverName: server, inputChannels: 1, input: fileInput ? .file(path: input) : .systemCapture))
            try session.activate()
        } catch {
            fail("\(error)")
        }
        let interrupted = Atomic<Bool>(false)
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler { interrupted.store(true, ordering: .relaxed) }
        source.resume()
        let started = Date()
        let terminal = isatty(STDERR_FILENO) != 0
        // The terminal is raw from here to `restore`, with no exit in between.
        let keyboard = graph.control.flatMap { LiveKeyboard(control: $0) }
        if keyboard != nil { FileHandle.standardError.write(Data((LiveKeyboard.legend + "\n").utf8)) }
        var endedAt: Date?
        while session.isRunning && !interrupted.load(ordering: .relaxed) {
            if fileInput && session.fileInputFinished { break }
            // After the ending's last beat: its notes sound and ring out, then the session ends.
            if graph.status.hasEnded {
                if endedAt == nil { endedAt = Date() }
                if let endedAt, Date().timeIntervalSince(endedAt) >= Self.endingRingSeconds { break }
            } else {
                endedAt = nil
            }
            if let seconds, Date().timeIntervalSince(started) >= seconds { break }
            Thread.sleep(forTimeInterval: 0.1)
            if let keyboard, !keyboard.poll() { break }
            if terminal { FileHandle.standardError.write(Data(("\r" + statusLine(graph) + "   ").utf8)) }
        }
        keyboard?.restore()
        if endedAt != nil { FileHandle.standardError.write(Data("\nperformia live: the band played its ending\n".utf8)) }
        let cost = session.blockCost()
        let xruns = session.xrunCount
        let reason = session.stopReason
        let endTime = SampleTime(session.framesProcessed)
        session.close()
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if case .serverShutdown(let why) = reason {
            FileHandle.standardError.write(Data("performia live: the JACK server stopped (\(why)); the band stopped with it\n".utf8))
        }
        FileHandle.standardError.write(Data(String(format: "performia live: %d under-runs; audio thread %.1f %% of the block period (median), %.1f %% (95th percentile), %.1f %% (maximum); %d of %d blocks over the period\n",
                                                   xruns, 100 * cost.medianLoad, 100 * cost.percentile95Load,
                                                   100 * cost.maximumLoad, cost.overrunBlocks, cost.blockCount).utf8))
        if let out {
            FileHandle.standardError.write(Data("performia live: --out is written from the recorded notes after the session\n".utf8))
            do {
                try BandRender.render(messages: graph.messages, programs: graph.synthPrograms, sampleRate: rate,
                                      endTime: endTime, mixing: mix && fileInput ? input : nil, to: out)
            } catch {
                fail("\(out): \(error)")
            }
        }
        return endTime
    }

    /// What the band plays, then the direction asked for: `… | chorus | intensity 0.7`.
    private func statusLine(_ graph: BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>) -> String {
        guard let setting = graph.control?.setting else { return graph.status.description }
        let section = setting.ending ? "ending" : setting.section?.rawValue ?? "no section"
        return graph.status.description + " | " + section + " | intensity " + String(format: "%.1f", setting.intensity)
    }

    private func writeResults(_ graph: BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>,
                              programs: [(channel: UInt8, program: UInt8)], endTime: SampleTime) {
        do {
            if let export {
                try BandLog.exportMIR(beats: graph.playedBeats, sampleRate: graph.sampleRate, to: URL(fileURLWithPath: export))
            }
            if let midi {
                var table: [UInt8: UInt8] = [:]
                for p in programs { table[p.channel] = p.program }
                try BandLog.exportMIDI(messages: graph.messages, beats: graph.playedBeats, sampleRate: graph.sampleRate,
                                       programs: table, endTime: endTime, to: midi)
            }
        } catch {
            fail("cannot write results: \(error)")
        }
    }

    private func printLatencyReport(_ graph: BandGraph<StyleArranger, HarmonyPredictor, FluidSynthRenderer>) {
        let ms = { (frames: Double) in 1000 * frames / graph.sampleRate }
        var lines = ["latency per stage (ms):"]
        lines.append(String(format: "  input block (JACK period / driver block)   %6.1f", ms(128)))
        lines.append(String(format: "  beat heard after it sounds (onsets)        %6.1f", ms(Double(graph.beatLatencyFrames))))
        lines.append(String(format: "  chord of a beat heard after it starts      %6.1f", ms(Double(graph.beatChordLatencyFrames))))
        lines.append(String(format: "  chord changes for the key (chroma+lag)     %6.1f", ms(Double(graph.chordLatencyFrames))))
        let leads = graph.schedulingLeads.sorted()
        if !leads.isEmpty {
            lines.append(String(format: "  band notes scheduled ahead of their beat   %6.1f (median; negative = late)", ms(Double(leads[leads.count / 2]))))
        }
        lines.append(String(format: "  synth + output block                       %6.1f", ms(128)))
        lines.append(String(format: "  monitoring path (input -> output)          %6.1f", ms(128)))
        let anticipated = graph.playedBeats.filter(\.anticipated).count
        lines.append("  beats played \(graph.playedBeats.count), chords anticipated on \(anticipated), late notes \(graph.lateNotes)")
        print(lines.joined(separator: "\n"))
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("performia: error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    /// `G`, `Bb`, `F#m`, `Em`, `E minor` → a key.
    static func parseKey(_ text: String) -> MusicalKey? {
        var name = text.trimmingCharacters(in: .whitespaces)
        var minor = false
        if name.hasSuffix(" minor") { minor = true; name = String(name.dropLast(6)) }
        else if name.hasSuffix(" major") { name = String(name.dropLast(6)) }
        else if name.hasSuffix("m") && name.count > 1 { minor = true; name = String(name.dropLast()) }
        guard let tonic = PitchSpelling.pitchClass(of: name) else { return nil }
        return MusicalKey(tonic: tonic, isMinor: minor)
    }
}
