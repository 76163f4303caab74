import Foundation
import PerformiaBand
import PerformiaSynth
import PerformiaTestSupport
import Testing

/// A small Standard MIDI File reader for checking what `MIDIFileWriter` wrote: header, tracks,
/// delta times, running status, meta and channel events; times converted to seconds with the
/// tempo map of all tracks.
struct ParsedMIDIFile {
    struct Event {
        var tick: Int
        var status: UInt8
        var data: [UInt8]
        var meta: UInt8?
    }

    struct Failure: Error { var reason: String }

    var format: Int
    var division: Int
    var tracks: [[Event]]

    init(_ bytes: [UInt8]) throws {
        var position = 0
        func take(_ count: Int) throws -> [UInt8] {
            guard position + count <= bytes.count else { throw Failure(reason: "truncated at \(position)") }
            defer { position += count }
            return Array(bytes[position..<position + count])
        }
        func number(_ count: Int) throws -> Int { try take(count).reduce(0) { $0 << 8 | Int($1) } }
        func variable() throws -> Int {
            var value = 0
            for _ in 0..<4 {
                let byte = try take(1)[0]
                value = value << 7 | Int(byte & 0x7F)
                if byte & 0x80 == 0 { return value }
            }
            throw Failure(reason: "variable-length quantity longer than 4 bytes")
        }
        guard try take(4) == Array("MThd".utf8), try number(4) == 6 else { throw Failure(reason: "no MThd") }
        format = try number(2)
        let trackCount = try number(2)
        division = try number(2)
        tracks = []
        for _ in 0..<trackCount {
            guard try take(4) == Array("MTrk".utf8) else { throw Failure(reason: "no MTrk") }
            let end = try number(4) + position
            var events: [Event] = []
            var tick = 0
            var running: UInt8 = 0
            var ended = false
            while position < end {
                tick += try variable()
                var status = bytes[position]
                if status & 0x80 != 0 { position += 1 } else { status = running }
                switch status {
                case 0xFF:
                    let type = try take(1)[0]
                    let data = try take(try variable())
                    events.append(Event(tick: tick, status: status, data: data, meta: type))
                    if type == 0x2F { ended = true }
                case 0xF0, 0xF7:
                    _ = try take(try variable())
                default:
                    guard status & 0x80 != 0 else { throw Failure(reason: "data byte without status") }
                    running = status
                    let length = (status & 0xF0 == 0xC0 || status & 0xF0 == 0xD0) ? 1 : 2
                    events.append(Event(tick: tick, status: status, data: try take(length), meta: nil))
                }
            }
            guard ended, position == end else { throw Failure(reason: "track without end-of-track") }
            tracks.append(events)
        }
    }

    var tempoChanges: [(tick: Int, microseconds: Int)] {
        tracks.flatMap { $0 }.filter { $0.meta == 0x51 }
            .map { ($0.tick, $0.data.reduce(0) { $0 << 8 | Int($1) }) }
            .sorted { $0.tick < $1.tick }
    }

    func seconds(atTick tick: Int) -> Double {
        var seconds = 0.0
        var lastTick = 0
        var tempo = 500_000
        for change in tempoChanges where change.tick <= tick {
            seconds += Double(change.tick - lastTick) / Double(division) * Double(tempo) * 1e-6
            lastTick = change.tick
            tempo = change.microseconds
        }
        return seconds + Double(tick - lastTick) / Double(division) * Double(tempo) * 1e-6
    }

    func trackName(_ track: Int) -> String? {
        tracks[track].first { $0.meta == 0x03 }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    /// Notes of a track: (start, end) seconds, channel, pitch, velocity.
    func notes(track: Int) -> [MIDIFileWriter.Note] {
        var open: [Int: (Double, UInt8)] = [:]
        var notes: [MIDIFileWriter.Note] = []
        for event in tracks[track] where event.meta == nil {
            let channel = event.status & 0x0F
            let kind = event.status & 0xF0
            let key = Int(channel) << 7 | Int(event.data[0])
            if kind == 0x90 && event.data[1] > 0 {
                open[key] = (seconds(atTick: event.tick), event.data[1])
            } else if kind == 0x80 || (kind == 0x90 && event.data[1] == 0), let (start, velocity) = open.removeValue(forKey: key) {
                notes.append(.init(startSeconds: start, endSeconds: seconds(atTick: event.tick), channel: channel,
                                   pitch: event.data[0], velocity: velocity))
            }
        }
        return notes
    }
}

@Suite struct MIDIFileWriterTests {
    /// Beats that start late and speed up, then slow down; notes on three channels.
    static let beats: [Double] = {
        var beats: [Double] = [1.237]
        for i in 0..<40 {
            let interval: Double = i < 20 ? 0.5 - 0.005 * Double(i) : 0.4 + 0.01 * Double(i - 20)
            beats.append(beats[beats.count - 1] + interval)
        }
        return beats
    }()
    static let notes: [MIDIFileWriter.Note] = {
        var notes: [MIDIFileWriter.Note] = []
        for (i, beat) in beats.enumerated() {
            notes.append(.init(startSeconds: beat, endSeconds: beat + 0.1, channel: 9, pitch: i % 2 == 0 ? 36 : 38, velocity: 100))
            notes.append(.init(startSeconds: beat + 0.013, endSeconds: beat + 0.3, channel: 0, pitch: UInt8(40 + i % 5),
                               velocity: UInt8(60 + i)))
        }
        notes.append(.init(startSeconds: 0.2, endSeconds: 3.7, channel: 1, pitch: 64, velocity: 80))
        return notes
    }()

