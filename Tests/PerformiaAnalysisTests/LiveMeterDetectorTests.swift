import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct LiveMeterDetectorTests {
    /// Downbeat evidence with a strong position every `period` beats, plus noise.
    func evidence(period: Int, beat: Int, rng: inout XorshiftGenerator) -> Float {
        (beat % period == 1 ? 1.5 : 0) + Float.random(in: 0..<1, using: &rng) - 0.5
    }

    @Test func threeIsFoundAfterTheMinimumAndItsDownbeatPhase() {
        var detector = LiveMeterDetector(beatsPerBar: 4)
        var rng = XorshiftGenerator(seed: 7)
        for beat in 0..<30 { detector.add(evidence(period: 3, beat: beat, rng: &rng), beat: beat) }
        #expect(detector.beatsPerBar == 4, "not before \(detector.minimumBeats) beats")
        for beat in 30..<60 { detector.add(evidence(period: 3, beat: beat, rng: &rng), beat: beat) }
        #expect(detector.beatsPerBar == 3)
        #expect(detector.downbeatPhase == 1)
    }

    @Test func noiseAndFourDoNotMakeThree() {
        var noise = LiveMeterDetector(beatsPerBar: 4), four = LiveMeterDetector(beatsPerBar: 4)
        var rng = XorshiftGenerator(seed: 9)
        for beat in 0..<400 {
            noise.add(Float.random(in: 0..<1, using: &rng) - 0.5, beat: beat)
            four.add(evidence(period: 4, beat: beat, rng: &rng), beat: beat)
            #expect(noise.beatsPerBar == 4 && four.beatsPerBar == 4)
        }
    }

    @Test func aWaltzThatTurnsIntoFourIsFollowed() {
        var detector = LiveMeterDetector(beatsPerBar: 3)
        var rng = XorshiftGenerator(seed: 11)
        for beat in 0..<96 { detector.add(evidence(period: 3, beat: beat, rng: &rng), beat: beat) }
        #expect(detector.beatsPerBar == 3)
        for beat in 96..<260 { detector.add(evidence(period: 4, beat: beat, rng: &rng), beat: beat) }
        #expect(detector.beatsPerBar == 4)
    }

    @Test func compoundBarsAreTheOnesAccentedInTheMiddle() {
        var sixEight = LiveCompoundDetector(), threeFour = LiveCompoundDetector()
        for bar in 0..<8 {
            sixEight.addBar(middlePeak: 1.0, beatTwoPeak: 0.3, beatThreePeak: 0.4)
            threeFour.addBar(middlePeak: 0.1, beatTwoPeak: 0.8, beatThreePeak: 0.7)
            if bar < 3 { #expect(!sixEight.isCompound, "not before \(sixEight.minimumBars) bars") }
        }
        #expect(sixEight.isCompound && !threeFour.isCompound)
        // Hysteresis: a bar or two of ambiguous accents does not switch it back.
        sixEight.addBar(middlePeak: 0.5, beatTwoPeak: 0.5, beatThreePeak: 0.5)
        #expect(sixEight.isCompound)
    }
}
