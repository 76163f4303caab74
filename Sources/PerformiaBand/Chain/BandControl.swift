import PerformiaAnalysis
import PerformiaMusic
import Synchronization

/// The performer's live direction of the band — section, intensity, parts, and the fill and
/// ending cues — handed from the main thread to the audio thread without a lock: the whole
/// direction is one 64-bit word (`Setting`) in an `Atomic`, with a generation counter that every
/// change bumps. The main thread changes it (`change`, or the cue and toggle helpers); the audio
/// thread calls `apply` once per block, which costs one acquiring load when nothing changed.
///
/// Cues are counted, not held: a fill is a request count, so each request reaches the arranger
/// exactly once however many changes the audio thread sees at a time; the ending is applied once,
/// when it first appears. Changes made between two blocks coalesce into the latest setting.
public final class BandControl: Sendable {
    /// The direction as one word: intensity in thousandths (bits 0–9), enabled parts (10–17),
    /// section (18–20; 0 = none), ending (21), fills requested (22–31, wrapping), generation
    /// (32–63, wrapping).
    public struct Setting: Sendable, Equatable {
        /// 0 … 1, kept to thousandths.
        public var intensity: Double
        /// One bit per part, as `BandDirection.enabledParts`.
        public var enabledParts: UInt8
        public var section: SectionLabel?
        /// The band plays its ending and stops; once set, it stays.
        public var ending: Bool
        /// How many fills were asked for (modulo 1024).
        public var fills: Int
        /// How many changes were made (modulo 2^32).
        public var generation: UInt32

        public init(intensity: Double, enabledParts: UInt8, section: SectionLabel?, ending: Bool = false,
                    fills: Int = 0, generation: UInt32 = 0) {
            self.intensity = (min(1, max(0, intensity)) * 1000).rounded() / 1000
            self.enabledParts = enabledParts
            self.section = section
            self.ending = ending
            self.fills = fills & 0x3FF
            self.generation = generation
        }

        public init(word: UInt64) {
            intensity = Double(min(1000, word & 0x3FF)) / 1000
            enabledParts = UInt8(truncatingIfNeeded: word >> 10)
            section = Self.section(code: Int((word >> 18) & 0x7))
            ending = (word >> 21) & 1 != 0
            fills = Int((word >> 22) & 0x3FF)
            generation = UInt32(truncatingIfNeeded: word >> 32)
        }

        public var word: UInt64 {
            let thousandths = UInt64((min(1, max(0, intensity)) * 1000).rounded())
            return thousandths | UInt64(enabledParts) << 10 | UInt64(Self.code(of: section)) << 18
                | (ending ? 1 << 21 : 0) | UInt64(fills & 0x3FF) << 22 | UInt64(generation) << 32
        }

        /// A switch, not a table: real-time safe (no lazily initialised global).
        private static func section(code: Int) -> SectionLabel? {
            switch code {
            case 1: .intro
            case 2: .verse
            case 3: .chorus
            case 4: .bridge
            case 5: .outro
            default: nil
            }
        }

        private static func code(of section: SectionLabel?) -> Int {
            switch section {
            case .none: 0
            case .intro: 1
            case .verse: 2
            case .chorus: 3
            case .bridge: 4
            case .outro: 5
            }
        }
    }

    private let current: Atomic<UInt64>
    /// The word last applied; touched by the audio thread only.
    private let applied: Atomic<UInt64>

    /// Starts from the direction the arranger already plays (intensity, parts, section).
    public init(_ direction: BandDirection) {
        let word = Setting(intensity: direction.intensity, enabledParts: direction.enabledParts,
                           section: direction.section).word
        current = Atomic(word)
        applied = Atomic(word)
    }

    /// What the performer has asked for so far. Any thread.
    public var setting: Setting { Setting(word: current.load(ordering: .acquiring)) }

    /// Changes the setting and bumps its generation. Lock-free; any thread (the main thread).
    public func change(_ body: (inout Setting) -> Void) {
        var old = current.load(ordering: .relaxed)
        while true {
            var setting = Setting(word: old)
            body(&setting)
            setting = Setting(intensity: setting.intensity, enabledParts: setting.enabledParts, section: setting.section,
                              ending: setting.ending, fills: setting.fills, generation: setting.generation &+ 1)
            let (exchanged, found) = current.compareExchange(expected: old, desired: setting.word,
                                                              ordering: .acquiringAndReleasing)
            if exchanged { return }
            old = found
        }
    }

    public func setSection(_ section: SectionLabel) { change { $0.section = section } }

    /// Intensity plus `delta`, clamped to 0 … 1.
    public func nudgeIntensity(by delta: Double) { change { $0.intensity = min(1, max(0, $0.intensity + delta)) } }

    public func toggle(_ part: BandPart) { change { $0.enabledParts ^= 1 << UInt8(part.rawValue) } }

    /// A fill at the end of the bar being arranged.
    public func requestFill() { change { $0.fills += 1 } }

    /// The ending figure from the next downbeat, then silence.
    public func requestEnding() { change { $0.ending = true } }

    /// Applies the changes made since the last call to `direction`: intensity, parts and section
    /// as set; `fillRequested` once per new fill request; `ending` once, when it is first asked
    /// for. Leaves `countIn` alone. Real-time safe: atomic loads and a store, no lock, no
    /// allocation. Call from one thread (the audio thread).
    public func apply(to direction: inout BandDirection) {
        let word = current.load(ordering: .acquiring)
        let last = applied.load(ordering: .relaxed)
        guard word >> 32 != last >> 32 else { return }
        applied.store(word, ordering: .relaxed)
        let now = Setting(word: word), before = Setting(word: last)
        direction.intensity = now.intensity
        direction.enabledParts = now.enabledParts
        direction.section = now.section
        if now.fills != before.fills { direction.fillRequested = true }
        if now.ending && !before.ending { direction.ending = true }
    }
}
