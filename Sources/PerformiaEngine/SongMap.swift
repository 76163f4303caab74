/// The Song Map, `performia.songmap/3`: what Performia knows about one recording.
/// The JSON form is documented in docs/songmap.md; `SongMapValidator` checks its invariants.
/// Times are seconds from the first sample of the source file.
public struct SongMap: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "performia.songmap/3"
    /// The versions a reader accepts: version 1 is version 2 without `stems`, version 2 is
    /// version 3 without `lyrics`.
    public static let readableSchemaIdentifiers = ["performia.songmap/1", "performia.songmap/2", schemaIdentifier]

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
    /// The chart's lyrics placed in time, when a chart was given (`performia analyze --chart`).
    public var lyrics: LyricsInfo? = nil

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

    public struct LyricsInfo: Codable, Sendable, Equatable {
        /// What the voice was heard on: `vocals` (the separated vocal stem) or `mix`.
        public var heardOn: String
        /// The aligner and its acoustic model (`performia chord-anchored pocketsphinx`).
        public var aligner: String
        public var lines: [LyricLineInfo]
    }

    public struct LyricLineInfo: Codable, Sendable, Equatable {
        /// `verse`, `chorus`…, empty outside a section; `sectionNumber` counts that kind from 1.
        public var section: String
        public var sectionNumber: Int
        /// 1-based line of the chart it was written on.
        public var chartLine: Int
        /// 0…1.
        public var confidence: Double
        public var words: [LyricWordInfo]
        public var chords: [LyricChordInfo]
    }

    public struct LyricWordInfo: Codable, Sendable, Equatable {
        public var text: String
        /// nil when the word could not be placed; `problem` says why.
        public var start: Double?
        public var end: Double?
        public var syllables: [LyricSyllableInfo]
        /// `festlex-cmu`, `cmudict-en-us`, `espeak-ng`; nil when none was found.
        public var pronunciation: String?
        public var problem: String?
    }

    public struct LyricSyllableInfo: Codable, Sendable, Equatable {
        /// As written, `-` at the end when the word goes on (`Sun-`, `day`).
        public var text: String
        public var start: Double
        public var end: Double
    }

    public struct LyricChordInfo: Codable, Sendable, Equatable {
        public var symbol: String
        /// The word (index in the line) it is written over; nil after the words or on a line of chords.
        public var word: Int?
        /// When it was heard, from the chords found in the audio.
        public var time: Double?
    }
}
