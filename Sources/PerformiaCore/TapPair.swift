/// Two taps side by side on the same blocks: `first` sees each block, then `second`. Nest for
/// more (`TapPair(a, TapPair(b, c))`); the generic types specialise (Embedded Swift). Real-time
/// safe as far as both taps are.
public final class TapPair<First: AudioTap, Second: AudioTap>: AudioTap {
    public let first: First
    public let second: Second

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public func prepare(_ spec: ProcessSpec) {
        first.prepare(spec)
        second.prepare(spec)
    }

    @inline(__always)
    public func process(_ block: AudioBlock) {
        first.process(block)
        second.process(block)
    }

    public func reset() {
        first.reset()
        second.reset()
    }

    public func finish() {
        first.finish()
        second.finish()
    }
}
