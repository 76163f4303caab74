import PerformiaCore

/// The logistic function 1 / (1 + e⁻ˣ), in (0, 1) (0 or 1 where float runs out). No allocation.
public enum Sigmoid {
    @inline(__always)
    public static func value(_ x: Float) -> Float { 1 / (1 + Math.exp(-x)) }
}