    func makeWriter() -> MIDIFileWriter {
        MIDIFileWriter(beatSeconds: Self.beats, notes: Self.notes, programs: [0: 33, 1: 48],
                       trackNames: [0: "Bass", 1: "Strings"], title: "Test song")
    }

    @Test func roundTripsNotesTempoAndTracks() throws {
        let writer = makeWriter()
        let file = try ParsedMIDIFile(writer.encoded())
        #expect(file.format == 1)
        #expect(file.division == 960)
        #expect(file.tracks.count == 4)
        #expect(file.trackName(0) == "Test song")
        #expect((1...3).map { file.trackName($0) } == ["Bass", "Strings", "Drums"])

        // Every beat sits on a quarter-note line at its real time.
        let firstBeatTick = writer.tick(atSeconds: Self.beats[0])
        #expect(firstBeatTick % 960 == 0 && firstBeatTick > 0)
        for (i, beat) in Self.beats.enumerated() {
            #expect(abs(file.seconds(atTick: firstBeatTick + i * 960) - beat) < 2e-6)
        }
        // Notes come back within half a tick at the local tempo (+ the 1 µs tempo rounding).
        let parsed = (1...3).flatMap { file.notes(track: $0) }
        #expect(parsed.count == Self.notes.count)
        for note in Self.notes {
            let match = parsed.first {
                $0.channel == note.channel && $0.pitch == note.pitch && abs($0.startSeconds - note.startSeconds) < 0.05
            }
            guard let match else {
                Issue.record("note \(note) missing")
                continue
            }
            func halfTick(_ seconds: Double) -> Double {
                let t = writer.tick(atSeconds: seconds)
                return 0.5 * max(writer.seconds(atTick: t + 1) - writer.seconds(atTick: t),
                                 writer.seconds(atTick: t) - writer.seconds(atTick: t - 1)) + 1e-6
            }
            #expect(abs(match.startSeconds - note.startSeconds) <= halfTick(note.startSeconds))
            #expect(abs(match.endSeconds - note.endSeconds) <= halfTick(note.endSeconds))
            #expect(match.velocity == note.velocity)
        }
        // Program changes at tick 0 on their channels, before the first note.
        let bass = file.tracks[1].filter { $0.meta == nil }
        #expect(bass.first?.status == 0xC0 && bass.first?.data == [33] && bass.first?.tick == 0)
        #expect(file.tracks[3].filter { $0.meta == nil && $0.status & 0xF0 == 0xC0 }.isEmpty)
    }

    @Test func overlappingSamePitchNotesAreCutAndEqualTicksPutOffsFirst() throws {
        let writer = MIDIFileWriter(beatSeconds: [], notes: [
            .init(startSeconds: 0, endSeconds: 1.0, channel: 2, pitch: 60, velocity: 90),
            .init(startSeconds: 0.5, endSeconds: 1.5, channel: 2, pitch: 60, velocity: 91),
            .init(startSeconds: 1.5, endSeconds: 1.5, channel: 2, pitch: 62, velocity: 92),
        ])
        let file = try ParsedMIDIFile(writer.encoded())
        let notes = file.notes(track: 1)
        #expect(notes.count == 3)
        #expect(notes.first { $0.velocity == 90 }?.endSeconds == 0.5)
        #expect(notes.first { $0.velocity == 91 }.map { abs($0.endSeconds - 1.5) < 1e-9 } == true)
        #expect(notes.first { $0.velocity == 92 }.map { $0.endSeconds > $0.startSeconds } == true)
        #expect(file.tempoChanges.map(\.microseconds) == [500_000])
        let events = file.tracks[1].filter { $0.meta == nil }
        let atHalf = events.filter { $0.tick == 960 }
        #expect(atHalf.map { $0.status & 0xF0 } == [0x80, 0x90])
    }

    @Test func writesAFile() throws {
        let folder = TemporaryFolder()
        let path = folder.path("band.mid")
        try makeWriter().write(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == makeWriter().encoded())
        #expect(throws: MIDIFileError.self) { try makeWriter().write(to: "/nonexistent/dir/band.mid") }
    }

    /// A Python with mido (the tools venv `scripts/setup` makes, or the evaluation's).
    static let python = ExternalTools.python(importing: "mido") ?? "/nonexistent/python"

