import PerformiaCore

/// A second-order IIR section (transposed direct form II) with the RBJ Audio-EQ-Cookbook
/// designs (R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients").
/// Zero latency (minimum-phase), real-time safe, no allocation.
public struct Biquad: Sendable {
    private var b0: Float, b1: Float, b2: Float, a1: Float, a2: Float
    private var z1: Float = 0, z2: Float = 0

    public enum Kind: Sendable { case lowPass, highPass, bandPass }

    /// - Parameters:
    ///   - cutoffHz: corner (low/high-pass) or centre (band-pass) frequency in Hz, below Nyquist.
    ///   - q: quality factor; 0.7071 gives a Butterworth response.
    public init(_ kind: Kind, cutoffHz: Double, q: Double = 0.7071067811865476, sampleRate: Double) {
        precondition(cutoffHz > 0 && cutoffHz < sampleRate / 2 && q > 0)
        let w0 = 2 * Math.pi * cutoffHz / sampleRate
        let alpha = Math.sin(w0) / (2 * q)
        let cosw = Math.cos(w0)
        var nb0: Double, nb1: Double, nb2: Double
        switch kind {
        case .lowPass: nb0 = (1 - cosw) / 2; nb1 = 1 - cosw; nb2 = (1 - cosw) / 2
        case .highPass: nb0 = (1 + cosw) / 2; nb1 = -(1 + cosw); nb2 = (1 + cosw) / 2
        case .bandPass: nb0 = alpha; nb1 = 0; nb2 = -alpha
        }
        let a0 = 1 + alpha
        b0 = Float(nb0 / a0); b1 = Float(nb1 / a0); b2 = Float(nb2 / a0)
        a1 = Float(-2 * cosw / a0); a2 = Float((1 - alpha) / a0)
    }

    @inline(__always)
    public mutating func process(_ x: Float) -> Float {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    public mutating func reset() { z1 = 0; z2 = 0 }
}
