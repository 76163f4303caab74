import PerformiaAnalysis
import PerformiaCore
import PerformiaDSP
import PerformiaNeural

// The functions the browser build exports (scripts/build-wasm → .build/wasm/performia-core.wasm,
// which also exports its `memory`). Handles are the addresses of retained sessions, 0 for none;
// pass only values a `create` returned and not yet destroyed. Pointers are byte offsets into
// `memory`; memory can grow during any call, so take a fresh typed-array view after each one
// (and leave growing it to the module: its heap assumes it owns the memory past its initial size).

// MARK: - Onset detection (PerformiaAnalysis.OnsetDetector, mono)

/// A new onset detector for a mono stream at `sampleRate` Hz (8 kHz … 192 kHz) fed at most
/// `maximumBlockFrames` (1 … 2^20) frames per call, 128 from an AudioWorklet; 0 on bad arguments.
@_expose(wasm, "performia_onset_create")
@_cdecl("performia_onset_create")
public func performiaOnsetCreate(sampleRate: Double, maximumBlockFrames: Int32) -> UnsafeMutableRawPointer? {
    guard sampleRate >= 8000 && sampleRate <= 192_000 && maximumBlockFrames > 0 && maximumBlockFrames <= 1 << 20 else {
        return nil
    }
    let session = OnsetSession(sampleRate: sampleRate, maximumBlockFrames: Int(maximumBlockFrames))
    return Unmanaged.passRetained(session).toOpaque()
}

/// Frees a detector.
@_expose(wasm, "performia_onset_destroy")
@_cdecl("performia_onset_destroy")
public func performiaOnsetDestroy(_ handle: UnsafeMutableRawPointer?) {
    guard let handle else { return }
    Unmanaged<OnsetSession>.fromOpaque(handle).release()
}

