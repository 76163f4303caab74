/// The causal `DilatedConv1D` frame by frame: keeps the last (K−1)·dilation + 1 input frames in a
/// ring (zeros before the first frame, as the sequence form pads), so `process` gives exactly the
/// sequence form's output for the newest frame. Latency: 0 frames (it looks at no future frame).
///
/// `init` allocates (the prepare step); `process` and `reset` allocate nothing and are real-time
/// safe. Each frame is written twice, at slot s and s + length, so the taps of the newest frame
/// are one contiguous window the convolution kernel reads at fixed offsets.
public final class StreamingDilatedConv {
    public let convolution: DilatedConv1D
    /// The frames the ring holds: (K−1)·dilation + 1.
    public let lengthFrames: Int
    private let stride: Int
    private let ring: UnsafeMutablePointer<Float>
    private var slot = 0

    public init(_ convolution: DilatedConv1D) {
        precondition(convolution.causal, "StreamingDilatedConv: only a causal convolution streams")
        self.convolution = convolution
        lengthFrames = convolution.pastFrames + 1
        stride = 8 * LinearKernel.chunks(convolution.inputCount)
        ring = .allocate(capacity: 2 * lengthFrames * stride)
        ring.initialize(repeating: 0, count: 2 * lengthFrames * stride)
    }

    deinit { ring.deallocate() }

    /// Pushes input frame `frame` (`inputCount` values) and writes the convolution at it to
    /// `output` (`convolution.paddedOutputCount` values).
    public func process(frame: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let newest = ring + (slot + lengthFrames) * stride
        newest.update(from: frame, count: convolution.inputCount)
        (ring + slot * stride).update(from: frame, count: convolution.inputCount)
        convolution.apply(input: newest, inputStride: stride, output: output,
                          outputStride: convolution.paddedOutputCount, frameCount: 1)
        slot = slot + 1 == lengthFrames ? 0 : slot + 1
    }

    /// Forgets the past frames (zeros again), keeping the allocation.
    public func reset() {
        ring.update(repeating: 0, count: 2 * lengthFrames * stride)
        slot = 0
    }
}
