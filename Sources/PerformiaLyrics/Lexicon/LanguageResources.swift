import Foundation

/// Where the language data Performia reads lives: Debian's packages, installed by `scripts/setup`.
public struct LanguageResources: Sendable, Equatable {
    /// festlex-cmu: the CMU dictionary with Festival's syllables.
    public var festivalLexicon: String
    /// pocketsphinx-en-us: the pronouncing dictionary of the acoustic model.
    public var sphinxDictionary: String
    /// pocketsphinx-en-us: the US English acoustic model (a folder).
    public var acousticModel: String
    /// pocketsphinx-en-us: the trigram language model for free recognition.
    public var languageModel: String
    /// hyphen-en-us: libhyphen's US English patterns.
    public var hyphenationPatterns: String
    /// espeak-ng: the program (GPL-3, run as a program, never linked) for words outside the lexicons.
    public var espeakProgram: String

    public static let debian = LanguageResources(
        festivalLexicon: "/usr/share/festival/dicts/cmu/cmudict-0.4.out",
        sphinxDictionary: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
        acousticModel: "/usr/share/pocketsphinx/model/en-us/en-us",
        languageModel: "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin",
        hyphenationPatterns: "/usr/share/hyphen/hyph_en_US.dic",
        espeakProgram: "/usr/bin/espeak-ng")

    public init(festivalLexicon: String, sphinxDictionary: String, acousticModel: String, languageModel: String,
                hyphenationPatterns: String, espeakProgram: String) {
        self.festivalLexicon = festivalLexicon
        self.sphinxDictionary = sphinxDictionary
        self.acousticModel = acousticModel
        self.languageModel = languageModel
        self.hyphenationPatterns = hyphenationPatterns
        self.espeakProgram = espeakProgram
    }

    /// The first resource that is missing, as a one-line message naming its Debian package.
    public func missing() -> String? {
        let checks: [(String, String)] = [
            (festivalLexicon, "festlex-cmu"), (sphinxDictionary, "pocketsphinx-en-us"),
            (acousticModel + "/mdef", "pocketsphinx-en-us"), (hyphenationPatterns, "hyphen-en-us"),
        ]
        for (path, package) in checks where !FileManager.default.fileExists(atPath: path) {
            return "\(path) is missing: install Debian's \(package) (scripts/setup does)"
        }
        return nil
    }
}
