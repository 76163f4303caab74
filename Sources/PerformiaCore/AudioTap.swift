/// Something that reads every block of a stream and writes no audio: an event processor with
/// its handler (`EventTap`), or several side by side (`TapPair`). Runners hand the same block to
/// all taps (`OfflineRunner.run(taps:…)`, or `Tapped` in front of an audio chain).
///
/// Same life cycle as `Processor`: `prepare` allocates; `process` is real-time safe as long as
/// the taps' handlers are; `finish` flushes look-ahead at the end of an offline stream.
public protocol AudioTap: AnyObject {
    /// Allocates everything for `spec` (the input's sample rate, maximum block, channels).
    func prepare(_ spec: ProcessSpec)
    /// Reads `block` and hands what it completes to its handlers. Real-time safe.
    func process(_ block: AudioBlock)
    /// Returns to the state right after `prepare`, keeping allocations.
    func reset()
    /// Flushes look-ahead at the end of a stream (offline only).
    func finish()
}
