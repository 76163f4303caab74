import PerformiaCore

/// Analysis windows.
public enum Window {
    /// Fills `output[0..<count]` with a periodic Hann window (the STFT convention, which sums to
    /// a constant at 50 % and 75 % overlap): w[n] = 0.5 − 0.5·cos(2πn/count).
    public static func hann(_ output: UnsafeMutablePointer<Float>, count: Int) {
        for n in 0..<count {
            output[n] = Float(0.5 - 0.5 * Math.cos(2.0 * Math.pi * Double(n) / Double(count)))
        }
    }
}
