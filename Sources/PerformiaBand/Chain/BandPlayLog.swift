import PerformiaMusic
import PerformiaCore

/// What a `BandGraph` played, logged on the audio thread into storage reserved in `reset`: every
/// beat, every note message and every section directed, up to fixed capacities (further entries are counted, not
/// stored). A class of its own so the conductor's beat callback can hold it without holding the
/// graph (Embedded Swift has no `unowned`).
final class BandPlayLog {
    let maximumBeats: Int
    let maximumMessages: Int
    private(set) var beats: [PlayedBeat] = []
    private(set) var messages: [MIDIMessage] = []
    /// The sections directed, with when (nil: none).
    private(set) var sections: [(time: SampleTime, section: SectionLabel?)] = []
    static let maximumSections = 4096
    private(set) var droppedEntries = 0
    /// When the last beat sounds, in frames: the status line's tempo comes from the gap to it.
    var lastBeatTime: SampleTime = 0
    /// The played beats' period the status line shows, in frames (0 before two beats).
    private(set) var statusPeriodFrames = 0.0

    /// Folds the gap `frames` between two played beats into `statusPeriodFrames`: a running mean
    /// over about four beats, so one late or early beat does not jump the tempo shown by 2–3 BPM
    /// (the demo's played gaps of 56–59 blocks read 102 / 103 / 107), restarted when the gap
    /// differs by more than 12 % (a new tempo, or the band's first beats). Real-time safe.
    func foldStatusPeriod(_ frames: Double) {
        if statusPeriodFrames == 0 || abs(frames / statusPeriodFrames - 1) > 0.12 {
            statusPeriodFrames = frames
        } else {
            statusPeriodFrames += 0.25 * (frames - statusPeriodFrames)
        }
    }

    init(maximumBeats: Int, maximumMessages: Int) {
        self.maximumBeats = maximumBeats
        self.maximumMessages = maximumMessages
    }

    /// Empties the log and reserves its capacity (not real-time: allocates).
    func reset() {
        beats = []
        beats.reserveCapacity(maximumBeats)
        messages = []
        messages.reserveCapacity(maximumMessages)
        sections = []
        sections.reserveCapacity(Self.maximumSections)
        droppedEntries = 0
        lastBeatTime = 0
        statusPeriodFrames = 0
    }

    /// Real-time safe.
    func append(_ beat: PlayedBeat) {
        if beats.count < maximumBeats { beats.append(beat) } else { droppedEntries += 1 }
    }

    /// Real-time safe.
    func append(section: SectionLabel?, at time: SampleTime) {
        if sections.count < Self.maximumSections { sections.append((time, section)) } else { droppedEntries += 1 }
    }

    /// Real-time safe.
    func append(_ message: MIDIMessage) {
        if messages.count < maximumMessages { messages.append(message) } else { droppedEntries += 1 }
    }
}
