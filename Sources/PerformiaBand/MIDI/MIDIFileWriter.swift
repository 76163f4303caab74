/// Writes what the band played as a Standard MIDI File, type 1, lined up with the recording it
/// accompanied: time zero of the file is the first sample of the input, and the tempo map
/// follows the tracked beats, so a DAW that imports the recording and this file at the same
/// position shows the band's notes under the audio and the bar grid on the player's beats.
///
/// Tempo map: each tracked beat is a quarter note. The lead-in before the first beat is a whole
/// number of quarters (about as long as the first beat interval) whose tempo makes the first beat
/// fall at its real time; between beats the tempo is that beat's interval, each one chosen
/// against the time the previous rounded tempi actually reach, so rounding to whole microseconds
/// never accumulates (beats land within 1 µs plus half a tick). After the last beat the last tempo
/// holds. Without beats the file runs at 120 BPM.
///
/// Tracks: track 0 holds the title and tempo map; then one track per channel that has notes
/// (ascending), named (`trackNames`, else "Drums" for channel 9 and "Channel n"), starting with
/// the channel's program change when one is given. Notes are placed at the nearest tick; a note
/// of the same pitch and channel that starts before the previous one ends cuts it short (MIDI
/// cannot overlap them); every note lasts at least one tick. At equal ticks note-offs come first.
public struct MIDIFileWriter: Sendable {
    /// One note: seconds since the first input sample, MIDI channel 0…15, pitch 0…127,
    /// velocity 1…127.
    public struct Note: Sendable, Equatable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var channel: UInt8
        public var pitch: UInt8
        public var velocity: UInt8

