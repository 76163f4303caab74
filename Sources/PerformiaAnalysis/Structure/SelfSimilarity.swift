import PerformiaCore

/// A square matrix of `Float`, row-major: a self-similarity (or self-distance) matrix over the
/// beats or the bars of a song (Foote, "Visualizing music and audio using self-similarity",
/// ACM Multimedia 1999). Built at beat rate at most, never at frame rate.
struct SelfSimilarity {
    let count: Int
    var values: [Float]

    init(count: Int, repeating value: Float = 0) {
        self.count = count
        values = [Float](repeating: value, count: count * count)
    }

    subscript(i: Int, j: Int) -> Float {
        get { values[i * count + j] }
        set { values[i * count + j] = newValue }
    }

    /// The `p` quantile (0…1) of the entries above the diagonal, from at most `sampleLimit`
    /// evenly strided entries (exact for small matrices).
    func offDiagonalQuantile(_ p: Double, sampleLimit: Int = 40_000) -> Float {
        let total = count * (count - 1) / 2
        guard total > 0 else { return 0 }
        let stride = max(1, total / sampleLimit)
        var sample: [Float] = []
        sample.reserveCapacity(total / stride + 1)
        var index = 0
        for i in 0..<count {
            for j in (i + 1)..<count {
                if index % stride == 0 { sample.append(values[i * count + j]) }
                index += 1
            }
        }
        sample.sort()
        let position = min(sample.count - 1, max(0, Int((p * Double(sample.count - 1)).rounded())))
        return sample[position]
    }

    /// Mean and standard deviation of the entries above the diagonal.
    func offDiagonalMoments() -> (mean: Float, deviation: Float) {
        guard count > 1 else { return (0, 1) }
        var sum = 0.0
        var sum2 = 0.0
        for i in 0..<count {
            for j in (i + 1)..<count {
                let v = Double(values[i * count + j])
                sum += v
                sum2 += v * v
            }
        }
        let n = Double(count * (count - 1) / 2)
        let mean = sum / n
        return (Float(mean), Float(max(1e-12, sum2 / n - mean * mean).squareRoot()))
    }

    /// Cosine similarity of unit-length chroma vectors.
    static func cosine(_ x: [SIMD16<Float>]) -> SelfSimilarity {
        var s = SelfSimilarity(count: x.count)
        for i in 0..<x.count {
            s[i, i] = (x[i] * x[i]).sum()
            for j in (i + 1)..<x.count {
                let v = (x[i] * x[j]).sum()
                s[i, j] = v
                s[j, i] = v
            }
        }
        return s
    }

    /// Timbre dissimilarity in [0, 1): `1 − exp(−d² / median d²)`, d the Euclidean distance of the
    /// envelope-and-onset vectors. The median scale makes it comparable across songs; the
    /// saturation keeps one odd bar (a fill, a stop) from outweighing a whole section.
    static func timbreDistance(timbre: [SIMD16<Float>], onset: [SIMD2<Float>]) -> SelfSimilarity {
        let n = timbre.count
        var d = SelfSimilarity(count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let v = StructureFeatures.distance2(timbre[i], onset[i], timbre[j], onset[j])
                d[i, j] = v
                d[j, i] = v
            }
        }
        let scale = d.offDiagonalQuantile(0.5)
        let inverse = scale > 0 ? 1 / scale : 0
        for k in d.values.indices { d.values[k] = 1 - Math.exp(-d.values[k] * inverse) }
        return d
    }
}
