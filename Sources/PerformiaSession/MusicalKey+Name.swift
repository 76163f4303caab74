import Foundation
import PerformiaAnalysis
import PerformiaMusic

extension MusicalKey {
    /// A key as musicians write it: `G`, `Bb`, `F#m`, `Em`, `E minor`, `D major`; nil otherwise.
    public init?(name text: String) {
        var name = Substring(text.trimmingCharacters(in: .whitespaces))
        var minor = false
        if name.hasSuffix(" minor") { minor = true; name = name.dropLast(6) }
        else if name.hasSuffix(" major") { name = name.dropLast(6) }
        else if name.hasSuffix("m") && name.count > 1 { minor = true; name = name.dropLast() }
        guard let tonic = PitchSpelling.pitchClass(of: String(name)) else { return nil }
        self.init(tonic: tonic, isMinor: minor)
    }
}