    /// mido (the evaluation's MIDI reader) sees the same note times.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "no Python with mido (scripts/setup installs one)"))
    func midoReadsTheSameTimes() throws {
        let folder = TemporaryFolder()
        let path = folder.path("band.mid")
        try makeWriter().write(to: path)
        let script = """
        import json, sys, mido
        f = mido.MidiFile(sys.argv[1])
        t = 0.0; out = []
        for m in f:
            t += m.time
            if m.type == 'note_on' and m.velocity > 0:
                out.append([round(t, 7), m.channel, m.note, m.velocity])
        print(json.dumps({"type": f.type, "tracks": [tr.name for tr in f.tracks], "notes": out}))
        """
        let run = try ExternalTools.run(Self.python, ["-c", script, path])
        try #require(run.status == 0, "\(run.error)")
        let data = Data(run.output.utf8)
        struct Result: Decodable {
            var type: Int
            var tracks: [String]
            var notes: [[Double]]
        }
        let result = try JSONDecoder().decode(Result.self, from: data)
        #expect(result.type == 1)
        #expect(result.tracks == ["Test song", "Bass", "Strings", "Drums"])
        #expect(result.notes.count == Self.notes.count)
        var worst = 0.0
        for note in Self.notes {
            let candidates = result.notes.filter { Int($0[1]) == Int(note.channel) && Int($0[2]) == Int(note.pitch) }
            let nearest = candidates.map { abs($0[0] - note.startSeconds) }.min() ?? .infinity
            worst = max(worst, nearest)
        }
        print("mido: largest note-on time difference \(worst * 1e3) ms")
        #expect(worst < 0.001)
    }

    /// A 3/4 band with the tracker's jitter: a DAW (mido here) reads 3/4 with its bar lines on
    /// the downbeats, the markers, the track names and a steady tempo.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "no Python with mido (scripts/setup installs one)"))
    func midoReadsTheTimeSignatureMarkersAndTrackNames() throws {
        var generator = XorshiftGenerator(seed: 5)
        // Two beats of pickup, then 3/4 bars at 90 BPM, each beat ±8 ms off.
        var beats: [Double] = []
        for n in 0..<50 {
            let jitterMilliseconds = Double(generator.next() % 1601) / 100 - 8
            beats.append(1.1 + Double(n) * 60 / 90 + jitterMilliseconds / 1000)
        }
        let positions = (0..<50).map { ($0 + 1) % 3 + 1 }
        let notes = beats.map { MIDIFileWriter.Note(startSeconds: $0, endSeconds: $0 + 0.1, channel: 9, pitch: 36, velocity: 100) }
        let writer = MIDIFileWriter(beatSeconds: beats, beatsInBar: positions, notes: notes, trackNames: [9: "drums"],
                                    markers: [.init(seconds: beats[2], text: "verse"), .init(seconds: beats[2], text: "G")],
                                    title: "Waltz", tempoToleranceSeconds: 0.015)
        let folder = TemporaryFolder()
        let path = folder.path("waltz.mid")
        try writer.write(to: path)
        let script = """
        import json, sys, mido
        f = mido.MidiFile(sys.argv[1])
        out = {"names": [], "signatures": [], "markers": [], "tempos": []}
        for tr in f.tracks:
            tick = 0
            for m in tr:
                tick += m.time
                if m.type == 'track_name': out["names"].append(m.name)
                if m.type == 'time_signature': out["signatures"].append([tick, m.numerator, m.denominator])
                if m.type == 'marker': out["markers"].append([tick, m.text])
                if m.type == 'set_tempo': out["tempos"].append(mido.tempo2bpm(m.tempo))
        print(json.dumps(out))
        """
        let run = try ExternalTools.run(Self.python, ["-c", script, path])
        try #require(run.status == 0, "\(run.error)")
        let data = Data(run.output.utf8)
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let names = json["names"] as! [String]
        let signatures = json["signatures"] as! [[Int]]
        let markers = (json["markers"] as! [[Any]]).map { ($0[0] as! Int, $0[1] as! String) }
        let tempos = json["tempos"] as! [Double]
        print("mido: signatures \(signatures), markers \(markers), tempos \(tempos.map { ($0 * 10).rounded() / 10 })")
        #expect(names == ["Waltz", "drums"])
        #expect(signatures.last.map { [$0[1], $0[2]] } == [3, 4])
        // The first downbeat sits within the tolerance (15 ms = 22 ticks at 90 BPM) of a quarter line,
        // and that line is a bar line of the 3/4.
        let downbeatTick = writer.tick(atSeconds: beats[2])
        let downbeatLine = (downbeatTick + 480) / 960 * 960
        #expect(abs(downbeatTick - downbeatLine) <= 22)
        let threeFour = try #require(signatures.last { $0[1] == 3 })
        #expect(downbeatLine >= threeFour[0] && (downbeatLine - threeFour[0]) % (3 * 960) == 0, "bar lines on the downbeats")
        #expect(Set(markers.map(\.1)) == ["verse", "G"] && markers.allSatisfy { abs($0.0 - downbeatTick) <= 1 })
        #expect(tempos.dropFirst().allSatisfy { abs($0 - 90) < 1.8 } && tempos.count <= 6, "\(tempos)")
    }
}
