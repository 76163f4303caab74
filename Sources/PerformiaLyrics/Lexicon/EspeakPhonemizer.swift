import PerformiaMusic
import Foundation

/// Pronunciations of words outside the lexicons from espeak-ng's English letter-to-sound rules.
/// espeak-ng is GPL-3: it is run as a program (`espeak-ng -q -x --sep=_ -v en-us`), never
/// linked. Its phoneme mnemonics are mapped onto the ARPAbet phones of the acoustic model and cut
/// into syllables at vowel nuclei. A word espeak-ng cannot say gives nil. One run per word (only
/// words outside both lexicons get here: a handful per song).
public struct EspeakPhonemizer: Sendable {
    public var program: String
    /// The longest a call may take before it is stopped, in seconds.
    public var timeoutSeconds: Double = 20

    public init(program: String = LanguageResources.debian.espeakProgram) { self.program = program }

    /// Pronunciations of `keys` (`LyricWord.key`), in order; nil for a word it could not say.
    public func pronunciations(of keys: [String]) -> [Pronunciation?] {
        guard !keys.isEmpty, FileManager.default.isExecutableFile(atPath: program) else {
            return Array(repeating: nil, count: keys.count)
        }
        return keys.map { key in
            guard let text = run(key) else { return nil }
            let phones = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "_" }).flatMap { Self.arpabet(String($0)) }
            guard phones.contains(where: { Pronunciation.vowels.contains($0) }) else { return nil }
            return Pronunciation(syllables: Pronunciation.syllabify(phones), source: .espeak)
        }
    }

    private func run(_ word: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-q", "-x", "--sep=_", "-v", "en-us", word]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning {
            if Date() > deadline { process.terminate(); return nil }
            usleep(1000)
        }
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// One espeak-ng English phoneme mnemonic (stress marks stripped) as ARPAbet phones.
    static func arpabet(_ mnemonic: String) -> [String] {
        let bare = mnemonic.filter { $0 != "'" && $0 != "," && $0 != ";" && $0 != "%" && $0 != "=" }
        return table[bare] ?? []
    }

    static let table: [String: [String]] = [
        "p": ["P"], "b": ["B"], "t": ["T"], "t#": ["T"], "d": ["D"], "k": ["K"], "g": ["G"], "x": ["K"],
        "f": ["F"], "v": ["V"], "T": ["TH"], "D": ["DH"], "s": ["S"], "z": ["Z"], "S": ["SH"], "Z": ["ZH"],
        "h": ["HH"], "m": ["M"], "n": ["N"], "n-": ["N"], "N": ["NG"], "l": ["L"], "l-": ["L"], "r": ["R"], "r-": ["R"],
        "w": ["W"], "j": ["Y"], "tS": ["CH"], "dZ": ["JH"],
        "a": ["AE"], "aa": ["AE"], "a#": ["AH"], "A:": ["AA"], "A@": ["AA", "R"], "0": ["AA"], "O": ["AO"], "O:": ["AO"],
        "O@": ["AO", "R"], "o@": ["AO", "R"], "aI": ["AY"], "aI@": ["AY", "ER"], "aI3": ["AY", "ER"], "aU": ["AW"],
        "aU@": ["AW", "ER"], "OI": ["OY"], "eI": ["EY"], "E": ["EH"], "E2": ["EH"], "e#": ["EH"], "e@": ["EH", "R"],
        "@": ["AH"], "@2": ["AH"], "@5": ["AH"], "3": ["ER"], "3:": ["ER"], "@L": ["AH", "L"], "I": ["IH"], "I2": ["IH"],
        "I#": ["IH"], "i:": ["IY"], "i": ["IY"], "I@": ["IH", "R"], "i@": ["IY", "AH"], "i@3": ["IY", "ER"], "U": ["UH"],
        "u:": ["UW"], "U@": ["UH", "R"], "V": ["AH"], "oU": ["OW"], "o": ["OW"], "u": ["UW"],
    ]
}
