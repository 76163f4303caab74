import PerformiaCore
import PerformiaDSP
import PerformiaNeural

/// Four-stem source separation by learned soft masks (`StemTCN`): the audio-out processor behind
/// `performia separate` and the live chain.
///
/// Per input channel: a sqrt-Hann STFT of `model.frameSize` samples every `model.hopFrames`
/// (with frameSize − hop of leading silence, so every sample gets both its frames), the network's
/// masks M_s (summing to 1 in every bin), stem s = ISTFT(M_s · X) by weighted overlap-add. Because
/// the masks sum to 1 and the STFT pair reconstructs perfectly, the stems sum to the input (within
/// float rounding). Output channel `s · C + c` is stem s (`stemNames[s]`) of input channel c: a
/// stereo input gives 8 channels, stem by stem.
///
/// Two forms, chosen by the model file:
/// - **live** (a causal model): each frame's masks come from `StreamingStemTCN` as the frame
///   arrives. Latency: `frameSize − 1` samples (1023 = 23.2 ms at 44.1 kHz for the shipped model:
///   a frame's first sample is final once its last sample is in). Real-time safe.
/// - **offline** (a centred model, which looks ±`contextFrames` frames ahead and back): frames
///   are gathered into chunks of `chunkFrames`; each chunk runs through `SequenceStemTCN` with
///   `contextFrames` of real frames on each side, so its masks equal a whole-file run's.
///   Latency: `frameSize − 1 + (chunkFrames + contextFrames − 1) · hopFrames` samples (about
///   15 s for the shipped model); memory a few MB per channel whatever the file's length.
///   Allocation-free after `prepare` too, but a chunk is tens of milliseconds of work every
///   `chunkFrames` hops: a file job, not a live one.
///
/// `maskExponent` α > 1 sharpens the masks, M_s^α / Σ_r M_r^α (a single-channel Wiener-style
/// post-filter that trades a little leakage for artefacts; 1 leaves them as the network gives).
///
/// An absent-source gate keeps a stem silent, not faintly noisy, where its source does not play:
/// per channel and stem, the stem's energy and the mixture's are smoothed over about
/// `gateSeconds` (one-pole, frame by frame, causal); while the stem stays below
/// `absentGateDecibels` of the mixture its mask fades to 0 over `gateRampFrames` frames and what
/// it held goes to `other` (the stems still sum to the input). Masked leakage into an absent
/// stem measured −26 to −42 dB of the mixture on the dev set's instrumentals; a sung line is
/// rarely below −20 dB. nil turns the gate off.
///
/// The model was trained at one rate (44.1 kHz for the shipped ones); at another the bins mean
/// other frequencies and quality drops: callers resample (the CLI does) or measure (the live band
/// at 48 kHz). `prepare` allocates everything; `process` and `reset` allocate nothing.
public final class StemSeparator: AudioProcessor {
    public let model: StemTCN
    /// Frames whose masks one offline chunk yields (0 for the live form).
    public let chunkFrames: Int
    /// Frames of context on each side of an offline chunk: the centred model's reach.
    public let contextFrames: Int
    public let maskExponent: Float
    /// The level below the mixture, in dB, under which a stem counts as absent (nil: no gate).
    public let absentGateDecibels: Float?
    /// The time constant of the gate's level measurement, in seconds.
    public let gateSeconds: Double
    /// STFT frames over which a gate opens or closes.
    public let gateRampFrames = 8
    public var stemNames: [String] { model.stemNames }
    public private(set) var outputChannelCount = 4
    public var latencyFrames: Int { model.frameSize - 1 + (chunkFrames == 0 ? 0 : (chunkFrames + contextFrames - 1) * model.hopFrames) }

    private var channels: [Channel] = []
    private var fifo: UnsafeMutablePointer<Float>?
    private var fifoCapacity = 0
    private var fifoRead = 0
    private var fifoCount = 0
    /// The input channel whose frames `frame` is handling, and where its finished samples go.
    private var currentChannel = 0
    private var writeIndex = 0
    /// The stem the absent-source gate gives what it takes: `other`, else the last.
    private let otherStem: Int

