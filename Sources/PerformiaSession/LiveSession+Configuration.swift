import PerformiaAnalysis
import PerformiaBand
import PerformiaEngine
import PerformiaMusic

extension LiveSession {
    /// How the performer directs the band before it starts (and, through `control`, while it
    /// plays).
    public struct Direction: Sendable {
        /// A style name (`StyleLibrary.available()`).
        public var style = "pop"
        /// The parts that play; nil: every part the style has.
        public var parts: [BandPart]?
        /// How busy the band plays, 0 (sparse) … 1 (dense).
        public var intensity = 0.6
        /// The section to start in.
        public var section: SectionLabel?
        /// A one-bar count-in before the band comes in on a downbeat.
        public var countIn = false
        /// A tempo to keep whatever is heard, 40…300 BPM, placed on the beats heard; with a 6/8
        /// chart the dotted quarter's (or above 140 the eighth note's, `Meter.dottedQuarterBPM`).
        public var tempoBPM: Double?
        /// Beats per bar to count, 1…12; nil: the chart's, else the style's, found live.
        public var beatsPerBar: Int?
        /// A key to play in whatever is heard.
        public var key: MusicalKey?
        /// How the band hears the beat: `learned`, the causal beat model
        /// (`Resources/models/beat-tcn-causal.pfnn`, `CausalBeatTracker(beatModel:)`), or `dsp`,
        /// the onset novelty and chroma/low-band bars (docs/benchmarks.md measures both).
        public var rhythm = LiveSession.defaultRhythm
        /// The causal beat model's weights file; nil: `Resources/models/beat-tcn-causal.pfnn`.
        public var beatModelPath: String?
        /// Separate the input into stems as it comes (`StemFront`); nil: the band hears the input.
        public var stems: Stems?

        public init() {}

        /// Live separation: which stems the band hears and the performer's monitor mix (names
        /// as the model has them: drums, bass, other, vocals).
        public struct Stems: Sendable {
            /// The stems the band's analysis hears; nil: all of them.
            public var heard: [String]?
            /// Stems silent in the monitor mix.
            public var muted: [String] = []
            /// Stems alone in the monitor mix (with any other soloed one).
            public var soloed: [String] = []
            /// Monitor gain per stem, in dB (−64 … +63.5).
            public var gainsDecibels: [String: Double] = [:]
            /// The live separation model's weights file; nil: `Resources/models/stem-live.pfnn`.
            public var modelPath: String?

            public init() {}
        }

        /// Nil when the direction is playable, else why not (one line).
        public var problem: String? {
            if !(0...1).contains(intensity) || !intensity.isFinite {
                return "intensity must be between 0 and 1 (got \(intensity))"
            }
            if let beatsPerBar, !(1...12).contains(beatsPerBar) { return "beats-per-bar must be 1…12 (got \(beatsPerBar))" }
            if let tempoBPM, !(40...300).contains(tempoBPM) { return "tempo must be between 40 and 300 BPM (got \(tempoBPM))" }
            return nil
        }
    }

    /// The song the band has rehearsed.
    public enum Song: Sendable, Equatable {
        /// A ChordPro chart, bar by bar or a lyric sheet; its `{time}` sets the count.
        case chart(path: String)
        /// The Song Map of an earlier take (`performia analyze`).
        case songMap(path: String)
    }

    /// Where the sound the band follows comes from. The session's one sample rate follows from it.
    public enum Input: Sendable, Equatable {
        /// The JACK server's capture ports (`system:capture_*`); the rate is the server's.
        case device(server: String?)
        /// A file played at real-time pace through the JACK callback, resampled to the server's rate.
        case fileRealtime(path: String, server: String?)
        /// A file as fast as the machine allows (no JACK), resampled to `sampleRate`.
        case fileFast(path: String, sampleRate: Double)
        /// PCM pushed by the caller (`LiveSession.push`), at `sampleRate`, `channels` interleaved.
        case stream(sampleRate: Double, channels: Int)

        /// The rate a fast file run uses unless told otherwise (the benchmarks' rate).
        public static let defaultFastSampleRate = 48000.0
    }

    /// What the session writes when it ends.
    public struct Outputs: Sendable {
        /// The band's audio (stereo WAV/FLAC/OGG).
        public var audioPath: String?
        /// The band's notes as a Standard MIDI File with the tempo map of its beats.
        public var midiPath: String?
        /// A folder for `beats.txt` and `chords.lab` of what the band played.
        public var exportFolder: String?
        /// Mix the input into the band audio (file and device outputs).
        public var mixesInput = false

        public init() {}
    }
}
