import PerformiaBand
import PerformiaCore
import PerformiaIO

/// Renders recorded band messages to an audio file with a fresh FluidSynth, off the audio
/// thread: what `performia live --out` writes after a real-time session (the same notes, the
/// same synthesiser and soundfont, so the same audio). Optionally mixes an input file in.
public enum BandRender {
    public static func render(messages: [MIDIMessage], programs: [(channel: UInt8, program: UInt8)], sampleRate: Double,
                              endTime: SampleTime, mixing inputPath: String?, to path: String) throws {
        let synth = try FluidSynthRenderer(sampleRate: sampleRate)
        for p in programs { synth.programChange(channel: p.channel, program: p.program) }
        let writer = try AudioFileWriter(path: path, sampleRate: sampleRate.rounded(), channelCount: 2)
        let input = try inputPath.map { try AudioFileReader(path: $0, targetSampleRate: sampleRate, downmixToMono: true) }
        let block = 1024
        var left = [Float](repeating: 0, count: block), right = left, mono = left
        var time: SampleTime = 0
        var next = 0
        let end = endTime + SampleTime(sampleRate)  // one second for the last notes to ring
        while time < end {
            let frames = Int(min(SampleTime(block), end - time))
            var done = 0
            while next < messages.count && messages[next].time < time + SampleTime(frames) {
                let offset = max(done, Int(messages[next].time - time))
                if offset > done {
                    left.withUnsafeMutableBufferPointer { l in right.withUnsafeMutableBufferPointer { r in
                        synth.render(left: l.baseAddress! + done, right: r.baseAddress! + done, frameCount: offset - done)
                    } }
                    done = offset
                }
                let m = messages[next]
                if m.isNoteOn { synth.noteOn(channel: m.channel, pitch: m.pitch, velocity: m.velocity) }
                else { synth.noteOff(channel: m.channel, pitch: m.pitch) }
                next += 1
            }
            if frames > done {
                left.withUnsafeMutableBufferPointer { l in right.withUnsafeMutableBufferPointer { r in
                    synth.render(left: l.baseAddress! + done, right: r.baseAddress! + done, frameCount: frames - done)
                } }
            }
            if let input {
                for i in 0..<frames { mono[i] = 0 }
                let read = try mono.withUnsafeMutableBufferPointer { m -> Int in
                    var pointer = m.baseAddress!
                    return try withUnsafePointer(to: &pointer) { try input.read(into: $0, maximumFrames: frames) }
                }
                for i in 0..<read { left[i] += mono[i]; right[i] += mono[i] }
            }
            try writer.write(channels: [Array(left[0..<frames]), Array(right[0..<frames])], frameCount: frames)
            time += SampleTime(frames)
        }
        try writer.close()
    }
}