/// Where JavaScript writes the next block: `maximumBlockFrames` Float32 samples.
@_expose(wasm, "performia_onset_input")
@_cdecl("performia_onset_input")
public func performiaOnsetInput(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Float>? {
    onsetSession(handle)?.input.channelPointers[0]
}

/// Processes the first `frames` samples of the input; returns the number of onset frames it
/// completed (read them with the accessors below), or -1 on bad arguments.
@_expose(wasm, "performia_onset_process")
@_cdecl("performia_onset_process")
public func performiaOnsetProcess(_ handle: UnsafeMutableRawPointer?, frames: Int32) -> Int32 {
    guard let count = onsetSession(handle)?.process(frames: Int(frames)) else { return -1 }
    return Int32(count)
}

/// Ends an offline stream; returns the number of onset frames it completed, or -1.
@_expose(wasm, "performia_onset_finish")
@_cdecl("performia_onset_finish")
public func performiaOnsetFinish(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let session = onsetSession(handle) else { return -1 }
    return Int32(session.finish())
}

/// Starts a new stream, keeping the allocations.
@_expose(wasm, "performia_onset_reset")
@_cdecl("performia_onset_reset")
public func performiaOnsetReset(_ handle: UnsafeMutableRawPointer?) {
    onsetSession(handle)?.reset()
}

/// How many frames after its time stamp an onset frame is emitted; -1 on a null handle.
@_expose(wasm, "performia_onset_latency")
@_cdecl("performia_onset_latency")
public func performiaOnsetLatency(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let session = onsetSession(handle) else { return -1 }
    return Int32(session.detector.latencyFrames)
}

/// Time stamp of onset frame `index` of the last call, in frames since the stream's first
/// sample (exact as a Double); NaN when out of range.
@_expose(wasm, "performia_onset_time")
@_cdecl("performia_onset_time")
public func performiaOnsetTime(_ handle: UnsafeMutableRawPointer?, index: Int32) -> Double {
    guard let event = onsetSession(handle)?.event(Int(index)) else { return .nan }
    return Double(event.time)
}

/// SuperFlux novelty of onset frame `index` of the last call; NaN when out of range.
@_expose(wasm, "performia_onset_flux")
@_cdecl("performia_onset_flux")
public func performiaOnsetFlux(_ handle: UnsafeMutableRawPointer?, index: Int32) -> Float {
    onsetSession(handle)?.event(Int(index))?.flux ?? .nan
}

/// Novelty below `OnsetDetector.lowBandHz` of onset frame `index` of the last call; NaN when out of range.
@_expose(wasm, "performia_onset_low_flux")
@_cdecl("performia_onset_low_flux")
public func performiaOnsetLowFlux(_ handle: UnsafeMutableRawPointer?, index: Int32) -> Float {
    onsetSession(handle)?.event(Int(index))?.lowFlux ?? .nan
}

private func onsetSession(_ handle: UnsafeMutableRawPointer?) -> OnsetSession? {
    handle.map { Unmanaged<OnsetSession>.fromOpaque($0).takeUnretainedValue() }
}

// MARK: - FFT (PerformiaDSP.RealFFT), for parity tests

/// A forward real FFT of `size` samples (a power of two, 4 … 2^20); 0 on bad arguments.
@_expose(wasm, "performia_fft_create")
@_cdecl("performia_fft_create")
public func performiaFFTCreate(size: Int32) -> UnsafeMutableRawPointer? {
    guard size >= 4 && size <= 1 << 20 && size & (size - 1) == 0 else { return nil }
    return Unmanaged.passRetained(FFTSession(size: Int(size))).toOpaque()
}

/// Frees an FFT.
@_expose(wasm, "performia_fft_destroy")
@_cdecl("performia_fft_destroy")
public func performiaFFTDestroy(_ handle: UnsafeMutableRawPointer?) {
    guard let handle else { return }
    Unmanaged<FFTSession>.fromOpaque(handle).release()
}

/// Where JavaScript writes the `size` Float32 input samples.
@_expose(wasm, "performia_fft_input")
@_cdecl("performia_fft_input")
public func performiaFFTInput(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Float>? {
    fftSession(handle)?.input
}

/// Transforms the input (unnormalised, KissFFT's convention); returns the number of bins,
/// `size/2 + 1`, or -1 on a null handle.
@_expose(wasm, "performia_fft_forward")
@_cdecl("performia_fft_forward")
public func performiaFFTForward(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let session = fftSession(handle) else { return -1 }
    session.forward()
    return Int32(session.fft.binCount)
}

/// The real parts of the last transform's bins (Float32).
@_expose(wasm, "performia_fft_real")
@_cdecl("performia_fft_real")
public func performiaFFTReal(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Float>? {
    fftSession(handle)?.real
}

/// The imaginary parts of the last transform's bins (Float32).
@_expose(wasm, "performia_fft_imaginary")
@_cdecl("performia_fft_imaginary")
public func performiaFFTImaginary(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Float>? {
    fftSession(handle)?.imaginary
}

private func fftSession(_ handle: UnsafeMutableRawPointer?) -> FFTSession? {
    handle.map { Unmanaged<FFTSession>.fromOpaque($0).takeUnretainedValue() }
}

// MARK: - ChordPro charts (PerformiaMusic.ChordProReader), for parity tests

/// A reader for charts of up to `capacity` bytes (1 … 2^28); 0 on bad arguments.
@_expose(wasm, "performia_chordpro_create")
@_cdecl("performia_chordpro_create")
public func performiaChordProCreate(capacity: Int32) -> UnsafeMutableRawPointer? {
    guard capacity >= 1 && capacity <= 1 << 28 else { return nil }
    return Unmanaged.passRetained(ChordProSession(capacity: Int(capacity))).toOpaque()
}

/// Frees a reader.
@_expose(wasm, "performia_chordpro_destroy")
@_cdecl("performia_chordpro_destroy")
public func performiaChordProDestroy(_ handle: UnsafeMutableRawPointer?) {
    guard let handle else { return }
    Unmanaged<ChordProSession>.fromOpaque(handle).release()
}

/// Where JavaScript writes the chart's bytes (`capacity` of them).
@_expose(wasm, "performia_chordpro_input")
@_cdecl("performia_chordpro_input")
public func performiaChordProInput(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<UInt8>? {
    chordProSession(handle)?.input
}

/// Reads the first `count` input bytes; returns the length of the report (`ChordProReport`, UTF-8;
/// read it at `performia_chordpro_output`), or -1 on bad arguments.
@_expose(wasm, "performia_chordpro_read")
@_cdecl("performia_chordpro_read")
public func performiaChordProRead(_ handle: UnsafeMutableRawPointer?, count: Int32) -> Int32 {
    guard let session = chordProSession(handle), count >= 0 && Int(count) <= session.capacity else { return -1 }
    return Int32(session.read(count: Int(count)))
}

/// The last report's bytes (valid until the next read or destroy).
@_expose(wasm, "performia_chordpro_output")
@_cdecl("performia_chordpro_output")
public func performiaChordProOutput(_ handle: UnsafeMutableRawPointer?) -> UnsafePointer<UInt8>? {
    guard let session = chordProSession(handle) else { return nil }
    return session.output.withUnsafeBufferPointer { $0.baseAddress }
}

private func chordProSession(_ handle: UnsafeMutableRawPointer?) -> ChordProSession? {
    handle.map { Unmanaged<ChordProSession>.fromOpaque($0).takeUnretainedValue() }
}

// MARK: - Beat and downbeat network (PerformiaNeural.BeatTCN), for parity tests

/// A session for weights files of up to `capacity` bytes (1 … 2^28); 0 on bad arguments.
@_expose(wasm, "performia_beat_tcn_create")
@_cdecl("performia_beat_tcn_create")
public func performiaBeatTCNCreate(capacity: Int32) -> UnsafeMutableRawPointer? {
    guard capacity >= 1 && capacity <= 1 << 28 else { return nil }
    return Unmanaged.passRetained(BeatTCNSession(capacity: Int(capacity))).toOpaque()
}

/// Frees a session.
@_expose(wasm, "performia_beat_tcn_destroy")
@_cdecl("performia_beat_tcn_destroy")
public func performiaBeatTCNDestroy(_ handle: UnsafeMutableRawPointer?) {
    guard let handle else { return }
    Unmanaged<BeatTCNSession>.fromOpaque(handle).release()
}

/// Where JavaScript writes the weights file's bytes (`capacity` of them).
@_expose(wasm, "performia_beat_tcn_input")
@_cdecl("performia_beat_tcn_input")
public func performiaBeatTCNInput(_ handle: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<UInt8>? {
    beatTCNSession(handle)?.input
}

/// Loads the first `count` input bytes as a weights file; returns the model's bands per frame,
/// 0 when the file is refused (read why at `performia_beat_tcn_message`), or -1 on bad arguments.
@_expose(wasm, "performia_beat_tcn_load")
@_cdecl("performia_beat_tcn_load")
public func performiaBeatTCNLoad(_ handle: UnsafeMutableRawPointer?, count: Int32) -> Int32 {
    guard let session = beatTCNSession(handle), count >= 0 && Int(count) <= session.capacity else { return -1 }
    guard session.load(count: Int(count), fileName: "weights") else { return 0 }
    return Int32(session.model!.bandCount)
}

/// Makes room for a spectrum of `frameCount` frames (1 … 2^22) and returns where JavaScript
/// writes it (frameCount × bands Float32, frame by frame); 0 with no model or bad arguments.
@_expose(wasm, "performia_beat_tcn_spectrum")
@_cdecl("performia_beat_tcn_spectrum")
public func performiaBeatTCNSpectrum(_ handle: UnsafeMutableRawPointer?, frameCount: Int32) -> UnsafeMutablePointer<Float>? {
    guard let session = beatTCNSession(handle), let model = session.model, frameCount >= 1 && frameCount <= 1 << 22 else { return nil }
    session.frameCount = Int(frameCount)
    session.spectrum = [Float](repeating: 0, count: Int(frameCount) * model.bandCount)
    return session.spectrum.withUnsafeMutableBufferPointer { $0.baseAddress }
}

/// Runs the model over the spectrum, the whole sequence at once (`streaming` 0) or frame by frame
/// (1, causal models only); returns the number of frames (read the activations at
/// `performia_beat_tcn_output`), 0 when refused (see `performia_beat_tcn_message`), -1 with no spectrum.
@_expose(wasm, "performia_beat_tcn_run")
@_cdecl("performia_beat_tcn_run")
public func performiaBeatTCNRun(_ handle: UnsafeMutableRawPointer?, streaming: Int32) -> Int32 {
    guard let session = beatTCNSession(handle), session.model != nil, session.frameCount > 0 else { return -1 }
    return session.run(streaming: streaming != 0) ? Int32(session.frameCount) : 0
}

/// The last run's activations: frameCount beat values, then frameCount downbeat values (Float32).
@_expose(wasm, "performia_beat_tcn_output")
@_cdecl("performia_beat_tcn_output")
public func performiaBeatTCNOutput(_ handle: UnsafeMutableRawPointer?) -> UnsafePointer<Float>? {
    guard let session = beatTCNSession(handle) else { return nil }
    return session.output.withUnsafeBufferPointer { $0.baseAddress }
}

/// The last refusal's one-line message (UTF-8; its length at `performia_beat_tcn_message_length`).
@_expose(wasm, "performia_beat_tcn_message")
@_cdecl("performia_beat_tcn_message")
public func performiaBeatTCNMessage(_ handle: UnsafeMutableRawPointer?) -> UnsafePointer<UInt8>? {
    guard let session = beatTCNSession(handle) else { return nil }
    return session.message.withUnsafeBufferPointer { $0.baseAddress }
}

/// The length in bytes of the last refusal's message; -1 on a null handle.
@_expose(wasm, "performia_beat_tcn_message_length")
@_cdecl("performia_beat_tcn_message_length")
public func performiaBeatTCNMessageLength(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let session = beatTCNSession(handle) else { return -1 }
    return Int32(session.message.count)
}

private func beatTCNSession(_ handle: UnsafeMutableRawPointer?) -> BeatTCNSession? {
    handle.map { Unmanaged<BeatTCNSession>.fromOpaque($0).takeUnretainedValue() }
}
