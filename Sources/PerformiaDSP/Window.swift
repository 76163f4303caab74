import PerformiaCore

/// Analysis windows.
public enum Window {
    /// The analysis window of an STFT.
    public enum Shape: Sendable {
        /// The periodic Hann window, w[n] = 0.5 − 0.5·cos(2πn/N): sums to a constant at 50 % and
        /// 75 % overlap.
        case hann
        /// Its square root, w[n] = sin(πn/N): as analysis and synthesis window alike, their
        /// product is Hann, so analysis–synthesis is a perfect reconstruction at 50 % overlap
        /// (the window of `torch.stft(window=sqrt(hann_window))`, which the separators use).
        case sqrtHann

        /// Fills `output[0..<count]` with the window.
        public func fill(_ output: UnsafeMutablePointer<Float>, count: Int) {
            switch self {
            case .hann: Window.hann(output, count: count)
            case .sqrtHann:
                Window.hann(output, count: count)
                for n in 0..<count { output[n] = max(output[n], 0).squareRoot() }
            }
        }
    }

    /// Fills `output[0..<count]` with a periodic Hann window (the STFT convention, which sums to
    /// a constant at 50 % and 75 % overlap): w[n] = 0.5 − 0.5·cos(2πn/count).
    public static func hann(_ output: UnsafeMutablePointer<Float>, count: Int) {
        for n in 0..<count {
            output[n] = Float(0.5 - 0.5 * Math.cos(2.0 * Math.pi * Double(n) / Double(count)))
        }
    }
}
