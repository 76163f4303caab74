/// Writes what the band played as a Standard MIDI File, type 1, lined up with the recording it
/// accompanied: time zero of the file is the first sample of the input, and the tempo map
/// follows the tracked beats, so a DAW that imports the recording and this file at the same
/// position shows the band's notes under the audio and the bar grid on the player's beats.
///
/// Tempo map: each tracked beat is a quarter note. The lead-in before the first beat is a whole
/// number of quarters (about as long as the first beat interval) whose tempo makes the first beat
/// fall at its real time. From there the map is as steady as `tempoToleranceSeconds` allows: a
/// tempo holds for as many beats as it keeps each of them within the tolerance of its quarter
/// line (the greedy piecewise-linear fit of the beat times, its slope the least-squares one
/// within the feasible range), so a steady performance is one tempo and the tracker's jitter no
/// tempo change. With a tolerance of 0 every beat interval is its own tempo. Each tempo is chosen
/// against the time the previous rounded tempi actually reach, so rounding to whole microseconds
/// never accumulates (with tolerance 0 beats land within 1 µs plus half a tick). After the last
/// beat the last tempo holds. Without beats the file runs at 120 BPM.
///
/// Bars (`beatsInBar`, each beat's position in its bar): a time signature (n/4, FF 58) at every
/// bar whose length differs from the one before, so a 3/4 band imports as 3/4 and its bar lines
/// fall on its downbeats; the quarters before the first downbeat are a bar of their own (the
/// lead-in). Markers (FF 06: sections, chords) sit on track 0 at their times.
///
/// Tracks: track 0 holds the title, time signatures, tempo map and markers; then one track per channel that has notes
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

    /// A marker (FF 06) at `seconds` since the first input sample: a section, a chord.
    public struct Marker: Sendable, Equatable {
        public var seconds: Double
        public var text: String

        public init(seconds: Double, text: String) {
            self.seconds = seconds
            self.text = text
        }
    }

    /// A time signature from `tick` on: `beatsPerBar` quarters a bar.
    public struct TimeSignature: Sendable, Equatable {
        public var tick: Int
        public var beatsPerBar: Int
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
    /// The time signatures (empty without `beatsInBar`).
    public let timeSignatures: [TimeSignature]
    /// Markers on track 0.
    public var markers: [Marker]
    /// Name of the tempo track (the song's title in most DAWs).
    public var title: String

    /// - Parameters:
    ///   - beatSeconds: the beat times, seconds since the first input sample, increasing
    ///     (non-finite, negative and non-increasing entries are dropped).
    ///   - beatsInBar: each beat's position in its bar (1 = downbeat), as many as `beatSeconds`;
    ///     empty: no time signature (a DAW reads 4/4).
    ///   - notes: the notes, in any order.
    ///   - tempoToleranceSeconds: how far a beat may sit from its quarter line before the tempo
    ///     changes (0: every beat exactly on its line).
    public init(beatSeconds: [Double], beatsInBar: [Int] = [], notes: [Note], programs: [UInt8: UInt8] = [:],
                trackNames: [UInt8: String] = [:], markers: [Marker] = [], title: String = "Performia band",
                ticksPerQuarter: Int = 960, tempoToleranceSeconds: Double = 0) {
        precondition((24...0x7FFF).contains(ticksPerQuarter), "ticksPerQuarter must be 24…32767")
        precondition(beatsInBar.isEmpty || beatsInBar.count == beatSeconds.count, "one bar position per beat")
        self.ticksPerQuarter = ticksPerQuarter
        self.notes = notes
        self.programs = programs
        self.trackNames = trackNames
        self.markers = markers
        self.title = title
        var beats: [Double] = []
        var positions: [Int] = []
        for (i, t) in beatSeconds.enumerated() where t.isFinite && t >= 0 && (beats.last.map { t > $0 } ?? true) {
            beats.append(t)
            if !beatsInBar.isEmpty { positions.append(beatsInBar[i]) }
        }
        let (map, leadQuarters) = Self.tempoMap(beats: beats, ticksPerQuarter: ticksPerQuarter,
                                                tolerance: max(0, tempoToleranceSeconds))
        tempoMap = map
        timeSignatures = Self.timeSignatures(beatsInBar: positions, leadQuarters: leadQuarters, ticksPerQuarter: ticksPerQuarter)
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
        var conductorEvents: [(tick: Int, order: Int, bytes: [UInt8])] = []
        for signature in timeSignatures {
            conductorEvents.append((signature.tick, 0, [0xFF, 0x58, 0x04, UInt8(min(signature.beatsPerBar, 255)), 2, 24, 8]))
        }
        for change in tempoMap {
            let value = change.microsecondsPerQuarter
            conductorEvents.append((change.tick, 1, [0xFF, 0x51, 0x03, UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]))
        }
        for marker in markers where marker.seconds.isFinite {
            let text = Array(marker.text.utf8)
            conductorEvents.append((tick(atSeconds: marker.seconds), 2, [0xFF, 0x06] + Self.variableLength(text.count) + text))
        }
        conductorEvents.sort { ($0.tick, $0.order) < ($1.tick, $1.order) }
        var previous = 0
        for event in conductorEvents {
            tempoTrack += Self.variableLength(event.tick - previous) + event.bytes
            previous = event.tick
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

    /// The map and the quarters of lead-in before the first beat.
    private static func tempoMap(beats: [Double], ticksPerQuarter: Int, tolerance: Double) -> ([TempoChange], Int) {
        guard let first = beats.first else {
            return ([TempoChange(tick: 0, microsecondsPerQuarter: 500_000, seconds: 0)], 0)
        }
        var map: [TempoChange] = []
        func reached(_ tick: Int) -> Double {
            map.last.map { $0.seconds + Double(tick - $0.tick) / Double(ticksPerQuarter) * Double($0.microsecondsPerQuarter) * 1e-6 } ?? 0
        }
        func append(tick: Int, microseconds: Double) {
            let value = min(max(Int(microseconds.rounded()), 1), maximumTempo)
            let seconds = reached(tick)
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
        guard beats.count > 1 else {
            append(tick: leadQuarters * ticksPerQuarter, microseconds: firstInterval * 1e6)
            return (map, leadQuarters)
        }
        // Greedy segments: from beat `start` (at the time the map reaches), the longest run of
        // beats one tempo keeps within the tolerance of their lines.
        var start = 0
        while start < beats.count - 1 {
            let tick = (leadQuarters + start) * ticksPerQuarter
            let origin = map.isEmpty ? 0 : reached(tick)
            var low = -Double.infinity, high = Double.infinity
            var sumDT = 0.0, sumDD = 0.0
            var end = start
            for k in (start + 1)..<beats.count {
                let d = Double(k - start)
                let l = max(low, (beats[k] - tolerance - origin) / d)
                let h = min(high, (beats[k] + tolerance - origin) / d)
                if l > h && end > start { break }
                low = min(l, h)
                high = max(l, h)
                sumDT += d * (beats[k] - origin)
                sumDD += d * d
                end = k
            }
            let period = min(max(sumDT / sumDD, low), high)
            append(tick: tick, microseconds: period * 1e6)
            start = end
        }
        return (map, leadQuarters)
    }

    /// A time signature at the start of every bar whose length differs from the last one's; the
    /// quarters before the first downbeat as a bar of their own.
    private static func timeSignatures(beatsInBar: [Int], leadQuarters: Int, ticksPerQuarter: Int) -> [TimeSignature] {
        let downbeats = beatsInBar.indices.filter { beatsInBar[$0] == 1 }
        guard let firstDownbeat = downbeats.first else { return [] }
        var signatures: [TimeSignature] = []
        func add(tick: Int, beats: Int) {
            guard beats > 0, signatures.last?.beatsPerBar != beats else { return }
            signatures.append(TimeSignature(tick: tick, beatsPerBar: beats))
        }
        let before = leadQuarters + firstDownbeat
        for (n, index) in downbeats.enumerated() {
            let next = n + 1 < downbeats.count ? downbeats[n + 1] : nil
            let length = next.map { $0 - index } ?? signatures.last?.beatsPerBar ?? beatsInBar.max() ?? 4
            if n == 0 && before > 0 {
                // The lead-in: whole bars of the first bar's length after a shorter pickup bar.
                let pickup = before % length
                if pickup > 0 { add(tick: 0, beats: pickup) }
                add(tick: pickup * ticksPerQuarter, beats: length)
            }
            add(tick: (leadQuarters + index) * ticksPerQuarter, beats: length)
        }
        return signatures
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
