import CPocketSphinx
import Foundation

/// Forced alignment with pocketsphinx 0.8 (libpocketsphinx, BSD) and Debian's US English acoustic
/// model: the tokens to be heard, in order, become a linear finite-state grammar (one word per
/// token, optional silence and noise between them), searched with wide beams (1e-100, word beam
/// 1e-80) so that the one path the grammar allows is always found when the audio can carry it.
/// Tokens are syllables or words with their own pronunciations (`ps_add_word`). Input is 16 kHz
/// mono; times are in frames of 10 ms from the start of the samples given.
///
/// Not thread-safe (a decoder holds one utterance at a time); one per alignment job.
public final class SphinxAligner {
    /// A unit to be heard: a unique name and its ARPAbet phones (`S AH N`).
    public struct Token: Sendable, Equatable {
        public var name: String
        public var phones: [String]
        public init(name: String, phones: [String]) {
            self.name = name
            self.phones = phones
        }
    }

    public static let sampleRate = 16_000.0

    /// −1…1 samples as the decoder's 16-bit PCM (rounded, clipped).
    public static func pcm(_ samples: [Float]) -> [Int16] {
        samples.map { Int16(max(-32767, min(32767, ($0 * 32767).rounded()))) }
    }
    public static let framesPerSecond = 100.0

    private let decoder: OpaquePointer
    private var added: Set<String> = []
    private var grammarCount = 0
    private let resources: LanguageResources
    /// The all-phone decoder (default beams: an unpruned phone loop is far too slow), made on first use.
    private var phoneDecoder: OpaquePointer?
    private let phoneModel: String
    /// The acoustic score of the last alignment's path (pocketsphinx's log base 1.0001), silences
    /// included, and its frames.
    public private(set) var lastAcousticScore = 0
    public private(set) var lastFrameCount = 0

    public init(resources: LanguageResources = .debian) throws(LyricsError) {
        if let missing = resources.missing() { throw LyricsError(missing) }
        decoder = try Self.decoder(resources, [
            "-beam", "1e-100", "-wbeam", "1e-80", "-pbeam", "1e-100", "-lw", "1.0", "-maxhmmpf", "-1", "-maxwpf", "-1", "-bestpath", "no",
        ])
        self.resources = resources
        phoneModel = URL(fileURLWithPath: resources.languageModel).deletingLastPathComponent().appendingPathComponent("en-us-phone.lm.bin").path
    }

    /// A decoder with the acoustic model and dictionary of `resources` and `options` (silence
    /// removal off: it drops frames and would shift every time).
    static func decoder(_ resources: LanguageResources, _ options: [String]) throws(LyricsError) -> OpaquePointer {
        err_set_logfp(nil)
        let arguments = ["performia", "-hmm", resources.acousticModel, "-dict", resources.sphinxDictionary,
                         "-samprate", "16000", "-remove_silence", "no", "-logfn", "/dev/null"] + options
        var cStrings = arguments.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        guard let config = cStrings.withUnsafeMutableBufferPointer({ buffer in
            cmd_ln_parse_r(nil, ps_args(), Int32(buffer.count), buffer.baseAddress, 1)
        }) else { throw LyricsError("pocketsphinx refused its configuration") }
        defer { cmd_ln_free_r(config) }
        guard let decoder = ps_init(config) else {
            throw LyricsError("pocketsphinx could not load the acoustic model \(resources.acousticModel)")
        }
        return decoder
    }

    /// The acoustic score (log base 1.0001) of the best free phone sequence in `samples` (an
    /// all-phone search with pocketsphinx's phone trigram model): the yardstick an alignment's score
    /// is measured against — words that are not being sung score far below it. Nil when the phone
    /// model is missing.
    public func phoneLoopScore(_ samples: [Int16]) -> (score: Int, frames: Int)? {
        if phoneDecoder == nil {
            guard FileManager.default.fileExists(atPath: phoneModel),
                  let made = try? Self.decoder(resources, ["-allphone", phoneModel, "-allphone_ci", "yes", "-beam", "1e-20", "-pbeam", "1e-20", "-lw", "2.0", "-bestpath", "no"]) else { return nil }
            phoneDecoder = made
        }
        guard let phones = phoneDecoder, ps_start_utt(phones) >= 0 else { return nil }
        _ = samples.withUnsafeBufferPointer { ps_process_raw(phones, $0.baseAddress, $0.count, 0, 1) }
        ps_end_utt(phones)
        return Self.pathScore(phones)
    }

