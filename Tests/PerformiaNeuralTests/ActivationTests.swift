import PerformiaNeural
import Testing

/// ELU (α = 1, as PyTorch's F.elu) and the sigmoid at known points and at the extremes.
@Suite struct ActivationTests {
    @Test func knownValues() {
        #expect(ELU.value(2) == 2 && ELU.value(0) == 0)
        #expect(abs(ELU.value(-1) - (Float(0.36787944) - 1)) < 1e-7 && ELU.value(-100) == -1)
        #expect(Sigmoid.value(0) == 0.5 && abs(Sigmoid.value(2) - 0.880797) < 1e-6)
        #expect(Sigmoid.value(-200) == 0 && Sigmoid.value(200) == 1)
    }
}
