import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct StreamingISTFTTests {
    func noise(_ frames: Int, seed: UInt64) -> [Float] {
        var rng = XorshiftGenerator(seed: seed)
        return (0..<frames).map { _ in Float.random(in: -1...1, using: &rng) }
    }

    /// Analysis (with frameSize − hop of leading silence) then synthesis, frame by frame,
    /// reconstructs the signal: output sample j of the ISTFT timeline is input j − (frameSize − hop).
    @Test(arguments: [(64, 32), (64, 16), (256, 128), (256, 64), (1024, 512), (1024, 256), (2048, 512), (2048, 256)])
    func analysisThenSynthesisIsPerfectReconstruction(frameSize: Int, hopFrames: Int) {
        let x = noise(frameSize * 8 + 37, seed: UInt64(frameSize + hopFrames))
        let stft = StreamingSTFT(frameSize: frameSize, hopFrames: hopFrames, leadingSilenceFrames: frameSize - hopFrames)
        let istft = StreamingISTFT(frameSize: frameSize, hopFrames: hopFrames)
        var y: [Float] = []
        x.withUnsafeBufferPointer { input in
            stft.pushSpectrum(input.baseAddress!, count: x.count) { _, re, im in
                let out = istft.push(real: re, imaginary: im)
                for i in 0..<hopFrames { y.append(out[i]) }
            }
        }
        let lead = frameSize - hopFrames
        var error: Float = 0
        for j in 0..<y.count {
            let expected: Float = j < lead ? 0 : x[j - lead]
            error = max(error, abs(y[j] - expected))
        }
        #expect(y.count >= x.count - hopFrames)
        #expect(error <= 1e-5, "max abs error \(error)")
    }

    @Test func resetStartsAgain() {
        let x = noise(3000, seed: 5)
        let stft = StreamingSTFT(frameSize: 256, hopFrames: 64, leadingSilenceFrames: 192)
        let istft = StreamingISTFT(frameSize: 256, hopFrames: 64)
        func run() -> [Float] {
            var y: [Float] = []
            x.withUnsafeBufferPointer { input in
                stft.pushSpectrum(input.baseAddress!, count: x.count) { _, re, im in
                    let out = istft.push(real: re, imaginary: im)
                    for i in 0..<64 { y.append(out[i]) }
                }
            }
            return y
        }
        let first = run()
        stft.reset(); istft.reset()
        #expect(run() == first)
    }
}
