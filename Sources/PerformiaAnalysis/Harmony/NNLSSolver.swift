/// Non-negative least squares, min ‖Ax − b‖ subject to x ≥ 0, in the Gram form of Bro & de Jong's
/// FNNLS ("A fast non-negativity-constrained least squares algorithm", J. Chemometrics 1997):
/// Lawson & Hanson's active-set method driven by AᵀA (fixed, computed once) and Aᵀb (per
/// problem), with each passive-set subproblem solved by Cholesky factorisation.
///
/// With `warmStart`, a solve starts from the previous solve's passive set (the support of its
/// solution) instead of the empty set — consecutive frames of a spectrogram share most of their
/// notes, so the active-set search takes a few steps instead of one per note. The optimum is the
/// same (the problem is strictly convex when AᵀA is positive definite); only the path to it is
/// shorter. `reset` forgets the previous support.
///
/// All storage is allocated in `init`; `solve` is real-time safe and bounded: at most
/// `maximumIterations` outer steps (3 × columns by default), after which the current feasible
/// solution is returned.
public final class NNLSSolver {
    public let columnCount: Int
    public let maximumIterations: Int
    /// Start each solve from the previous solve's support.
    public var warmStart = false
    private let gram: UnsafeMutablePointer<Double>
    private let factor: UnsafeMutablePointer<Double>
    private let candidate: UnsafeMutablePointer<Double>
    private let rhs: UnsafeMutablePointer<Double>
    private let passive: UnsafeMutablePointer<Bool>
    private let passiveIndex: UnsafeMutablePointer<Int>
    private let x: UnsafeMutablePointer<Double>

    /// - Parameter gram: AᵀA, `columnCount × columnCount`, row-major.
    public init(gram values: [Double], columnCount n: Int, maximumIterations: Int? = nil) {
        precondition(values.count == n * n)
        columnCount = n
        self.maximumIterations = maximumIterations ?? 3 * n
        gram = .allocate(capacity: n * n)
        for i in 0..<(n * n) { gram[i] = values[i] }
        factor = .allocate(capacity: n * n)
        candidate = .allocate(capacity: n)
        rhs = .allocate(capacity: n)
        passive = .allocate(capacity: n)
        passiveIndex = .allocate(capacity: n)
        x = .allocate(capacity: n)
        passive.initialize(repeating: false, count: n)
    }

    deinit {
        gram.deallocate(); factor.deallocate(); candidate.deallocate()
        rhs.deallocate(); passive.deallocate(); passiveIndex.deallocate(); x.deallocate()
    }

    /// Forgets the previous solve's support (the next solve starts from the empty set).
    public func reset() {
        for i in 0..<columnCount { passive[i] = false }
    }

    /// Solves for `atb` = Aᵀb (`columnCount` values) and writes x into `solution`.
    public func solve(atb: UnsafePointer<Double>, solution: UnsafeMutablePointer<Double>) {
        let n = columnCount
        let tolerance = 1e-10 * max(1, maxAbs(atb, n))
        var warm = false
        for i in 0..<n {
            x[i] = 0
            passive[i] = warmStart && passive[i]
            if passive[i] { warm = true }
        }
        if warm { startFromPassive(atb: atb) }
        var iterations = 0
        while iterations < maximumIterations {
            iterations += 1
            // Gradient w = Aᵀb − AᵀA x; the most positive entry outside the passive set enters.
            // Only variables outside the passive set with Aᵀb > 0 can enter: AᵀA ≥ 0 and x ≥ 0,
            // so their gradient never exceeds Aᵀb. x is non-zero only on the passive set.
            var active = 0
            for i in 0..<n where x[i] != 0 {
                passiveIndex[active] = i
                active += 1
            }
            var entering = -1
            var best = tolerance
            for i in 0..<n where !passive[i] && atb[i] > best {
                var s = atb[i]
                let row = gram + i * n
                for p in 0..<active { s -= row[passiveIndex[p]] * x[passiveIndex[p]] }
                if s > best {
                    best = s
                    entering = i
                }
            }
            if entering < 0 { break }
            passive[entering] = true
            settlePassive(atb: atb, tolerance: tolerance)
        }
        for i in 0..<n { solution[i] = x[i] }
    }

    /// A feasible start on the inherited passive set: its least-squares solution, re-solved
    /// without the variables that come out non-positive until all are positive (or none is left).
    /// Lawson & Hanson's search then goes on from there to the same optimum.
    private func startFromPassive(atb: UnsafePointer<Double>) {
        while true {
            let count = solvePassive(atb: atb)
            if count == 0 { return }
            var feasible = true
            for p in 0..<count where candidate[passiveIndex[p]] <= 0 {
                passive[passiveIndex[p]] = false
                feasible = false
            }
            if feasible {
                for p in 0..<count { x[passiveIndex[p]] = candidate[passiveIndex[p]] }
                return
            }
        }
    }

    /// Lawson & Hanson's inner loop: moves the feasible x to the least-squares solution on the
    /// passive set, dropping the passive variables that would turn negative on the way.
    private func settlePassive(atb: UnsafePointer<Double>, tolerance: Double) {
        while true {
            let count = solvePassive(atb: atb)
            if count == 0 { break }
            var feasible = true
            for p in 0..<count where candidate[passiveIndex[p]] <= 0 { feasible = false }
            if feasible {
                for p in 0..<count { x[passiveIndex[p]] = candidate[passiveIndex[p]] }
                break
            }
            // Step from x towards the candidate until the first passive variable hits zero.
            var alpha = 1.0
            for p in 0..<count {
                let i = passiveIndex[p]
                if candidate[i] <= 0 {
                    let step = x[i] / (x[i] - candidate[i])
                    if step < alpha { alpha = step }
                }
            }
            for p in 0..<count {
                let i = passiveIndex[p]
                x[i] += alpha * (candidate[i] - x[i])
                if x[i] <= tolerance * 1e-3 {
                    x[i] = 0
                    passive[i] = false
                }
            }
        }
    }

    /// Solves AᵀA[P,P] z = Aᵀb[P] for the passive set P into `candidate`; returns |P|.
    private func solvePassive(atb: UnsafePointer<Double>) -> Int {
        let n = columnCount
        var count = 0
        for i in 0..<n where passive[i] {
            passiveIndex[count] = i
            count += 1
        }
        if count == 0 { return 0 }
        // Cholesky L Lᵀ of the passive Gram block (stored in `factor`, row-major count × count).
        for r in 0..<count {
            for c in 0...r {
                var s = gram[passiveIndex[r] * n + passiveIndex[c]]
                for k in 0..<c { s -= factor[r * count + k] * factor[c * count + k] }
                if r == c {
                    factor[r * count + r] = (s > 1e-12 ? s : 1e-12).squareRoot()
                } else {
                    factor[r * count + c] = s / factor[c * count + c]
                }
            }
        }
        for r in 0..<count {
            var s = atb[passiveIndex[r]]
            for k in 0..<r { s -= factor[r * count + k] * rhs[k] }
            rhs[r] = s / factor[r * count + r]
        }
        var r = count - 1
        while r >= 0 {
            var s = rhs[r]
            for k in (r + 1)..<count { s -= factor[k * count + r] * candidate[passiveIndex[k]] }
            candidate[passiveIndex[r]] = s / factor[r * count + r]
            r -= 1
        }
        return count
    }

    private func maxAbs(_ v: UnsafePointer<Double>, _ n: Int) -> Double {
        var m = 0.0
        for i in 0..<n { m = max(m, v[i] < 0 ? -v[i] : v[i]) }
        return m
    }
}
