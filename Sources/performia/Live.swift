import ArgumentParser
import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaEngine
import PerformiaSession
import PerformiaMusic
import Synchronization

/// `performia live`: the band that follows the player (a `LiveSession`). This command parses
/// the arguments into the session's direction, song, input and outputs, runs it, and prints its
/// status line and report; the music is decided in PerformiaSession and below.
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

    @Option(help: "How the band hears the beat: dsp (signal processing only; the default, it measures better) or learned (the causal beat model, Resources/models/beat-tcn-causal.pfnn).")
    var rhythm: RhythmMethod = LiveSession.defaultRhythm

    @Option(name: .customLong("beat-model"), help: "The causal beat model's weights file for --rhythm learned (default: Resources/models/beat-tcn-causal.pfnn).")
    var beatModel: String?

    @Flag(help: "Separate the input into stems (vocals, drums, bass, other) as it comes, with the live separator (21 ms at 48 kHz); the band hears --hear, the monitor (--mix) gets the stems with --mute/--solo/--gain; keys D B O V mute, ! @ # $ solo, [ ] gain.")
    var stems = false

    @Option(help: "With --stems: the stems the band hears, comma-separated (default: all).")
    var hear: String?

    @Option(help: "With --stems: stems muted in the monitor mix, comma-separated.")
    var mute: String?

    @Option(help: "With --stems: stems soloed in the monitor mix, comma-separated.")
    var solo: String?

    @Option(help: "With --stems: a stem's monitor gain, NAME=DB (e.g. vocals=-6); repeat for several.")
    var gain: [String] = []

    @Option(name: .customLong("stem-model"), help: "With --stems: the live separation model's weights file (default: Resources/models/stem-live.pfnn).")
    var stemModel: String?

    @Flag(help: "List the styles and exit.")
    var listStyles = false

    func validate() throws {
        guard pace == "realtime" || pace == "fast" else { throw ValidationError("--pace must be realtime or fast (got '\(pace)')") }
        if pace == "fast" && input == "system" { throw ValidationError("--pace fast needs a file --input") }
        if songMap != nil && chart != nil { throw ValidationError("--song-map and --chart both give the song: choose one") }
        if let instruments {
            for name in instruments.split(separator: ",") where BandPart(name: String(name)) == nil {
                throw ValidationError("unknown instrument '\(name)' (parts: \(BandPart.allCases.map(\.name).joined(separator: ", ")))")
            }
        }
        if let key, MusicalKey(name: key) == nil { throw ValidationError("--key '\(key)' is not a key (G, Bb, F#m, Em …)") }
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be positive") }
        if let problem = direction().problem { throw ValidationError("--" + problem) }
        if !stems && (hear != nil || mute != nil || solo != nil || !gain.isEmpty || stemModel != nil) {
            throw ValidationError("--hear, --mute, --solo, --gain and --stem-model need --stems")
        }
        for entry in gain {
            let parts = entry.split(separator: "=")
            guard parts.count == 2, Double(parts[1]) != nil else {
                throw ValidationError("--gain '\(entry)' is not NAME=DB (e.g. vocals=-6)")
            }
        }
    }

    private func names(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The direction the options give (an unknown `--section` is refused in `run`).
    private func direction() -> LiveSession.Direction {
        var direction = LiveSession.Direction()
        direction.style = style
        direction.parts = instruments.map { $0.split(separator: ",").compactMap { BandPart(name: String($0)) } }
        direction.intensity = intensity
        direction.section = section.flatMap { SectionLabel(rawValue: $0) }
        direction.countIn = countIn
        direction.tempoBPM = tempo
        direction.beatsPerBar = beatsPerBar
        direction.key = key.flatMap { MusicalKey(name: $0) }
        direction.rhythm = rhythm
        direction.beatModelPath = beatModel
        if stems {
            var options = LiveSession.Direction.Stems()
            options.heard = hear.map { names($0) }
            options.muted = names(mute)
            options.soloed = names(solo)
            for entry in gain {
                let parts = entry.split(separator: "=")
                if parts.count == 2, let value = Double(parts[1]) { options.gainsDecibels[String(parts[0])] = value }
            }
            options.modelPath = stemModel
            direction.stems = options
        }
        return direction
    }

    func run() throws {
        if listStyles {
            print(StyleLibrary.available().joined(separator: "\n"))
            return
        }
        if let section, SectionLabel(rawValue: section) == nil {
            fail("unknown section '\(section)' (sections: intro, verse, chorus, bridge, outro)")
        }
        let song: LiveSession.Song? = chart.map { .chart(path: $0) } ?? songMap.map { .songMap(path: $0) }
        let source: LiveSession.Input
        if input == "system" {
            source = .device(server: server)
        } else if pace == "fast" {
            source = .fileFast(path: input, sampleRate: LiveSession.Input.defaultFastSampleRate)
        } else {
            source = .fileRealtime(path: input, server: server)
        }
        var outputs = LiveSession.Outputs()
        outputs.audioPath = out
        outputs.midiPath = midi
        outputs.exportFolder = export
        outputs.mixesInput = mix
        do throws(LiveSessionError) {
            let session = try LiveSession(direction: direction(), song: song, input: source, outputs: outputs)
            let report: LiveSession.Report
            if pace == "fast" {
                report = try session.run()
                let factor = String(format: "%.0f", report.realTimeFactor ?? 0)
                printError("performia live: \(input) at \(factor)× real time, \(report.beatsPlayed) beats played")
            } else {
                report = try runRealtime(session)
            }
            if StandardError.isClosed { StandardError.exitForClosedPipe() }
            print(latencyReport(report))
        } catch {
            fail(error.description)
        }
    }

    /// Runs at real-time pace with Ctrl-C, the keys and the status line on the terminal. Every
    /// way the session stops — `q`, Ctrl-C, SIGTERM or SIGHUP, `--seconds`, the end of the
    /// input, the JACK server going, standard error closed — returns here and writes the outputs.
    private func runRealtime(_ session: LiveSession) throws(LiveSessionError) -> LiveSession.Report {
        let interrupted = Atomic<Bool>(false)
        let sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { interrupted.store(true, ordering: .relaxed) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        let terminal = isatty(STDERR_FILENO) != 0
        // The terminal is raw from here to `restore`, with no exit in between.
        let keyboard = LiveKeyboard(control: session.control, stems: session.stemFront?.monitor)
        if keyboard != nil { LiveScreen.legend(width: terminalColumns(), stems: session.stemFront != nil).forEach(printError) }
        if out != nil { printError("performia live: --out is written from the recorded notes after the session") }
        let result = Result { () throws(LiveSessionError) in
            try session.run(maximumSeconds: seconds) {
                if interrupted.load(ordering: .relaxed) || StandardError.isClosed { return false }
                if let keyboard, !keyboard.poll() { return false }
                if terminal {
                    var line = LiveScreen.statusLine(status: session.status.description, setting: session.control.setting,
                                                     width: terminalColumns() - 1)
                    if let front = session.stemFront {
                        line = LiveScreen.fittedLine(line + " | " + LiveScreen.stemLine(names: front.separator.stemNames,
                                                                                      setting: front.monitor.setting, width: 200),
                                                     width: terminalColumns() - 1)
                    }
                    if let chart = session.livingChart {
                        let place = chart.update(session.status)
                        StandardError.write(LiveScreen.redraw(lines: [line, LiveScreen.chartLine(place, sheet: chart.sheet, width: terminalColumns() - 1)]))
                    } else {
                        StandardError.write(LiveScreen.redraw(line))
                    }
                }
                return true
            }
        }
        keyboard?.restore()
        if terminal { printError(session.livingChart == nil ? "" : "\n") }
        let report = try result.get()
        if report.endedByBand { printError("performia live: the band played its ending") }
        if let device = report.device {
            if case .serverShutdown(let why) = device.stopReason {
                printError("performia live: the JACK server stopped (\(why)); the band stopped with it")
            }
            let cost = device.blockCost
            printError(String(format: "performia live: %d under-runs; audio thread %.1f %% of the block period (median), %.1f %% (95th percentile), %.1f %% (maximum); %d of %d blocks over the period",
                              device.xruns, 100 * cost.medianLoad, 100 * cost.percentile95Load,
                              100 * cost.maximumLoad, cost.overrunBlocks, cost.blockCount))
        }
        return report
    }

    /// The terminal's width on standard error (80 when it says none).
    private func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func latencyReport(_ report: LiveSession.Report) -> String {
        let ms = { (frames: Double) in 1000 * frames / report.sampleRate }
        let block = Double(report.blockFrames)
        var lines = ["latency per stage (ms):"]
        lines.append(String(format: "  input block (JACK period / driver block)   %6.1f", ms(block)))
        if let separation = report.separationLatencyFrames {
            lines.append(String(format: "  stems separated (live separator)           %6.1f (the band stamps what it hears back by it)", ms(Double(separation))))
        }
        lines.append(String(format: "  beat heard after it sounds (onsets)        %6.1f", ms(Double(report.beatLatencyFrames))))
        lines.append(String(format: "  chord of a beat heard after it starts      %6.1f", ms(Double(report.beatChordLatencyFrames))))
        lines.append(String(format: "  chord changes for the key (chroma+lag)     %6.1f", ms(Double(report.chordLatencyFrames))))
        if let lead = report.medianSchedulingLeadFrames {
            lines.append(String(format: "  band notes scheduled ahead of their beat   %6.1f (median; negative = late)", ms(Double(lead))))
        }
        lines.append(String(format: "  synth + output block                       %6.1f", ms(block)))
        lines.append(String(format: "  monitoring path (input -> output)          %6.1f", ms(block + Double(report.separationLatencyFrames ?? 0))))
        lines.append("  beats played \(report.beatsPlayed), chords anticipated on \(report.beatsAnticipated), late notes \(report.lateNotes)")
        return lines.joined(separator: "\n")
    }

    private func printError(_ line: String) {
        StandardError.write(line + "\n")
    }

    private func fail(_ message: String) -> Never {
        if !StandardError.write("performia: error: \(message)\n") { StandardError.exitForClosedPipe() }
        Foundation.exit(1)
    }
}
