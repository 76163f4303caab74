/// A major or minor key.
public struct MusicalKey: Sendable, Equatable, Hashable {
    /// 0…11 = C…B.
    public var tonic: Int
    public var isMinor: Bool

    public init(tonic: Int, isMinor: Bool) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.isMinor = isMinor
    }

    /// The 24 keys: index 0…11 major on C…B, 12…23 minor on C…B.
    public init(index: Int) { self.init(tonic: index % 12, isMinor: index >= 12) }
    public var index: Int { tonic + (isMinor ? 12 : 0) }

    /// `G major`, `E minor` (the eval's key.txt form), spelled for the key.
    public var name: String {
        PitchSpelling(key: self).name(of: tonic) + (isMinor ? " minor" : " major")
    }

    /// `G`, `Em` (ChordPro `{key}`).
    public var chartName: String {
        PitchSpelling(key: self).name(of: tonic) + (isMinor ? "m" : "")
    }
}
