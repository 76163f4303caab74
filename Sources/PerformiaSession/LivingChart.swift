import Foundation
import PerformiaBand
import PerformiaMusic

/// The live Living Chart of a session with a lyric sheet (`performia live --chart song.cho`):
/// polls the band's `LiveStatus` for each beat it decides (its time and chord) and asks a
/// `LyricFollower` where the singer is — section, line, word, syllable, next chord — on the beat
/// clock. Consumer thread only (the terminal view, the web app): `update` is called about ten
/// times a second; each change of place is appended to `changes` for a client to read.
public final class LivingChart {
    public let sheet: LyricSheet
    private let follower: LyricFollower
    private let sampleRate: Double
    private var lastBeat = -1
    /// The audio time of the last beat seen and the wall-clock moment it was seen.
    private var anchor: (audioSeconds: Double, wall: ContinuousClock.Instant)?
    private let clock = ContinuousClock()
    /// Every change of place so far, stamped with the audio time it was shown at (seconds).
    public private(set) var changes: [(time: Double, place: LyricFollower.Place)] = []

    public init(sheet: LyricSheet, syllables: [[Int]], beatsPerBar: Int, tempoBPM: Double, sampleRate: Double) {
        self.sheet = sheet
        follower = LyricFollower(sheet: sheet, syllables: syllables, beatsPerBar: beatsPerBar, tempoBPM: tempoBPM)
        self.sampleRate = sampleRate
    }

    /// Takes the band's latest beat, if new, and returns the place now (nil before the first
    /// chord of the sheet was heard).
    @discardableResult
    public func update(_ status: LiveStatus) -> LyricFollower.Place? {
        let now = clock.now
        if let beat = status.lastBeat, beat.beat != lastBeat {
            lastBeat = beat.beat
            let seconds = Double(beat.time) / sampleRate
            follower.observe(beatTime: seconds, chord: beat.chord)
            anchor = (seconds, now)
        }
        guard let anchor else { return nil }
        let elapsed = now - anchor.wall
        let audioNow = anchor.audioSeconds + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return record(follower.place(at: audioNow), at: audioNow)
    }

    /// The place at `seconds` of audio, for a session driven off the clock (a file at fast pace,
    /// a stream): beats are given with `observe`.
    public func place(at seconds: Double) -> LyricFollower.Place? { record(follower.place(at: seconds), at: seconds) }

    public func observe(beatTime seconds: Double, chord: ChordLabel) { follower.observe(beatTime: seconds, chord: chord) }

    private func record(_ place: LyricFollower.Place?, at time: Double) -> LyricFollower.Place? {
        if let place, changes.last?.place != place { changes.append((time, place)) }
        return place
    }
}
