import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic

/// What a band session leaves behind, from a `BandGraph`'s logs: the eval kit's `beats.txt` and
/// `chords.lab` of what the band played (for `../shared/eval/score` and
/// `Benchmarks/band-metrics`), a Standard MIDI File of its notes with the tempo map of its beats
/// (time zero = the first input sample), and the latency report.
public enum BandLog {
    /// Writes `beats.txt` (time, beat in bar) and `chords.lab` (one segment per run of beats on
    /// one chord) into `folder`.
    public static func exportMIR(beats played: [PlayedBeat], sampleRate: Double, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let beats = finalBeats(played)
        var text = "# performia live band beats: time\tbeat_in_bar\n"
        for b in beats { text += String(format: "%.3f\t%d\n", Double(b.time) / sampleRate, b.beatInBar) }
        try text.write(to: folder.appendingPathComponent("beats.txt"), atomically: true, encoding: .utf8)
        var lab = ""
        var start = 0
        for i in 0..<beats.count where i == beats.count - 1 || beats[i + 1].chord != beats[i].chord {
            let end = i + 1 < beats.count ? Double(beats[i + 1].time) : Double(beats[i].time) + period(beats, at: i)
            lab += String(format: "%.3f\t%.3f\t", Double(beats[start].time) / sampleRate, end / sampleRate)
                + beats[i].chord.harte() + "\n"
            start = i + 1
        }
        try lab.write(to: folder.appendingPathComponent("chords.lab"), atomically: true, encoding: .utf8)
    }

    /// The band's notes as a MIDI file whose tempo map follows the beats it played (steady within
    /// `tempoToleranceSeconds`; the beats it kept or rested through a pause counted in), with its
    /// bars' time signatures, a marker at every section directed and every chord change, and a
    /// named track per part.
    public static func exportMIDI(messages: [MIDIMessage], beats played: [PlayedBeat], sections: [(time: SampleTime, section: SectionLabel?)] = [],
                                  sampleRate: Double, programs: [UInt8: UInt8], endTime: SampleTime, to path: String) throws {
        try midiWriter(messages: messages, beats: played, sections: sections, sampleRate: sampleRate, programs: programs,
                       endTime: endTime).write(to: path)
    }

    /// The writer `exportMIDI` writes with.
    public static func midiWriter(messages: [MIDIMessage], beats played: [PlayedBeat], sections: [(time: SampleTime, section: SectionLabel?)] = [],
                                  sampleRate: Double, programs: [UInt8: UInt8], endTime: SampleTime) -> MIDIFileWriter {
        var open: [Int: (start: SampleTime, velocity: UInt8)] = [:]
        var notes: [MIDIFileWriter.Note] = []
        func close(_ key: Int, at time: SampleTime) {
            guard let on = open.removeValue(forKey: key) else { return }
            notes.append(.init(startSeconds: Double(on.start) / sampleRate, endSeconds: Double(max(time, on.start + 1)) / sampleRate,
                               channel: UInt8(key >> 8), pitch: UInt8(key & 0xFF), velocity: on.velocity))
        }
        for m in messages {
            let key = Int(m.channel) << 8 | Int(m.pitch)
            close(key, at: m.time)
            if m.isNoteOn { open[key] = (m.time, m.velocity) }
        }
        for key in Array(open.keys) { close(key, at: endTime) }
        notes.sort { $0.startSeconds < $1.startSeconds }

        let beats = finalBeats(played)
        var markers: [MIDIFileWriter.Marker] = []
        for (time, section) in sections {
            markers.append(.init(seconds: Double(time) / sampleRate, text: section?.rawValue ?? "no section"))
        }
        var spelling = PitchSpelling.flats
        for (i, beat) in beats.enumerated() where i == 0 || beat.chord != beats[i - 1].chord {
            if let key = beat.key { spelling = PitchSpelling(key: key) }
            markers.append(.init(seconds: Double(beat.time) / sampleRate, text: beat.chord.chartSymbol(spelling: spelling)))
        }
        // The beats the band counted between the ones it played (a rest) keep the bar count.
        var beatSeconds: [Double] = []
        var beatsInBar: [Int] = []
        for (i, beat) in beats.enumerated() {
            if i > 0, case let gap = beat.beat - beats[i - 1].beat, gap > 1 {
                let from = Double(beats[i - 1].time), step = Double(beat.time - beats[i - 1].time) / Double(gap)
                for k in 1..<gap {
                    beatSeconds.append((from + Double(k) * step) / sampleRate)
                    beatsInBar.append(0)
                }
            }
            beatSeconds.append(Double(beat.time) / sampleRate)
            beatsInBar.append(beat.beatInBar)
        }
        let names: [UInt8: String] = [9: "drums", 0: "bass", 1: "keys", 2: "strings", 3: "guitar"]
        return MIDIFileWriter(beatSeconds: beatSeconds, beatsInBar: beatsInBar, notes: notes, programs: programs,
                              trackNames: names, markers: markers, tempoToleranceSeconds: tempoToleranceSeconds)
    }

    /// Seconds a beat may sit off its quarter line in the MIDI file's tempo map before the tempo
    /// changes: under the beat F-measure's 70 ms, about a tracker frame and a half.
    public static let tempoToleranceSeconds = 0.015

    /// The beats as finally played: a beat re-scheduled after the tracker corrected the grid
    /// replaces the earlier plan.
    static func finalBeats(_ played: [PlayedBeat]) -> [PlayedBeat] {
        var beats: [PlayedBeat] = []
        for b in played {
            while let last = beats.last, last.time >= b.time - 1 || last.beat >= b.beat { beats.removeLast() }
            beats.append(b)
        }
        return beats
    }

    private static func period(_ beats: [PlayedBeat], at i: Int) -> Double {
        i > 0 ? Double(beats[i].time - beats[i - 1].time) : 24000
    }
}