    /// The acoustic score and frame count of the current best path.
    private static func pathScore(_ decoder: OpaquePointer) -> (score: Int, frames: Int) {
        var total = 0, frames = 0
        var seg = ps_seg_iter(decoder)
        while let current = seg {
            var ascr: Int32 = 0, lscr: Int32 = 0, lback: Int32 = 0
            _ = ps_seg_prob(current, &ascr, &lscr, &lback)
            var start: Int32 = 0, end: Int32 = 0
            ps_seg_frames(current, &start, &end)
            total += Int(ascr)
            frames += Int(end - start + 1)
            seg = ps_seg_next(current)
        }
        return (total, frames)
    }

    deinit {
        ps_free(decoder)
        if let phoneDecoder { ps_free(phoneDecoder) }
    }

    /// Frame ranges (start, end exclusive; 10 ms frames from the first sample) of `tokens` in
    /// `samples`, or nil when the grammar's path cannot be completed in them. Without
    /// `leadingSilence` the first token starts on the first frame.
    public func align(_ samples: [Int16], tokens: [Token], leadingSilence: Bool = true) -> [(start: Int, end: Int)]? {
        guard !tokens.isEmpty, samples.count >= Int(Self.sampleRate / Self.framesPerSecond) * (tokens.count + 2) else { return nil }
        for token in tokens where !added.contains(token.name) {
            guard ps_add_word(decoder, token.name, token.phones.joined(separator: " "), 0) >= 0 else { return nil }
            added.insert(token.name)
        }
        grammarCount += 1
        let name = "align\(grammarCount % 2)"
        guard let fsg = fsg_model_init(name, ps_get_logmath(decoder), 1.0, Int32(tokens.count + 1)) else { return nil }
        fsg.pointee.start_state = 0
        fsg.pointee.final_state = Int32(tokens.count)
        for (index, token) in tokens.enumerated() {
            let wid = fsg_model_word_add(fsg, token.name)
            fsg_model_trans_add(fsg, Int32(index), Int32(index + 1), 0, wid)
        }
        for state in (leadingSilence ? 0 : 1)...tokens.count {
            fsg_model_add_silence(fsg, "<sil>", Int32(state), 0.5)
            fsg_model_add_silence(fsg, "[NOISE]", Int32(state), 0.3)
        }
        let set = ps_set_fsg(decoder, name, fsg)
        fsg_model_free(fsg)
        guard set == 0, ps_set_search(decoder, name) == 0 else { return nil }
        guard ps_start_utt(decoder) >= 0 else { return nil }
        let processed = samples.withUnsafeBufferPointer { ps_process_raw(decoder, $0.baseAddress, $0.count, 0, 1) }
        ps_end_utt(decoder)
        guard processed >= 0 else { return nil }
        var score: Int32 = 0
        guard ps_get_hyp(decoder, &score) != nil else { return nil }
        (lastAcousticScore, lastFrameCount) = Self.pathScore(decoder)
        var out: [(start: Int, end: Int)] = []
        let names = tokens.map(\.name)
        var seg = ps_seg_iter(decoder)
        while let current = seg {
            if let word = ps_seg_word(current) {
                let text = String(cString: word)
                if out.count < names.count, text == names[out.count] {
                    var start: Int32 = 0, end: Int32 = 0
                    ps_seg_frames(current, &start, &end)
                    out.append((Int(start), Int(end) + 1))
                }
            }
            seg = ps_seg_next(current)
        }
        return out.count == tokens.count ? out : nil
    }
}
