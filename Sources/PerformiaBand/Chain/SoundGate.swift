import PerformiaCore

/// Whether the band's input sounds, block by block: its level (the block's RMS, smoothed over
/// `smoothingSeconds`) against the louder of an absolute floor and `relativeDecibels` below the
/// loudest recent level (which falls by `loudDecaySeconds` time constant). The beat tracker
/// normalises its onsets by the recent playing, so the faint tail of a recording after the music
/// has stopped (reverb, dither, hiss) still shows it beats; the band takes no beat from silence
/// by this measure (`RhythmTap`), and keeps time through a pause only as long as it would
/// through a rest (`BandConductor.keepTimeBeats`). It also marks the first sound: the first
/// block whose RMS reaches `firstSoundDecibels` after silence, where a rehearsed song starts.
///
/// Latency: none (the decision for a block is made on that block). Real-time safe: no
/// allocation, a few multiplications per sample.
public struct SoundGate: Sendable {
    /// dBFS (RMS) below which the input is silent whatever came before.
    public var floorDecibels: Float = -70
    /// dB below the loudest recent level at which the input counts as silent.
    public var relativeDecibels: Float = -36
    /// dBFS (RMS) of a block that is a first sound.
    public var firstSoundDecibels: Float = -50
    public var smoothingSeconds = 0.02
    public var loudDecaySeconds = 10.0

    /// The end of the last block that sounded, in frames (nil: none yet).
    public private(set) var lastSoundTime: SampleTime?
    /// The start of the first block that reached `firstSoundDecibels` (nil: none yet).
    public private(set) var firstSoundTime: SampleTime?
    private var meanSquare: Float = 0
    private var loudMeanSquare: Float = 0

    public init() {}

    /// Measures one block (every channel); returns whether it sounds.
    @discardableResult
    public mutating func process(_ block: AudioBlock, sampleRate: Double) -> Bool {
        guard block.frameCount > 0, block.channelCount > 0 else { return false }
        var sum: Float = 0
        for c in 0..<block.channelCount {
            let samples = block.channel(c)
            for i in 0..<block.frameCount {
                let x = samples[i]
                if x.isFinite { sum += x * x }
            }
        }
        let blockMeanSquare = min(sum / Float(block.frameCount * block.channelCount), 1e6)
        let frames = Double(block.frameCount)
        let smoothing = Float(1 - Math.exp(-frames / (smoothingSeconds * sampleRate)))
        meanSquare += smoothing * (blockMeanSquare - meanSquare)
        let decay = Float(Math.exp(-2 * frames / (loudDecaySeconds * sampleRate)))
        loudMeanSquare = max(loudMeanSquare * decay, meanSquare)
        let threshold = max(Self.power(floorDecibels), loudMeanSquare * Self.power(relativeDecibels))
        let sounds = meanSquare > threshold
        if sounds { lastSoundTime = block.startTime + SampleTime(block.frameCount) }
        if firstSoundTime == nil, blockMeanSquare >= Self.power(firstSoundDecibels) { firstSoundTime = block.startTime }
        return sounds
    }

    /// Whether the input sounded within `marginFrames` before `time` or later.
    public func soundedNear(_ time: SampleTime, marginFrames: SampleTime) -> Bool {
        guard let lastSoundTime else { return false }
        return lastSoundTime + marginFrames >= time
    }

    public mutating func reset() {
        lastSoundTime = nil
        firstSoundTime = nil
        meanSquare = 0
        loudMeanSquare = 0
    }

    /// Mean square of a level in dB.
    private static func power(_ decibels: Float) -> Float {
        Float(Math.pow(10, Double(decibels) / 10))
    }
}
