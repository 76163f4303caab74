import Synchronization

/// Mute, solo and gain of up to four stems, handed from any thread (keys, the server) to the
/// audio thread without a lock: the whole mix is one 64-bit word in an `Atomic` — per stem a gain
/// in half-decibel steps (an `Int8`, −64…+63.5 dB), then a mute mask and a solo mask. The audio
/// thread (`StemMixer`) reads it once per block.
///
/// A stem sounds with its gain unless it is muted, or some stem is soloed and it is not.
public final class StemMixControl: Sendable {
    public static let maximumStemCount = 4

    /// The mix as one word: gains in bytes 0–3 (stem s in byte s), the mute mask in byte 4, the
    /// solo mask in byte 5.
    public struct Setting: Sendable, Equatable {
        public var word: UInt64

        public init(word: UInt64 = 0) { self.word = word }

        /// Stem `stem`'s gain in dB, in half-decibel steps, −64 … +63.5.
        public func gainDecibels(_ stem: Int) -> Double {
            Double(Int8(bitPattern: UInt8(truncatingIfNeeded: word >> (8 * UInt64(stem))))) / 2
        }

        public mutating func setGain(_ stem: Int, decibels: Double) {
            let code = Int8(max(-128, min(127, (decibels * 2).rounded())))
            let shift = 8 * UInt64(stem)
            word = word & ~(0xFF << shift) | UInt64(UInt8(bitPattern: code)) << shift
        }

        public func isMuted(_ stem: Int) -> Bool { word >> (32 + UInt64(stem)) & 1 == 1 }
        public func isSoloed(_ stem: Int) -> Bool { word >> (40 + UInt64(stem)) & 1 == 1 }
        public mutating func setMuted(_ stem: Int, _ muted: Bool) { set(bit: 32 + stem, muted) }
        public mutating func setSoloed(_ stem: Int, _ soloed: Bool) { set(bit: 40 + stem, soloed) }

        /// Whether stem `stem` sounds: not muted, and soloed if any stem is.
        public func isAudible(_ stem: Int) -> Bool {
            !isMuted(stem) && (word >> 40 & 0xFF == 0 || isSoloed(stem))
        }

        private mutating func set(bit: Int, _ on: Bool) {
            word = on ? word | 1 << UInt64(bit) : word & ~(1 << UInt64(bit))
        }
    }

    private let current: Atomic<UInt64>

    /// Every stem at 0 dB, none muted or soloed.
    public init(_ setting: Setting = Setting()) {
        current = Atomic(setting.word)
    }

    /// The mix now. Any thread (the audio thread once per block).
    public var setting: Setting { Setting(word: current.load(ordering: .acquiring)) }

    /// Changes the mix. Lock-free; any thread.
    public func change(_ body: (inout Setting) -> Void) {
        var old = current.load(ordering: .relaxed)
        while true {
            var setting = Setting(word: old)
            body(&setting)
            let (exchanged, found) = current.compareExchange(expected: old, desired: setting.word, ordering: .acquiringAndReleasing)
            if exchanged { return }
            old = found
        }
    }

    public func toggleMute(_ stem: Int) { change { $0.setMuted(stem, !$0.isMuted(stem)) } }
    public func toggleSolo(_ stem: Int) { change { $0.setSoloed(stem, !$0.isSoloed(stem)) } }
    /// Adds `decibels` to the stem's gain (clamped to −64 … +63.5 dB).
    public func nudgeGain(_ stem: Int, by decibels: Double) {
        change { $0.setGain(stem, decibels: max(-64, min(63.5, $0.gainDecibels(stem) + decibels))) }
    }
}
