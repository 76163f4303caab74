/// `arc4random_buf`, which the Embedded runtime calls for `Hasher`'s per-process seed
/// (`Dictionary` and `Set`; `ChartChords` uses one). wasm32-unknown-none has no entropy source:
/// a fixed SplitMix64 stream keeps hashing, and so every result, deterministic. (A fixed seed
/// gives up protection against hash flooding, which does not matter for a user's own charts.)
@_cdecl("arc4random_buf")
public func arc4random_buf(_ buffer: UnsafeMutableRawPointer?, _ count: Int) {
    guard let buffer else { return }
    var state: UInt64 = 0x5045_5246_4F52_4D49  // "PERFORMI"
    var i = 0
    while i < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        var k = 0
        while k < 8 && i < count {
            buffer.storeBytes(of: UInt8(truncatingIfNeeded: z >> (8 * UInt64(k))), toByteOffset: i, as: UInt8.self)
            k += 1
            i += 1
        }
    }
}