    /// - Parameters:
    ///   - model: a causal model gives the live form, a centred one the offline form.
    ///   - chunkFrames: frames per offline chunk (ignored for a causal model).
    ///   - maskExponent: α ≥ 1 of the mask post-filter.
    ///   - absentGateDecibels: a stem quieter than this relative to the mixture is silenced (nil: never).
    ///   - gateSeconds: how long the gate's level measurement remembers, in seconds.
    public init(model: StemTCN, chunkFrames: Int = 1024, maskExponent: Float = 1, absentGateDecibels: Float? = -25,
                gateSeconds: Double = 1) {
        precondition(chunkFrames > 0 && maskExponent >= 1 && gateSeconds > 0)
        self.model = model
        self.maskExponent = maskExponent
        self.absentGateDecibels = absentGateDecibels
        self.gateSeconds = gateSeconds
        otherStem = model.stemNames.firstIndex(of: "other") ?? model.stemCount - 1
        if model.causal {
            self.chunkFrames = 0
            contextFrames = 0
        } else {
            self.chunkFrames = chunkFrames
            contextFrames = (model.receptiveFrames - 1) / 2
        }
    }

    deinit { fifo?.deallocate() }

    public func prepare(_ spec: ProcessSpec) {
        let stems = model.stemCount
        outputChannelCount = stems * spec.channelCount
        channels = (0..<spec.channelCount).map { _ in Channel(separator: self, sampleRate: spec.sampleRate) }
        fifo?.deallocate()
        let hop = model.hopFrames
        fifoCapacity = latencyFrames + spec.maximumBlockFrames + (chunkFrames + 2) * hop + model.frameSize
        fifo = .allocate(capacity: fifoCapacity * outputChannelCount)
        fifo!.initialize(repeating: 0, count: fifoCapacity * outputChannelCount)
        reset()
    }

    public func reset() {
        for c in 0..<channels.count { channels[c].reset() }
        guard let fifo else { return }
        fifo.update(repeating: 0, count: fifoCapacity * outputChannelCount)
        // The ISTFT's timeline starts frameSize − hop before the stream (the leading silence):
        // hop − 1 zeros in front make the delay frameSize − 1; an offline chunk's first frame
        // waits chunk + context − 1 frames more.
        fifoRead = 0
        fifoCount = latencyFrames - (model.frameSize - model.hopFrames)
    }

    public func process(input: AudioBlock, output: MutableAudioBlock) {
        guard let fifo else { return }
        let frames = input.frameCount, capacity = fifoCapacity, available = fifoCount
        let inputChannels = channels.count
        var produced = 0
        for c in 0..<inputChannels {
            currentChannel = c
            writeIndex = (fifoRead + available) % capacity
            channels[c].analysis.pushSpectrum(UnsafePointer(input.channel(c).baseAddress!), count: frames, onFrame: frame)
            produced = (writeIndex - fifoRead - available + 2 * capacity) % capacity
        }
        for s in 0..<model.stemCount {
            for c in 0..<inputChannels {
                let ring = fifo + (s * inputChannels + c) * capacity, target = output.channel(s * inputChannels + c)
                var index = fifoRead
                for i in 0..<frames {
                    target[i] = ring[index]
                    index += 1
                    if index == capacity { index = 0 }
                }
            }
        }
        fifoRead = (fifoRead + frames) % capacity
        fifoCount = available + produced - frames
    }

    /// One STFT frame of channel `currentChannel`: masks now (live) or when its chunk is complete.
    private func frame(_ index: Int, _ real: UnsafePointer<Float>, _ imaginary: UnsafePointer<Float>) {
        let channel = channels[currentChannel]
        let bins = model.binCount
        if chunkFrames == 0 {
            let spectrum = channel.spectra
            spectrum.update(from: real, count: bins)
            (spectrum + bins).update(from: imaginary, count: bins)
            for k in 0..<bins { channel.magnitudes[k] = (real[k] * real[k] + imaginary[k] * imaginary[k]).squareRoot() }
            channel.streaming!.process(magnitudes: channel.magnitudes, masks: channel.masks)
            synthesize(channel, spectrum: spectrum, masks: channel.masks)
            return
        }
        let slot = channel.filledFrames
        (channel.spectra + slot * 2 * bins).update(from: real, count: bins)
        (channel.spectra + slot * 2 * bins + bins).update(from: imaginary, count: bins)
        let magnitudes = channel.magnitudes + slot * bins
        for k in 0..<bins { magnitudes[k] = (real[k] * real[k] + imaginary[k] * imaginary[k]).squareRoot() }
        channel.filledFrames += 1
        if channel.filledFrames == chunkFrames + 2 * contextFrames { runChunk(channel) }
    }

