/// Names for the General MIDI percussion keys (GM 1 Level 1 Percussion Key Map, MIDI
/// Manufacturers Association, 1991) used in style files: `kick` 36, `snare` 38, `hihat` 42, …
public enum GeneralMIDIDrum {
    /// The key of a name in `names`, or nil.
    public static func key(named name: String) -> UInt8? {
        for entry in names where equal(entry.name, name) { return entry.key }
        return nil
    }

    /// The names style files accept, with their keys (several names may share a key).
    public static let names: [(name: StaticString, key: UInt8)] = [
        ("kick2", 35), ("kick", 36), ("sidestick", 37), ("rim", 37), ("snare", 38), ("clap", 39),
        ("snare2", 40), ("floortom", 41), ("hihat", 42), ("floortom2", 43), ("pedalhat", 44),
        ("lowtom", 45), ("openhat", 46), ("midtom", 47), ("himidtom", 48), ("crash", 49),
        ("hightom", 50), ("ride", 51), ("china", 52), ("ridebell", 53), ("tambourine", 54),
        ("splash", 55), ("cowbell", 56), ("crash2", 57), ("ride2", 59), ("hibongo", 60),
        ("lobongo", 61), ("muteconga", 62), ("hiconga", 63), ("loconga", 64), ("hitimbale", 65),
        ("lotimbale", 66), ("cabasa", 69), ("shaker", 70), ("maracas", 70), ("claves", 75),
        ("hiwoodblock", 76), ("lowoodblock", 77), ("mutetriangle", 80), ("triangle", 81),
    ]

    /// Byte comparison (Embedded Swift: `String ==` would pull in Unicode normalisation tables).
    static func equal(_ a: StaticString, _ b: String) -> Bool {
        guard a.utf8CodeUnitCount == b.utf8.count else { return false }
        var i = 0
        for byte in b.utf8 {
            if a.utf8Start[i] != byte { return false }
            i += 1
        }
        return true
    }
}