        public init(startSeconds: Double, endSeconds: Double, channel: UInt8, pitch: UInt8, velocity: UInt8) {
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
            self.channel = channel
            self.pitch = pitch
            self.velocity = velocity
        }
    }

    /// A tempo change of the map: from `tick`, a quarter note lasts `microsecondsPerQuarter`.
    public struct TempoChange: Sendable, Equatable {
        public var tick: Int
        public var microsecondsPerQuarter: Int
        /// Seconds from the start of the file to `tick`.
        public var seconds: Double
    }

    /// Ticks per quarter note (the file's division): 960 = 0.52 ms at 120 BPM.
    public let ticksPerQuarter: Int
    public let notes: [Note]
    /// The tempo map built from the beat times (never empty; the first change is at tick 0).
    public let tempoMap: [TempoChange]
    /// General MIDI program (0…127) per channel, sent at tick 0.
    public var programs: [UInt8: UInt8]
    /// Track name per channel.
    public var trackNames: [UInt8: String]
    /// Name of the tempo track (the song's title in most DAWs).
    public var title: String

    /// - Parameters:
    ///   - beatSeconds: the beat times, seconds since the first input sample, increasing
    ///     (non-finite, negative and non-increasing entries are dropped).
    ///   - notes: the notes, in any order.
    public init(beatSeconds: [Double], notes: [Note], programs: [UInt8: UInt8] = [:], trackNames: [UInt8: String] = [:],
                title: String = "Performia band", ticksPerQuarter: Int = 960) {
        precondition((24...0x7FFF).contains(ticksPerQuarter), "ticksPerQuarter must be 24…32767")
        self.ticksPerQuarter = ticksPerQuarter
        self.notes = notes
        self.programs = programs
        self.trackNames = trackNames
        self.title = title
        tempoMap = Self.tempoMap(beatSeconds: beatSeconds, ticksPerQuarter: ticksPerQuarter)
    }

    // MARK: Time conversion

    /// The tick nearest to `seconds` under the tempo map (0 for negative times).
    public func tick(atSeconds seconds: Double) -> Int {
        guard seconds > 0 else { return 0 }
        let change = tempoMap[lastIndex { $0.seconds <= seconds }]
        let quarters = (seconds - change.seconds) * 1e6 / Double(change.microsecondsPerQuarter)
        return change.tick + Int((quarters * Double(ticksPerQuarter)).rounded())
    }

    /// Seconds from the start of the file to `tick` under the tempo map.
    public func seconds(atTick tick: Int) -> Double {
        let change = tempoMap[lastIndex { $0.tick <= tick }]
        return change.seconds + Double(tick - change.tick) / Double(ticksPerQuarter)
            * Double(change.microsecondsPerQuarter) * 1e-6
    }

    /// The last index of the tempo map whose change satisfies `isBefore` (a prefix predicate), 0 if none.
    private func lastIndex(where isBefore: (TempoChange) -> Bool) -> Int {
        var low = 0
        var high = tempoMap.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if isBefore(tempoMap[middle]) { low = middle } else { high = middle }
        }
        return low
    }

    // MARK: Encoding

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var channelEvents: [UInt8: [(tick: Int, order: Int, bytes: [UInt8])]] = [:]
        var lastTick = 0
        for note in resolvedNotes() {
            let channel = note.channel & 0x0F
            let start = tick(atSeconds: note.startSeconds)
            let end = max(start + 1, tick(atSeconds: note.endSeconds))
            let velocity = min(max(note.velocity, 1), 127)
            channelEvents[channel, default: []].append((start, 2, [0x90 | channel, note.pitch & 0x7F, velocity]))
            channelEvents[channel, default: []].append((end, 0, [0x80 | channel, note.pitch & 0x7F, 0x40]))
            lastTick = max(lastTick, end)
        }

        var tempoTrack = Self.meta(0x03, Array(title.utf8))
        var previous = 0
        for change in tempoMap {
            let value = change.microsecondsPerQuarter
            tempoTrack += Self.variableLength(change.tick - previous)
            tempoTrack += [0xFF, 0x51, 0x03, UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
            previous = change.tick
        }
        tempoTrack += Self.variableLength(max(0, lastTick - previous)) + [0xFF, 0x2F, 0x00]

        var tracks = [tempoTrack]
        for channel in channelEvents.keys.sorted() {
            var events = channelEvents[channel]!
            if let program = programs[channel] {
                events.append((0, 1, [0xC0 | channel, program & 0x7F]))
            }
            events.sort { ($0.tick, $0.order) < ($1.tick, $1.order) }
            let name = trackNames[channel] ?? (channel == 9 ? "Drums" : "Channel \(Int(channel) + 1)")
            var track = Self.meta(0x03, Array(name.utf8))
            var last = 0
            for event in events {
                track += Self.variableLength(event.tick - last) + event.bytes
                last = event.tick
            }
            track += [0x00, 0xFF, 0x2F, 0x00]
            tracks.append(track)
        }

        var file = Array("MThd".utf8) + Self.bigEndian32(6)
        file += [0x00, 0x01, UInt8(tracks.count >> 8), UInt8(tracks.count & 0xFF)]
        file += [UInt8(ticksPerQuarter >> 8), UInt8(ticksPerQuarter & 0xFF)]
        for track in tracks {
            file += Array("MTrk".utf8) + Self.bigEndian32(track.count) + track
        }
        return file
    }

    // MARK: Private

    /// Notes sorted by start, with a same-pitch note ending no later than the next one starts.
    private func resolvedNotes() -> [Note] {
        let valid = notes.filter { $0.startSeconds.isFinite && $0.endSeconds.isFinite }
        var sorted = valid.sorted { ($0.startSeconds, $0.channel, $0.pitch) < ($1.startSeconds, $1.channel, $1.pitch) }
        var latest: [Int: Int] = [:]
        for i in sorted.indices {
            let key = Int(sorted[i].channel & 0x0F) << 7 | Int(sorted[i].pitch & 0x7F)
            if let j = latest[key], sorted[j].endSeconds > sorted[i].startSeconds {
                sorted[j].endSeconds = sorted[i].startSeconds
            }
            latest[key] = i
        }
        return sorted
    }

    private static let maximumTempo = 0xFF_FFFF

    private static func tempoMap(beatSeconds: [Double], ticksPerQuarter: Int) -> [TempoChange] {
        var beats: [Double] = []
        for t in beatSeconds where t.isFinite && t >= 0 && (beats.last.map { t > $0 } ?? true) { beats.append(t) }
        guard let first = beats.first else {
            return [TempoChange(tick: 0, microsecondsPerQuarter: 500_000, seconds: 0)]
        }
        var map: [TempoChange] = []
        func append(tick: Int, microseconds: Double) {
            let value = min(max(Int(microseconds.rounded()), 1), maximumTempo)
            let seconds = map.last.map { $0.seconds + Double(tick - $0.tick) / Double(ticksPerQuarter) * Double($0.microsecondsPerQuarter) * 1e-6 } ?? 0
            if map.last?.microsecondsPerQuarter == value { return }
            map.append(TempoChange(tick: tick, microsecondsPerQuarter: value, seconds: seconds))
        }
        let firstInterval = beats.count > 1 ? beats[1] - first : 0.5
        var leadQuarters = 0
        if first * 1e6 >= 0.5 {
            leadQuarters = max(1, Int((first / firstInterval).rounded()))
            leadQuarters = max(leadQuarters, Int((first * 1e6 / Double(maximumTempo)).rounded(.up)))
            append(tick: 0, microseconds: first * 1e6 / Double(leadQuarters))
        }
        for i in 0..<max(beats.count - 1, 1) {
            let tick = (leadQuarters + i) * ticksPerQuarter
            let reached = map.last.map { $0.seconds + Double(tick - $0.tick) / Double(ticksPerQuarter) * Double($0.microsecondsPerQuarter) * 1e-6 } ?? 0
            let interval = beats.count > 1 ? beats[i + 1] - reached : firstInterval
            append(tick: tick, microseconds: interval * 1e6)
        }
        return map
    }

    private static func meta(_ type: UInt8, _ data: [UInt8]) -> [UInt8] {
        [0x00, 0xFF, type] + variableLength(data.count) + data
    }

    private static func variableLength(_ value: Int) -> [UInt8] {
        var bytes = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8((rest & 0x7F) | 0x80), at: 0)
            rest >>= 7
        }
        return bytes
    }

    private static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
