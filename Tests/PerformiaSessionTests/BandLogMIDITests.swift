import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaMusic
import PerformiaSession
import PerformiaTestSupport
import Testing

/// The band's MIDI file as a DAW reads it: a sane, steady tempo map from the beats it played
/// (re-planned beats and rests counted right), its bars' time signature, sections and chords as
/// markers, named tracks.
@Suite struct BandLogMIDITests {
    let rate = 48000.0

    /// A 3/4 band at 120 BPM with the tracker's jitter (±6 ms), a beat re-planned 9 ms later, a
    /// rest of three bars (beats 30–38 not played) and chords changing every bar.
    func played() -> [PlayedBeat] {
        var generator = XorshiftGenerator(seed: 11)
        var beats: [PlayedBeat] = []
        let chords = [ChordLabel(root: 7, quality: .major), ChordLabel(root: 0, quality: .major), ChordLabel(root: 2, quality: .major)]
        for n in 0..<60 where !(30..<39).contains(n) {
            let jitter = (Double(generator.next() % 1201) / 100 - 6) / 1000
            let time = SampleTime((0.8 + Double(n) * 0.5 + jitter) * rate)
            let beat = PlayedBeat(beat: n, time: time, beatInBar: n % 3 + 1, chord: chords[(n / 3) % 3], anticipated: false,
                                  key: MusicalKey(tonic: 7, isMinor: false), scheduledAt: time - 960)
            beats.append(beat)
            if n == 10 {
                var replanned = beat
                replanned.time += SampleTime(0.009 * rate)
                beats.append(replanned)
            }
        }
        return beats
    }

    @Test func theTempoMapIsSteadyAndSaneWithTheBarsTimeSignatureAndMarkers() {
        let beats = played()
        let notes = beats.flatMap { b in
            [MIDIMessage(time: b.time, channel: 9, pitch: 36, velocity: 100), MIDIMessage(time: b.time + 4800, channel: 9, pitch: 36, velocity: 0)]
        }
        let writer = BandLog.midiWriter(messages: notes, beats: beats, sections: [(0, .verse), (SampleTime(10 * rate), .chorus)],
                                        sampleRate: rate, programs: [:], endTime: beats.last!.time + 48000)
        let tempi = writer.tempoMap.map { 60e6 / Double($0.microsecondsPerQuarter) }
        print("tempo map: \(tempi.map { String(format: "%.2f", $0) })")
        // After the lead-in, every tempo is within 2 % of 120 BPM, and a steady band gets few changes.
        #expect(tempi.dropFirst().allSatisfy { abs($0 - 120) < 2.4 }, "\(tempi)")
        #expect(writer.tempoMap.count <= 8, "\(writer.tempoMap.count) tempo changes for a steady band")
        // Every beat played sits within the tolerance of its quarter line (beat n on quarter n + lead-in).
        let firstTick = writer.tick(atSeconds: Double(beats[0].time) / rate)
        let final = beats.enumerated().filter { i, b in i + 1 == beats.count || beats[i + 1].beat != b.beat }.map(\.element)
        let worst = final.map { abs(writer.seconds(atTick: firstTick + $0.beat * 960) - Double($0.time) / rate) }.max()!
        #expect(worst <= BandLog.tempoToleranceSeconds + 0.001, "a beat \(worst * 1000) ms off its line")
        // 3/4, with its bar lines on the downbeats.
        #expect(writer.timeSignatures.last?.beatsPerBar == 3)
        let downbeatTick = firstTick
        #expect(writer.timeSignatures.contains { $0.beatsPerBar == 3 && $0.tick <= downbeatTick && (downbeatTick - $0.tick) % (3 * 960) == 0 })
        // Sections and chord changes as markers.
        let texts = writer.markers.map(\.text)
        #expect(texts.contains("verse") && texts.contains("chorus") && texts.contains("G") && texts.contains("C") && texts.contains("D"))
        #expect(writer.trackNames[9] == "drums")
    }
}
