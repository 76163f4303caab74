import PerformiaBand
import PerformiaCore
import PerformiaIO

/// Renders recorded band messages to an audio file with a fresh FluidSynth, off the audio
/// thread: what `performia live --out` writes after a real-time session (the same notes, the
/// same synthesiser and soundfont, so the same audio). Optionally mixes an input file in. One
/// chain through the runner: `MessagePlayer`, or `ParallelChain(MessagePlayer, Gain(1))` over the
/// input, until one second after `endTime` for the last notes to ring.
public enum BandRender {
    public static func render(messages: [MIDIMessage], programs: [(channel: UInt8, program: UInt8)], sampleRate: Double,
                              endTime: SampleTime, mixing inputPath: String?, to path: String) throws {
        let synth = try FluidSynthRenderer(sampleRate: sampleRate)
        for p in programs { synth.programChange(channel: p.channel, program: p.program) }
        let writer = try AudioFileWriter(path: path, sampleRate: sampleRate.rounded(), channelCount: 2)
        let player = MessagePlayer(synth: synth, messages: messages)
        let end = endTime + SampleTime(sampleRate)
        let runner = OfflineRunner(blockFrames: 1024)
        var failure: (any Error)?
        func write(_ block: AudioBlock) {
            guard failure == nil else { return }
            do {
                try writer.write(channels: [Array(block.channel(0)), Array(block.channel(1))], frameCount: block.frameCount)
            } catch {
                failure = error
            }
        }
        if let inputPath {
            let input = try AudioFileReader(path: inputPath, targetSampleRate: sampleRate, downmixToMono: true)
            try runner.render(ParallelChain(player, Gain(gain: 1)), source: PaddedSource(input, frameCount: end), onOutput: write)
        } else {
            runner.render(player, source: SilenceSource(sampleRate: sampleRate, frameCount: end), onOutput: write)
        }
        if let failure { throw failure }
        try writer.close()
    }
}
