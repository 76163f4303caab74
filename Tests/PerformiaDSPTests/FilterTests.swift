import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct FilterTests {
    func gain(_ kind: Biquad.Kind, cutoff: Double, at hz: Double) -> Double {
        var filter = Biquad(kind, cutoffHz: cutoff, sampleRate: 44100)
        let x = Signals.sine(hz: hz, seconds: 0.5, amplitude: 1)
        var peak: Float = 0
        for (i, s) in x.enumerated() {
            let y = filter.process(s)
            if i > x.count / 2 { peak = max(peak, abs(y)) }
        }
        return Double(peak)
    }

    @Test func butterworthLowAndHighPassResponses() {
        #expect(abs(gain(.lowPass, cutoff: 1000, at: 100) - 1) < 0.02)
        #expect(abs(gain(.lowPass, cutoff: 1000, at: 1000) - 0.7071) < 0.02)
        #expect(gain(.lowPass, cutoff: 1000, at: 10000) < 0.02)
        #expect(gain(.highPass, cutoff: 1000, at: 100) < 0.02)
        #expect(abs(gain(.highPass, cutoff: 1000, at: 10000) - 1) < 0.02)
    }

    @Test func logFilterbankBandsHaveUnitAreaAndRisingCentres() {
        let bank = LogFilterbank(binCount: 1025, frameSize: 2048, sampleRate: 44100)
        #expect(bank.bandCount > 80)
        #expect(zip(bank.centreHz, bank.centreHz.dropFirst()).allSatisfy { $0 < $1 })
        var ones = [Float](repeating: 1, count: 1025), out = [Float](repeating: 0, count: bank.bandCount)
        bank.apply(&ones, into: &out)
        #expect(out.allSatisfy { abs($0 - 1) < 1e-5 })
    }
}
