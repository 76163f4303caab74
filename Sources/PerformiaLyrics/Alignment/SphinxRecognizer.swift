import CPocketSphinx
import Foundation

/// Free speech recognition with pocketsphinx 0.8 and Debian's US English acoustic and trigram
/// language models: words and their times, with no lyrics given. The lyrics benchmark's baseline
/// for a recogniser that knows nothing of the song. 16 kHz mono; not thread-safe.
public final class SphinxRecognizer {
    private let decoder: OpaquePointer

    public init(resources: LanguageResources = .debian) throws(LyricsError) {
        if let missing = resources.missing() { throw LyricsError(missing) }
        guard FileManager.default.fileExists(atPath: resources.languageModel) else {
            throw LyricsError("\(resources.languageModel) is missing: install Debian's pocketsphinx-en-us")
        }
        err_set_logfp(nil)
        let arguments = [
            "performia", "-hmm", resources.acousticModel, "-dict", resources.sphinxDictionary, "-lm", resources.languageModel,
            "-samprate", "16000", "-remove_silence", "no", "-logfn", "/dev/null",
        ]
        var cStrings = arguments.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        guard let config = cStrings.withUnsafeMutableBufferPointer({ buffer in
            cmd_ln_parse_r(nil, ps_args(), Int32(buffer.count), buffer.baseAddress, 1)
        }) else { throw LyricsError("pocketsphinx refused its configuration") }
        defer { cmd_ln_free_r(config) }
        guard let decoder = ps_init(config) else {
            throw LyricsError("pocketsphinx could not load \(resources.acousticModel) and \(resources.languageModel)")
        }
        self.decoder = decoder
    }

    deinit { ps_free(decoder) }

    /// The words heard in `samples` (16 kHz), with start and end in seconds; utterances of at
    /// most `chunkSeconds` (pocketsphinx's search is for sentences, not whole songs).
    public func recognize(_ samples: [Int16], chunkSeconds: Double = 20) -> [(start: Double, end: Double, word: String)] {
        var out: [(start: Double, end: Double, word: String)] = []
        let chunk = Int(chunkSeconds * SphinxAligner.sampleRate)
        var offset = 0
        while offset < samples.count {
            let end = min(samples.count, offset + chunk)
            let t0 = Double(offset) / SphinxAligner.sampleRate
            if ps_start_utt(decoder) >= 0 {
                samples[offset..<end].withUnsafeBufferPointer { _ = ps_process_raw(decoder, $0.baseAddress, $0.count, 0, 1) }
                ps_end_utt(decoder)
                var seg = ps_seg_iter(decoder)
                while let current = seg {
                    if let word = ps_seg_word(current) {
                        let text = String(cString: word)
                        if !text.hasPrefix("<") && !text.hasPrefix("[") && !text.hasPrefix("+") {
                            var start: Int32 = 0, stop: Int32 = 0
                            ps_seg_frames(current, &start, &stop)
                            let bare = text.split(separator: "(").first.map(String.init) ?? text
                            out.append((t0 + Double(start) / SphinxAligner.framesPerSecond, t0 + Double(stop + 1) / SphinxAligner.framesPerSecond, bare))
                        }
                    }
                    seg = ps_seg_next(current)
                }
            }
            offset = end
        }
        return out
    }
}
