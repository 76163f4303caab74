import Foundation
import PerformiaBand
import PerformiaCore
import PerformiaIO
import PerformiaSynth
import PerformiaTestSupport
import Testing

/// `BandRender` through the chain runner: the recorded notes sound where they are stamped, the
/// file lasts a second past the end, and an input mixed in is there at gain 1.
@Suite struct BandRenderTests {
    let rate = 48000.0
    var messages: [MIDIMessage] {
        [MIDIMessage(time: 4800, channel: 0, pitch: 60, velocity: 100), MIDIMessage(time: 24000, channel: 0, pitch: 60, velocity: 0)]
    }

    func read(_ path: String) throws -> [[Float]] {
        let reader = try AudioFileReader(path: path, targetSampleRate: nil, downmixToMono: false)
        var channels = [[Float]](repeating: [], count: reader.info.channelCount)
        let buffer = AudioBuffer(channelCount: reader.info.channelCount, capacityFrames: 4096)
        while true {
            let frames = try reader.read(into: buffer.channelPointers, maximumFrames: 4096)
            if frames == 0 { break }
            let block = buffer.block(frameCount: frames, startTime: 0)
            for c in channels.indices { channels[c] += block.channel(c) }
        }
        return channels
    }

    @Test func notesSoundWhereTheyAreStampedAndTheFileRingsOnASecond() throws {
        guard FileManager.default.fileExists(atPath: FluidSynthRenderer.defaultSoundFontPath) else { return }
        let folder = TemporaryFolder()
        try BandRender.render(messages: messages, programs: [(0, 0)], sampleRate: rate, endTime: 48000, mixing: nil,
                              to: folder.path("band.wav"))
        let audio = try read(folder.path("band.wav"))
        #expect(audio.count == 2 && audio[0].count == 96000)
        // FluidSynth applies a note at its next 64-frame block: silence before, sound after.
        #expect(audio[0][0..<4800].allSatisfy { $0 == 0 })
        #expect(audio[0][4800 + 64..<24000].map { abs($0) }.max()! > 0.01)
    }

    @Test func anInputIsMixedInAtUnityGain() throws {
        guard FileManager.default.fileExists(atPath: FluidSynthRenderer.defaultSoundFontPath) else { return }
        let folder = TemporaryFolder()
        let tone = Signals.sine(hz: 440, seconds: 1, sampleRate: rate, amplitude: 0.25)
        let input = try folder.audio("in.wav", channels: [tone], sampleRate: rate, encoding: .wavFloat)
        try BandRender.render(messages: [], programs: [], sampleRate: rate, endTime: 48000, mixing: input,
                              to: folder.path("mixed.wav"))
        let audio = try read(folder.path("mixed.wav"))
        // No notes: the output is the input on both sides (to 16-bit precision), then silence.
        let error = zip(audio[0].prefix(tone.count), tone).map { abs($0 - $1) }.max()!
        #expect(error < 1e-4 && audio[1][1000] == audio[0][1000], "largest difference \(error)")
        #expect(audio[0][tone.count...].allSatisfy { $0 == 0 })
    }
}