    /// Masks for the chunk [context, context + chunk) of `channel`'s frames, from the frames that
    /// are real (none before the stream's start); then the window slides by one chunk.
    private func runChunk(_ channel: Channel) {
        let bins = model.binCount, width = model.stemCount * bins, first = channel.firstValidFrame
        let count = channel.filledFrames - first
        channel.sequence!.process(magnitudes: channel.magnitudes + first * bins, frameCount: count, masks: channel.masks)
        for t in contextFrames..<(contextFrames + chunkFrames) {
            synthesize(channel, spectrum: channel.spectra + t * 2 * bins, masks: channel.masks + (t - first) * width)
        }
        let keep = channel.filledFrames - chunkFrames
        channel.spectra.update(from: channel.spectra + chunkFrames * 2 * bins, count: keep * 2 * bins)
        channel.magnitudes.update(from: channel.magnitudes + chunkFrames * bins, count: keep * bins)
        channel.filledFrames = keep
        channel.firstValidFrame = max(0, first - chunkFrames)
    }

    /// Masks one frame (`spectrum`: real then imaginary bins) per stem and overlap-adds the
    /// finished samples into the FIFO of (stem, `currentChannel`).
    private func synthesize(_ channel: Channel, spectrum: UnsafePointer<Float>, masks: UnsafeMutablePointer<Float>) {
        guard let fifo else { return }
        let bins = model.binCount, stems = model.stemCount, hop = model.hopFrames
        if maskExponent != 1 { sharpen(masks) }
        if let absentGateDecibels { gate(channel, spectrum: spectrum, masks: masks, thresholdDecibels: absentGateDecibels) }
        var end = writeIndex
        for s in 0..<stems {
            let mask = masks + s * bins
            for k in 0..<bins {
                channel.maskedReal[k] = spectrum[k] * mask[k]
                channel.maskedImaginary[k] = spectrum[bins + k] * mask[k]
            }
            let finished = channel.syntheses[s].push(real: channel.maskedReal, imaginary: channel.maskedImaginary)
            let ring = fifo + (s * channels.count + currentChannel) * fifoCapacity
            var index = writeIndex
            for i in 0..<hop {
                ring[index] = finished[i]
                index += 1
                if index == fifoCapacity { index = 0 }
            }
            end = index
        }
        writeIndex = end
    }

    /// The absent-source gate (see the type's notes): updates `channel`'s smoothed levels with
    /// this frame and moves the mask of every gated stem (all but `other`) into `other`'s.
    private func gate(_ channel: Channel, spectrum: UnsafePointer<Float>, masks: UnsafeMutablePointer<Float>,
                      thresholdDecibels: Float) {
        let bins = model.binCount, stems = model.stemCount
        let memory = Float(Math.exp(-Double(model.hopFrames) / (gateSeconds * channel.sampleRate)))
        let threshold = Float(Math.pow(10, Double(thresholdDecibels) / 10)), step = 1 / Float(gateRampFrames)
        var mixture: Float = 0
        for k in 0..<bins {
            let power = spectrum[k] * spectrum[k] + spectrum[bins + k] * spectrum[bins + k]
            channel.power[k] = power
            mixture += power
        }
        channel.mixtureLevel = memory * channel.mixtureLevel + (1 - memory) * mixture
        for s in 0..<stems where s != otherStem {
            let mask = masks + s * bins
            var energy: Float = 0
            for k in 0..<bins { energy += mask[k] * mask[k] * channel.power[k] }
            channel.stemLevels[s] = memory * channel.stemLevels[s] + (1 - memory) * energy
            if channel.mixtureLevel > 0 {
                let open: Float = channel.stemLevels[s] >= threshold * channel.mixtureLevel ? 1 : 0
                channel.gates[s] = open > channel.gates[s] ? min(open, channel.gates[s] + step) : max(open, channel.gates[s] - step)
            }
            let gain = channel.gates[s]
            guard gain < 1 else { continue }
            let other = masks + otherStem * bins
            for k in 0..<bins {
                other[k] += (1 - gain) * mask[k]
                mask[k] *= gain
            }
        }
    }

