import PerformiaCore

/// The exponential linear unit (Clevert, Unterthiner & Hochreiter 2016) with α = 1, as PyTorch's
/// `F.elu`: x for x > 0, eˣ − 1 otherwise. No allocation.
public enum ELU {
    @inline(__always)
    public static func value(_ x: Float) -> Float { x > 0 ? x : Math.exp(x) - 1 }

    /// Replaces each of `count` values by its ELU.
    public static func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { values[i] = value(values[i]) }
    }
}
