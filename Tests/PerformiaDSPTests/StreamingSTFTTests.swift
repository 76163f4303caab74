import PerformiaCore
import PerformiaDSP
import PerformiaTestSupport
import Testing

@Suite struct StreamingSTFTTests {
    @Test func framesStartAtMultiplesOfTheHopWithoutPadding() {
        let stft = StreamingSTFT(frameSize: 1024, hopFrames: 256)
        let x = Signals.sine(hz: 1000, seconds: 0.1)  // 4410 samples
        var frames: [Int] = []
        var peakBins: [Int] = []
        x.withUnsafeBufferPointer { p in
            stft.push(p.baseAddress!, count: x.count) { index, magnitude in
                frames.append(index)
                var best = 0
                for k in 0..<stft.binCount where magnitude[k] > magnitude[best] { best = k }
                peakBins.append(best)
            }
        }
        // Frames complete at 1024, 1280, ... <= 4410: (4410 - 1024) / 256 + 1 = 14.
        #expect(frames == Array(0..<14))
        // 1000 Hz at 44.1 kHz with 1024 points: bin 23.2.
        #expect(peakBins.allSatisfy { $0 == 23 })
    }

    @Test func chunkingDoesNotChangeFrames() {
        let x = Signals.noise(seconds: 0.2)
        func run(chunk: Int) -> [Float] {
            let stft = StreamingSTFT(frameSize: 512, hopFrames: 100)
            var out: [Float] = []
            x.withUnsafeBufferPointer { p in
                var i = 0
                while i < x.count {
                    let n = min(chunk, x.count - i)
                    stft.push(p.baseAddress! + i, count: n) { _, m in out.append(m[10] + m[100]) }
                    i += n
                }
            }
            return out
        }
        let reference = run(chunk: x.count)
        #expect(!reference.isEmpty)
        for chunk in [1, 7, 64, 511] { #expect(run(chunk: chunk) == reference) }
    }

    @Test func hannWindowIsPeriodic() {
        var w = [Float](repeating: 0, count: 8)
        Window.hann(&w, count: 8)
        #expect(w[0] == 0 && abs(w[4] - 1) < 1e-7 && abs(w[2] - 0.5) < 1e-7 && abs(w[1] - w[7]) < 1e-7)
    }
}