    /// M_s ← M_s^α / Σ_r M_r^α in every bin.
    private func sharpen(_ masks: UnsafeMutablePointer<Float>) {
        let bins = model.binCount, stems = model.stemCount
        for k in 0..<bins {
            var total: Float = 0
            for s in 0..<stems {
                let m = Math.pow(Double(max(masks[s * bins + k], 1e-12)), Double(maskExponent))
                masks[s * bins + k] = Float(m)
                total += Float(m)
            }
            let scale = 1 / max(total, 1e-30)
            for s in 0..<stems { masks[s * bins + k] *= scale }
        }
    }

    /// The state of one input channel: its STFT, the network's state or chunk, and one ISTFT per
    /// stem.
    final class Channel {
        let analysis: StreamingSTFT
        let syntheses: [StreamingISTFT]
        let streaming: StreamingStemTCN?
        let sequence: SequenceStemTCN?
        /// Live: one frame (real bins, then imaginary). Offline: the chunk window's frames.
        let spectra: UnsafeMutablePointer<Float>
        let magnitudes: UnsafeMutablePointer<Float>
        let masks: UnsafeMutablePointer<Float>
        let maskedReal: UnsafeMutablePointer<Float>
        let maskedImaginary: UnsafeMutablePointer<Float>
        let windowFrames: Int
        let contextFrames: Int
        let sampleRate: Double
        var filledFrames = 0
        var firstValidFrame = 0
        /// The gate's state: smoothed energies of the mixture and of each stem, each stem's gain.
        var mixtureLevel: Float = 0
        let stemLevels: UnsafeMutablePointer<Float>
        let gates: UnsafeMutablePointer<Float>
        let power: UnsafeMutablePointer<Float>

        init(separator: StemSeparator, sampleRate: Double) {
            let model = separator.model, bins = model.binCount
            self.sampleRate = sampleRate
            stemLevels = .allocate(capacity: model.stemCount)
            gates = .allocate(capacity: model.stemCount)
            power = .allocate(capacity: bins)
            stemLevels.initialize(repeating: 0, count: model.stemCount)
            gates.initialize(repeating: 1, count: model.stemCount)
            power.initialize(repeating: 0, count: bins)
            analysis = StreamingSTFT(frameSize: model.frameSize, hopFrames: model.hopFrames,
                                     leadingSilenceFrames: model.frameSize - model.hopFrames, window: .sqrtHann)
            syntheses = (0..<model.stemCount).map { _ in
                StreamingISTFT(frameSize: model.frameSize, hopFrames: model.hopFrames, window: .sqrtHann)
            }
            contextFrames = separator.contextFrames
            windowFrames = separator.chunkFrames == 0 ? 1 : separator.chunkFrames + 2 * separator.contextFrames
            streaming = model.causal ? try? model.prepareStreaming() : nil
            sequence = model.causal ? nil : SequenceStemTCN(model: model, capacityFrames: windowFrames)
            spectra = .allocate(capacity: windowFrames * 2 * bins)
            magnitudes = .allocate(capacity: windowFrames * bins)
            masks = .allocate(capacity: windowFrames * model.stemCount * bins)
            maskedReal = .allocate(capacity: bins)
            maskedImaginary = .allocate(capacity: bins)
            for (buffer, count) in [(spectra, windowFrames * 2 * bins), (magnitudes, windowFrames * bins),
                                    (masks, windowFrames * model.stemCount * bins), (maskedReal, bins), (maskedImaginary, bins)] {
                buffer.initialize(repeating: 0, count: count)
            }
        }

        deinit {
            for buffer in [spectra, magnitudes, masks, maskedReal, maskedImaginary, stemLevels, gates, power] { buffer.deallocate() }
        }

        func reset() {
            analysis.reset()
            for s in 0..<syntheses.count { syntheses[s].reset() }
            streaming?.reset()
            mixtureLevel = 0
            stemLevels.update(repeating: 0, count: syntheses.count)
            gates.update(repeating: 1, count: syntheses.count)
            // An offline window starts with its left context missing: the stream has no past.
            filledFrames = contextFrames
            firstValidFrame = contextFrames
        }
    }
}
