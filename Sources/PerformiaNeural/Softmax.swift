import PerformiaCore

/// The softmax e^{x_i} / Σ_j e^{x_j}, computed as PyTorch's `torch.softmax` does (the largest
/// value subtracted first, so nothing overflows). No allocation.
public enum Softmax {
    /// Replaces `count` values by their softmax (a probability distribution).
    public static func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var largest = values[0]
        for i in 0..<count { largest = max(largest, values[i]) }
        var total: Float = 0
        for i in 0..<count {
            values[i] = Math.exp(values[i] - largest)
            total += values[i]
        }
        let scale = 1 / total
        for i in 0..<count { values[i] *= scale }
    }
}
