import PerformiaAnalysis
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct DownbeatTrackerTests {
    /// The onset signal of a 4/4 piece of `pieceBeats` beats played `repeats` times back to back,
    /// built frame by frame (no audio): a beat every 50 frames, a kick on beats 1 and 3 (beat 1
    /// louder), a chord per bar from a cycle of four. A piece that is not a whole number of bars
    /// restarts off the bar, so the bar phase moves at every repeat — as in a song file repeated
    /// to an hour. Returns the beat frames and the reference position of each beat in its bar.
    func repeatedPiece(pieceBeats: Int, repeats: Int) -> (signal: OnsetSignal, beats: [Int], beatInBar: [Int], activation: [Float]) {
        let beatFrames = 50
        let chords: [[Int]] = [[0, 4, 7], [5, 9, 0], [7, 11, 2], [9, 0, 4]]
        var signal = OnsetSignal(sampleRate: 44100, hopFrames: 441)
        var beats: [Int] = [], positions: [Int] = []
        var rng = XorshiftGenerator(seed: 7)
        for _ in 0..<repeats {
            for b in 0..<pieceBeats {
                let position = b % 4
                beats.append(signal.count)
                positions.append(position + 1)
                var chroma = SIMD16<Float>()
                for pitchClass in chords[(b / 4) % chords.count] { chroma[pitchClass] = 1 }
                let kick: Float = position == 0 ? 1 : position == 2 ? 0.7 : 0.2
                for f in 0..<beatFrames {
                    let jitter = Float.random(in: 0...0.1, using: &rng)
                    signal.flux.append(f == 0 ? 1 : f == beatFrames / 2 ? 0.4 : jitter)
                    signal.lowFlux.append(f == 0 ? kick + jitter : jitter)
                    signal.chroma.append(chroma + SIMD16(repeating: jitter))
                    signal.timbre.append(SIMD16())
                }
            }
        }
        let activation = signal.flux.map { min(1, $0) }
        return (signal, beats, positions, activation)
    }

    /// Issue 14, item 5: the demo repeated to 60 minutes was reported as 2/4. Each repeat restarts
    /// off the bar; one bar phase for the whole file blurred bar and half-bar into one contrast.
    @Test(arguments: [45, 46])
    func aPieceRepeatedOffTheBarKeepsItsMeter(pieceBeats: Int) {
        let piece = repeatedPiece(pieceBeats: pieceBeats, repeats: 24)
        let result = DownbeatTracker().track(beats: piece.beats, activation: piece.activation, signal: piece.signal)
        #expect(result.meter.beatsPerBar == 4)
        let right = zip(result.beatInBar, piece.beatInBar).filter { ($0 == 1) == ($1 == 1) }.count
        #expect(Double(right) / Double(piece.beats.count) > 0.95)
    }

    @Test func aPieceOfWholeBarsKeepsItsMeter() {
        let piece = repeatedPiece(pieceBeats: 48, repeats: 4)
        let result = DownbeatTracker().track(beats: piece.beats, activation: piece.activation, signal: piece.signal)
        #expect(result.meter.beatsPerBar == 4)
        #expect(result.beatInBar == piece.beatInBar)
    }
}
