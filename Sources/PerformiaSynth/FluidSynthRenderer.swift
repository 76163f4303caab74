import CFluidSynth
import Foundation
import PerformiaBand

/// Why FluidSynth could not be set up. `description` is one line.
public enum FluidSynthError: Error, CustomStringConvertible, Equatable {
    /// No soundfont file at the path.
    case soundFontMissing(path: String)
    /// FluidSynth refused the soundfont (not an SF2/SF3 file, or unreadable).
    case soundFontRejected(path: String)
    /// Settings or synthesiser could not be created (out of memory, or a rate FluidSynth refuses).
    case setupFailed(String)

    public var description: String {
        switch self {
        case .soundFontMissing(let path):
            return "\(path): no such soundfont (install Debian's fluid-soundfont-gm for FluidR3_GM.sf2)"
        case .soundFontRejected(let path): return "\(path): FluidSynth cannot load this soundfont"
        case .setupFailed(let reason): return "FluidSynth: \(reason)"
        }
    }
}

/// A General MIDI synthesiser: FluidSynth with a soundfont (FluidR3_GM by default), rendered by
/// the caller — no audio driver, no FluidSynth threads (`synth.cpu-cores` 1) and no FluidSynth
/// mutex (`synth.threadsafe-api` 0): every call must come from one thread at a time, the audio
/// thread in a live session.
///
/// Real-time safety: everything is allocated in `init` (voices for `polyphony` notes, the
/// soundfont's samples, locked in memory when the system allows). Without effects (the default)
/// note, program and controller calls and `render` then allocate nothing and take no lock
/// (measured with the allocation counter, from the first note on; see the tests). With
/// `effects` on, Debian's FluidSynth (built with OpenMP) runs reverb and chorus in an
/// `omp parallel` region, and libgomp mallocs and frees a 1.5 KB team structure on every
/// `render` call: usually fast, but not real-time safe, so effects are off unless asked for.
/// FluidSynth may still write a warning to stderr from the audio thread if a note cannot get a
/// voice even by stealing one, or a program is missing from the soundfont.
///
/// Timing: FluidSynth renders in internal blocks of 64 frames; a note call takes effect at the
/// start of the next internal block, so onsets are quantised to 64 frames (1.3 ms at 48 kHz) and
/// sound up to 64 frames after the rendered position where the call was made. Attack and release
/// follow the soundfont's envelopes (a released piano note fades over about a second).
///
/// Licence: FluidSynth is LGPL-2.1, linked dynamically; FluidR3_GM is MIT.
public final class FluidSynthRenderer: BandSynthesizer {
    /// Debian's fluid-soundfont-gm.
    public static let defaultSoundFontPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    /// Output rate, Hz.
    public let sampleRate: Double
    /// MIDI channels the synthesiser has (16).
    public let channelCount: Int
    /// Whether reverb and chorus run.
    public let effects: Bool

    private let settings: OpaquePointer
    private let synth: OpaquePointer

    /// Creates the synthesiser and loads the soundfont (≈ 140 MB for FluidR3_GM, about a second).
    /// - Parameters:
    ///   - sampleRate: Hz, 22050…96000.
    ///   - soundFontPath: an SF2/SF3 file.
    ///   - gain: FluidSynth's master gain, 0…10 (its default 0.2 leaves headroom for a full band).
    ///   - polyphony: voices preallocated; the oldest is stolen beyond it.
    ///   - effects: FluidSynth's reverb and chorus (one heap allocation per `render`, see above).
    public init(sampleRate: Double, soundFontPath: String = FluidSynthRenderer.defaultSoundFontPath,
                gain: Double = 0.2, polyphony: Int = 256, effects: Bool = false) throws(FluidSynthError) {
        guard (22050...96000).contains(sampleRate) else {
            throw .setupFailed("sample rate \(sampleRate) Hz is outside 22050…96000 Hz")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: soundFontPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .soundFontMissing(path: soundFontPath)
        }
        guard let settings = new_fluid_settings() else { throw .setupFailed("cannot create settings") }
        fluid_settings_setnum(settings, "synth.sample-rate", sampleRate)
        fluid_settings_setint(settings, "synth.threadsafe-api", 0)
        fluid_settings_setint(settings, "synth.cpu-cores", 1)
        fluid_settings_setint(settings, "synth.polyphony", Int32(clamping: polyphony))
        fluid_settings_setnum(settings, "synth.gain", gain)
        fluid_settings_setint(settings, "synth.reverb.active", effects ? 1 : 0)
        fluid_settings_setint(settings, "synth.chorus.active", effects ? 1 : 0)
        fluid_settings_setint(settings, "synth.dynamic-sample-loading", 0)
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw .setupFailed("cannot create the synthesiser at \(sampleRate) Hz")
        }
        guard fluid_synth_sfload(synth, soundFontPath, 1) != FLUID_FAILED else {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            throw .soundFontRejected(path: soundFontPath)
        }
        self.settings = settings
        self.synth = synth
        self.sampleRate = sampleRate
        self.effects = effects
        channelCount = Int(fluid_synth_count_midi_channels(synth))
    }

    deinit {
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    /// Selects General MIDI `program` (0…127) on `channel` (0…15; 9 is percussion, bank 128).
    /// Real-time safe.
    public func programChange(channel: UInt8, program: UInt8) {
        fluid_synth_program_change(synth, Int32(channel), Int32(program & 0x7F))
    }

    /// Starts a note; velocity 1…127 (0 is a note-off, as in MIDI). Real-time safe.
    public func noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8) {
        if velocity == 0 {
            noteOff(channel: channel, pitch: pitch)
        } else {
            fluid_synth_noteon(synth, Int32(channel), Int32(pitch & 0x7F), Int32(min(velocity, 127)))
        }
    }

    /// Releases a note (its release envelope follows). Real-time safe.
    public func noteOff(channel: UInt8, pitch: UInt8) {
        fluid_synth_noteoff(synth, Int32(channel), Int32(pitch & 0x7F))
    }

    /// A MIDI control change (controller and value 0…127). Real-time safe.
    public func controlChange(channel: UInt8, controller: UInt8, value: UInt8) {
        fluid_synth_cc(synth, Int32(channel), Int32(controller & 0x7F), Int32(value & 0x7F))
    }

    /// On every channel: sustain and sostenuto pedals up (CC 64, 66 = 0), then all notes off
    /// (CC 123). Notes enter their release; silence follows after the longest release.
    /// Real-time safe.
    public func allNotesOff() {
        // An Int range: iterating a Range<Int32> allocates in unoptimised builds (unspecialised
        // IndexingIterator), Range<Int> does not.
        for index in 0..<channelCount {
            let channel = Int32(truncatingIfNeeded: index)
            fluid_synth_cc(synth, channel, 64, 0)
            fluid_synth_cc(synth, channel, 66, 0)
            fluid_synth_cc(synth, channel, 123, 0)
        }
    }

    /// Voices sounding now (including those in their release).
    public var activeVoiceCount: Int { Int(fluid_synth_get_active_voice_count(synth)) }

    /// Writes (replaces) `frameCount` frames of stereo output. Real-time safe.
    public func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frameCount: Int) {
        guard frameCount > 0 else { return }
        fluid_synth_write_float(synth, Int32(frameCount), left, 0, 1, right, 0, 1)
    }
}
