import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct PaddedSourceTests {
    @Test(arguments: [(1000, 1500), (1000, 600), (0, 10), (1000, 1000)])
    func padsWithSilenceOrCuts(sourceFrames: Int, frameCount: Int) {
        let input = noise(frames: sourceFrames, channels: 2)
        let source = PaddedSource(ArraySource(channels: sourceFrames == 0 ? [[], []] : input, sampleRate: 8000),
                                  frameCount: SampleTime(frameCount))
        var rendered: [[Float]] = [[], []]
        let total = OfflineRunner(blockFrames: 333).render(Gain(), source: source) { block in
            for c in 0..<2 { rendered[c] += Array(block.channel(c)) }
        }
        #expect(total == SampleTime(frameCount))
        for c in 0..<2 {
            let kept = min(sourceFrames, frameCount)
            #expect(Array(rendered[c][..<kept]) == Array(input[c][..<kept]))
            #expect(rendered[c][kept...].allSatisfy { $0 == 0 })
        }
    }
}
