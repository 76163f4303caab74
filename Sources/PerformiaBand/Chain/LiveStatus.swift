import PerformiaCore
import PerformiaAnalysis
import PerformiaMusic
import Synchronization

/// What the band is playing now — beat, bar position, chord, key, tempo — written by the audio
/// thread with relaxed atomic stores (no lock) and read by the terminal view.
public final class LiveStatus: Sendable {
    private let beat = Atomic<Int>(-1)
    private let beatInBar = Atomic<Int>(0)
    private let chordState = Atomic<Int>(0)
    private let keyIndex = Atomic<Int>(-1)
    private let tempoCentiBPM = Atomic<Int>(0)
    private let ended = Atomic<Bool>(false)
    /// When the last beat sounds, in frames since the session started.
    private let beatFrame = Atomic<Int>(0)

    public init() {}

    /// Real-time safe.
    public func update(beat: Int, beatInBar: Int, chord: ChordLabel, key: MusicalKey?, tempoBPM: Double, time: SampleTime = 0) {
        beatFrame.store(Int(time), ordering: .relaxed)
        self.beat.store(beat, ordering: .relaxed)
        self.beatInBar.store(beatInBar, ordering: .relaxed)
        chordState.store(ChordModel.state(of: chord), ordering: .relaxed)
        keyIndex.store(key?.index ?? -1, ordering: .relaxed)
        if tempoBPM.isFinite && tempoBPM > 0 && tempoBPM < 1000 {
            tempoCentiBPM.store(Int(tempoBPM * 100), ordering: .relaxed)
        }
    }

    /// The last beat decided: its number, when it sounds (frames since the session started) and
    /// its chord; nil before the first. (Relaxed loads: a beat decided between them can mix two
    /// beats' fields — the reader polls again.)
    public var lastBeat: (beat: Int, time: SampleTime, chord: ChordLabel)? {
        let b = beat.load(ordering: .relaxed)
        guard b >= 0 else { return nil }
        return (b, SampleTime(beatFrame.load(ordering: .relaxed)), ChordModel.label(ofState: chordState.load(ordering: .relaxed)))
    }

    /// The band has played its ending (real-time safe to set).
    public var hasEnded: Bool {
        get { ended.load(ordering: .relaxed) }
        set { ended.store(newValue, ordering: .relaxed) }
    }

    /// `beat 17 | bar 5.1 | G | key G major | 104.0 BPM`, or `waiting for a beat…`.
    public var description: String {
        let b = beat.load(ordering: .relaxed)
        guard b >= 0 else { return "waiting for a beat…" }
        let inBar = beatInBar.load(ordering: .relaxed)
        let chord = ChordModel.label(ofState: chordState.load(ordering: .relaxed))
        let k = keyIndex.load(ordering: .relaxed)
        let key = k >= 0 ? MusicalKey(index: k).name : "?"
        let tempo = Double(tempoCentiBPM.load(ordering: .relaxed)) / 100
        let spelling = k >= 0 ? PitchSpelling(key: MusicalKey(index: k)) : .flats
        return "beat \(b) | bar position \(inBar) | \(chord.chartSymbol(spelling: spelling)) | key \(key) | "
            + String(Int(tempo.rounded())) + " BPM"
    }
}
