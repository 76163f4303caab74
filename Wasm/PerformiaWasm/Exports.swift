import PerformiaAnalysis
import PerformiaCore

/// The browser build's door into the portable core: the onset detector as an AudioWorklet
/// would drive it, 128 frames at a time. JavaScript writes mono Float32 samples at
/// `performia_onset_input()`, calls `performia_onset_process(frames)`, then reads the returned
/// number of onset frames with the accessors. One session per module instance.

@_expose(wasm, "performia_onset_prepare")
@_cdecl("performia_onset_prepare")
public func performiaOnsetPrepare(sampleRate: Double, maximumBlockFrames: Int32) -> Int32 {
    guard sampleRate >= 8000, sampleRate <= 192000, maximumBlockFrames > 0 else { return 0 }
    OnsetSession.current = OnsetSession(sampleRate: sampleRate, maximumBlockFrames: Int(maximumBlockFrames))
    return 1
}

@_expose(wasm, "performia_onset_input")
@_cdecl("performia_onset_input")
public func performiaOnsetInput() -> UnsafeMutablePointer<Float>? {
    OnsetSession.current?.input.channelPointers[0]
}

@_expose(wasm, "performia_onset_process")
@_cdecl("performia_onset_process")
public func performiaOnsetProcess(frames: Int32) -> Int32 {
    guard let session = OnsetSession.current else { return -1 }
    return Int32(session.process(frames: Int(frames)))
}

@_expose(wasm, "performia_onset_time")
@_cdecl("performia_onset_time")
public func performiaOnsetTime(index: Int32) -> Double {
    guard let s = OnsetSession.current, index >= 0, Int(index) < s.events.count else { return -1 }
    return Double(s.events[Int(index)].time)
}

@_expose(wasm, "performia_onset_flux")
@_cdecl("performia_onset_flux")
public func performiaOnsetFlux(index: Int32) -> Float {
    guard let s = OnsetSession.current, index >= 0, Int(index) < s.events.count else { return -1 }
    return s.events[Int(index)].flux
}

@_expose(wasm, "performia_onset_low_flux")
@_cdecl("performia_onset_low_flux")
public func performiaOnsetLowFlux(index: Int32) -> Float {
    guard let s = OnsetSession.current, index >= 0, Int(index) < s.events.count else { return -1 }
    return s.events[Int(index)].lowFlux
}
