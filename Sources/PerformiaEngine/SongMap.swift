/// The Song Map, `performia.songmap/2`: what Performia knows about one recording.
/// The JSON form is documented in docs/songmap.md; `SongMapValidator` checks its invariants.
/// Times are seconds from the first sample of the source file.
public struct SongMap: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "performia.songmap/2"
    /// The versions a reader accepts: version 1 is version 2 without `stems`.
    public static let readableSchemaIdentifiers = ["performia.songmap/1", schemaIdentifier]

    public var schema: String = SongMap.schemaIdentifier
    public var source: Source
    public var tempo: Tempo
    public var meter: MeterInfo
    public var beats: [BeatInfo]
    public var tuning: TuningInfo
    /// nil when nothing tonal was heard.
    public var key: KeyInfo?
    public var chords: [ChordInfo]
    public var sections: [SectionInfo]
    public var melody: [NoteInfo]
    public var analysis: AnalysisInfo
    /// The separated stems, when the analysis made them (`performia analyze --stems`).
    public var stems: StemsInfo? = nil

    public struct Source: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var durationSeconds: Double
        public var sampleRate: Double
        public var channels: Int
        public var format: String
    }

    public struct Tempo: Codable, Sendable, Equatable {
        /// Global tempo in beats per minute (the median of the beats' fitted periods); nil (absent
        /// from the JSON) when no steady pulse was heard — then there are no beats either.
        public var bpm: Double?
        /// 0…1; 0 when no steady pulse was heard.
        public var confidence: Double
        public var curve: [TempoPointInfo]
    }

    public struct TempoPointInfo: Codable, Sendable, Equatable {
        public var time: Double
        public var bpm: Double
    }

    public struct MeterInfo: Codable, Sendable, Equatable {
        /// Tapped beats per bar (2 for 6/8).
        public var beatsPerBar: Int
        /// 2 = simple, 3 = compound.
        public var subdivision: Int
        /// "4/4", "3/4", "6/8", …
        public var timeSignature: String
    }

    public struct BeatInfo: Codable, Sendable, Equatable {
        public var time: Double
        /// 1-based bar number; beats before the first downbeat are in bar 0.
        public var bar: Int
        /// 1-based position in the bar, 1 = downbeat.
        public var beat: Int
    }

    public struct TuningInfo: Codable, Sendable, Equatable {
        /// Offset of the recording's tuning from A4 = 440 Hz, in cents (−50…50).
        public var cents: Double
        /// The A4 the recording is tuned to, in Hz.
        public var referenceHz: Double
    }

    public struct SectionInfo: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// Sections with the same letter repeat one another: "A", "B", …
        public var group: String
        /// intro, verse, chorus, bridge or outro where the form supports it; absent otherwise.
        public var label: String?
    }

    public struct NoteInfo: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// MIDI note number (60 = middle C).
        public var pitch: Int
        /// 0…1.
        public var confidence: Double
    }

    public struct KeyInfo: Codable, Sendable, Equatable {
        /// The key that lasts longest: `G major`, `E minor`.
        public var name: String
        /// 0…1.
        public var confidence: Double
        /// Every stretch in one key, in order; more than one when the song modulates.
        public var segments: [KeySegmentInfo]
    }

    public struct KeySegmentInfo: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var name: String
    }

    public struct ChordInfo: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        /// Harte syntax: `G:maj`, `E:min7`, `N`.
        public var label: String
        /// Lead-sheet symbol: `G`, `Em7`, `N.C.`.
        public var symbol: String
        /// 0…1.
        public var confidence: Double
    }

    public struct AnalysisInfo: Codable, Sendable, Equatable {
        public var engine: String
        public var version: String
        public var elapsedSeconds: Double
        /// Audio seconds analysed per second of wall-clock time.
        public var realTimeFactor: Double
        /// 0…1 overall confidence of the rhythm analysis.
        public var confidence: Double
        /// Conditions worth knowing (silence, non-finite samples replaced, very short audio).
        public var warnings: [String]
    }

    public struct StemsInfo: Codable, Sendable, Equatable {
        /// `offline` or `live`: which separator made them.
        public var separator: String
        /// The weights file's name.
        public var model: String
        public var files: [StemFile]
        /// 10·log10(Σ (x − Σ stems)² / Σ x²) of the files as written, in dB (−200 when exact,
        /// as for silence).
        public var residualDecibels: Double
        /// What the analysis took from the stems instead of the mix, e.g. `["chords": "bass+other"]`
        /// (stems joined by `+` are heard summed).
        public var usedFor: [String: String]
    }

    public struct StemFile: Codable, Sendable, Equatable {
        /// `vocals`, `drums`, `bass`, `other`.
        public var name: String
        /// As written: relative to the current directory when `--stems` was relative.
        public var path: String
    }
}
