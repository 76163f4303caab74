import Foundation

/// Standard MIDI files for fixtures, rendered with the real FluidSynth and FluidR3_GM soundfont.
public enum GeneralMIDI {
    public static let soundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    /// A rock beat on channel 10 (kick 1 and 3, snare 2 and 4, closed hi-hat eighths), format 0.
    public static func drumPattern(bpm: Double, bars: Int) -> Data {
        let ticksPerBeat = 480
        var events: [(tick: Int, bytes: [UInt8])] = []
        func hit(_ tick: Int, _ note: UInt8, _ velocity: UInt8) {
            events.append((tick, [0x99, note, velocity]))
            events.append((tick + 60, [0x89, note, 0]))
        }
        for beat in 0..<(bars * 4) {
            let t = beat * ticksPerBeat
            hit(t, beat % 2 == 0 ? 36 : 38, 110)
            hit(t, 42, 80)
            hit(t + ticksPerBeat / 2, 42, 60)
        }
        events.sort { $0.tick < $1.tick }
        let microseconds = Int(60_000_000 / bpm)
        var track: [UInt8] = [0x00, 0xFF, 0x51, 0x03, UInt8(microseconds >> 16), UInt8((microseconds >> 8) & 0xFF), UInt8(microseconds & 0xFF)]
        var last = 0
        for event in events {
            track += variableLength(event.tick - last) + event.bytes
            last = event.tick
        }
        track += [0x00, 0xFF, 0x2F, 0x00]
        var file: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, UInt8(ticksPerBeat >> 8), UInt8(ticksPerBeat & 0xFF)]
        file += Array("MTrk".utf8) + bigEndian32(track.count) + track
        return Data(file)
    }

    /// Renders `midi` to a 44.1 kHz WAV with the fluidsynth command-line synthesiser.
    public static func render(_ midi: String, to wav: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/fluidsynth")
        process.arguments = ["-ni", "-q", "-r", "44100", "-F", wav, soundfont, midi]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "fluidsynth failed on \(midi)"])
        }
    }

    private static func variableLength(_ value: Int) -> [UInt8] {
        var bytes = [UInt8(value & 0x7F)]
        var v = value >> 7
        while v > 0 {
            bytes.insert(UInt8((v & 0x7F) | 0x80), at: 0)
            v >>= 7
        }
        return bytes
    }

    private static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
