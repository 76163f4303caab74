import Foundation
import PerformiaIO
import PerformiaMusic
import PerformiaTestSupport
import Testing
@testable import PerformiaLyrics

/// Forced alignment with the real pocketsphinx and its US English model on speech Festival says:
/// the words come out in order, inside the audio, and a second sentence after 1.5 s of silence is
/// placed after the silence.
@Suite struct SphinxAlignerTests {
    static func speech(_ text: String, folder: TemporaryFolder, name: String) throws -> [Float] {
        let path = folder.path(name)
        try SpeechFixture.write(text, to: path)
        let reader = try AudioFileReader(path: path, targetSampleRate: 16000, downmixToMono: true)
        var out: [Float] = []
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 4096)
        defer { buffer.deallocate() }
        var channels = [buffer]
        while true {
            let n = try channels.withUnsafeMutableBufferPointer { try reader.read(into: UnsafePointer($0.baseAddress!), maximumFrames: 4096) }
            if n == 0 { break }
            out += UnsafeBufferPointer(start: buffer, count: n)
        }
        return out
    }

    @Test func placesWordsInOrderAndAfterASilence() throws {
        let folder = TemporaryFolder()
        let first = try Self.speech("the morning sun is bright", folder: folder, name: "a.wav")
        let second = try Self.speech("we drive along the river", folder: folder, name: "b.wav")
        let gap = [Float](repeating: 0, count: 24_000)
        let audio = first + gap + second
        let pcm = audio.map { Int16(max(-32767, min(32767, $0 * 32767))) }
        let lexicon = PronouncingLexiconTests.lexicon
        let words = "the morning sun is bright we drive along the river".split(separator: " ").map(String.init)
        let tokens = words.enumerated().map { i, w in SphinxAligner.Token(name: "\(w)_\(i)", phones: lexicon.pronunciation(of: w)!.phones) }
        let aligner = try SphinxAligner()
        let frames = try #require(aligner.align(pcm, tokens: tokens))
        #expect(frames.count == words.count)
        for (a, b) in zip(frames, frames.dropFirst()) { #expect(a.start < b.start && a.end <= b.start + 1) }
        #expect(Double(frames.last!.end) / 100 <= Double(audio.count) / 16000 + 0.02)
        let silenceEnds = Double(first.count + gap.count) / 16000
        // "we" starts after the silence (within a frame or two of where the voice comes back).
        #expect(Double(frames[5].start) / 100 > silenceEnds - 0.1, "\(frames)")
        #expect(Double(frames[4].end) / 100 < Double(first.count) / 16000 + 0.3, "\(frames)")
        // Audio too short for the words: no path, not a crash.
        #expect(aligner.align(Array(pcm.prefix(800)), tokens: tokens) == nil)
    }
}
