import Foundation
import PerformiaSynth
import PerformiaTestSupport
import Testing

@Suite(.enabled(if: FileManager.default.fileExists(atPath: FluidSynthRenderer.defaultSoundFontPath),
                "FluidR3_GM.sf2 is not installed"))
struct FluidSynthRendererTests {
    /// Renders `blocks` blocks of 128 frames; returns the peak and the left channel.
    func render(_ synth: FluidSynthRenderer, blocks: Int) -> (peak: Float, left: [Float]) {
        var left = [Float](repeating: 0, count: blocks * 128)
        var right = [Float](repeating: 0, count: blocks * 128)
        var peak: Float = 0
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                for b in 0..<blocks {
                    synth.render(left: l.baseAddress! + b * 128, right: r.baseAddress! + b * 128, frameCount: 128)
                }
                for i in 0..<l.count { peak = max(peak, abs(l[i]), abs(r[i])) }
            }
        }
        return (peak, left)
    }

    func rms(_ x: ArraySlice<Float>) -> Float {
        (x.reduce(0) { $0 + $1 * $1 } / Float(max(x.count, 1))).squareRoot()
    }

    @Test func aNoteSoundsAndAllNotesOffSilencesIt() throws {
        let synth = try FluidSynthRenderer(sampleRate: 48000, effects: true)
        #expect(synth.channelCount == 16)
        #expect(render(synth, blocks: 10).peak < 1e-6)
        synth.programChange(channel: 0, program: 0)
        synth.controlChange(channel: 0, controller: 64, value: 127)
        synth.noteOn(channel: 0, pitch: 60, velocity: 100)
        synth.noteOn(channel: 9, pitch: 38, velocity: 100)
        let playing = render(synth, blocks: 188)
        #expect(rms(playing.left[...]) > 0.005)
        #expect(synth.activeVoiceCount > 0)
        synth.allNotesOff()
        let release = render(synth, blocks: 3 * 375)
        let lastHalfSecond = render(synth, blocks: 188)
        print("FluidSynth piano C4 + snare: RMS \(rms(playing.left[...])), peak \(playing.peak); after all notes off: "
              + "peak of 3–3.5 s \(lastHalfSecond.peak), voices \(synth.activeVoiceCount)")
        #expect(release.left.prefix(128).contains { $0 != 0 })
        #expect(lastHalfSecond.peak < 1e-4)
        #expect(synth.activeVoiceCount == 0)
    }

    @Test func aNoteOnTakesEffectAtTheNextInternal64FrameBlock() throws {
        let synth = try FluidSynthRenderer(sampleRate: 48000)
        synth.programChange(channel: 0, program: 80)
        _ = render(synth, blocks: 1)
        var left = [Float](repeating: 0, count: 512)
        var right = [Float](repeating: 0, count: 512)
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                synth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 10)
                synth.noteOn(channel: 0, pitch: 72, velocity: 127)
                synth.render(left: l.baseAddress! + 10, right: r.baseAddress! + 10, frameCount: 502)
            }
        }
        let onset = left.firstIndex { $0 != 0 } ?? -1
        print("FluidSynth: note-on issued after frame 10 of a block sounds from frame \(onset)")
        #expect(onset >= 10 && onset <= 10 + 64 + 8)
    }

    /// After a warm-up that has used every channel and program once, note calls and rendering
    /// allocate nothing on the calling thread.
    @Test func notesAndRenderingDoNotAllocateAfterWarmUp() throws {
        let synth = try FluidSynthRenderer(sampleRate: 48000)
        #expect(!synth.effects)
        var left = [Float](repeating: 0, count: 128)
        var right = [Float](repeating: 0, count: 128)
        let programs: [(UInt8, UInt8)] = [(0, 0), (1, 33), (2, 48), (3, 25), (9, 0)]
        func play(blocks: Int) {
            left.withUnsafeMutableBufferPointer { l in
                right.withUnsafeMutableBufferPointer { r in
                    for b in 0..<blocks {
                        let (channel, _) = programs[b % programs.count]
                        let pitch = UInt8(36 + (b * 7) % 48)
                        if b % 5 == 0 { synth.noteOn(channel: channel, pitch: pitch, velocity: UInt8(40 + b % 80)) }
                        if b % 5 == 3 { synth.noteOff(channel: channel, pitch: UInt8(36 + ((b - 3) * 7) % 48)) }
                        if b % 400 == 399 { synth.allNotesOff() }
                        synth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 128)
                    }
                }
            }
        }
        var firstNotes = 0
        firstNotes = countAllocations {
            for (channel, program) in programs { synth.programChange(channel: channel, program: program) }
            synth.noteOn(channel: 0, pitch: 60, velocity: 100)
            left.withUnsafeMutableBufferPointer { l in
                right.withUnsafeMutableBufferPointer { r in synth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 128) }
            }
        }
        let warmUp = countAllocations { play(blocks: 2000) }
        let measured = countAllocations { play(blocks: 4000) }
        var programChanges = 0
        for (channel, program) in programs {
            programChanges += countAllocations { synth.programChange(channel: channel, program: program &+ 1) }
        }
        let effectsSynth = try FluidSynthRenderer(sampleRate: 48000, effects: true)
        var effectsRenders = 0
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                effectsSynth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 128)
                effectsRenders = countAllocations {
                    for _ in 0..<100 { effectsSynth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 128) }
                }
            }
        }
        print("FluidSynth allocations: first programs + note \(firstNotes), warm-up 2000 blocks \(warmUp), "
              + "next 4000 blocks \(measured), program changes \(programChanges); "
              + "with reverb/chorus on: \(effectsRenders) allocations in 100 silent renders (libgomp)")
        #expect(measured == 0)
        #expect(programChanges == 0)
    }

    @Test(arguments: [false, true])
    func renderCostPerBlock(effects: Bool) throws {
        let synth = try FluidSynthRenderer(sampleRate: 48000, effects: effects)
        let chord: [UInt8] = [48, 52, 55, 60, 64, 67]
        for (channel, program) in [(UInt8(0), UInt8(0)), (1, 48), (2, 33)] {
            synth.programChange(channel: channel, program: program)
            for pitch in chord { synth.noteOn(channel: channel, pitch: channel == 2 ? pitch - 12 : pitch, velocity: 90) }
        }
        synth.noteOn(channel: 9, pitch: 42, velocity: 90)
        var left = [Float](repeating: 0, count: 128)
        var right = [Float](repeating: 0, count: 128)
        var durations: [Double] = []
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                for _ in 0..<2000 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    synth.render(left: l.baseAddress!, right: r.baseAddress!, frameCount: 128)
                    durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                }
            }
        }
        durations.sort()
        let median = durations[durations.count / 2]
        print("FluidSynth 128-frame block, \(synth.activeVoiceCount) voices, effects \(effects): median "
              + "\(String(format: "%.1f", median * 1e6)) µs, p95 \(String(format: "%.1f", durations[durations.count * 95 / 100] * 1e6)) µs "
              + "(period 2667 µs)")
        #expect(median < 128 / 48000.0)
    }

    @Test func aMissingSoundFontIsAClearError() {
        #expect(throws: FluidSynthError.soundFontMissing(path: "/nonexistent/x.sf2")) {
            _ = try FluidSynthRenderer(sampleRate: 48000, soundFontPath: "/nonexistent/x.sf2")
        }
        #expect(FluidSynthError.soundFontMissing(path: "/nonexistent/x.sf2").description.hasPrefix("/nonexistent/x.sf2"))
        let notASoundFont = TemporaryFolder()
        let path = try? notASoundFont.bytes("bad.sf2", Data("not a soundfont".utf8))
        #expect(throws: FluidSynthError.soundFontRejected(path: path ?? "")) {
            _ = try FluidSynthRenderer(sampleRate: 48000, soundFontPath: path ?? "")
        }
    }
}
