import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaCore
import PerformiaTestSupport
import Testing

@Suite struct BandControlTests {
    @Test func aSettingRoundTripsThroughItsWord() {
        let settings: [BandControl.Setting] = [
            .init(intensity: 0, enabledParts: 0, section: nil),
            .init(intensity: 1, enabledParts: BandDirection.allParts, section: .outro, ending: true, fills: 1023,
                  generation: .max),
            .init(intensity: 0.6, enabledParts: 0b10110, section: .intro, fills: 7, generation: 12),
            .init(intensity: 0.7, enabledParts: 0b00001, section: .verse),
            .init(intensity: 0.123, enabledParts: 0b11111, section: .chorus, ending: true, fills: 512, generation: 1 << 31),
            .init(intensity: 0.3, enabledParts: 0b01000, section: .bridge),
        ]
        for setting in settings { #expect(BandControl.Setting(word: setting.word) == setting) }
        #expect(BandControl.Setting(intensity: 0.6, enabledParts: 0, section: nil).intensity == 0.6)
        #expect(BandControl.Setting(intensity: 1.7, enabledParts: 0, section: nil, fills: 1025).intensity == 1)
        #expect(BandControl.Setting(intensity: 0, enabledParts: 0, section: nil, fills: 1025).fills == 1)
    }

    @Test func changesCoalesceAndEachCueIsAppliedOnce() {
        var direction = BandDirection(intensity: 0.6, section: .verse, countIn: true)
        let control = BandControl(direction)
        control.apply(to: &direction)
        #expect(direction == BandDirection(intensity: 0.6, section: .verse, countIn: true), "nothing changed yet")
        control.setSection(.chorus)
        control.nudgeIntensity(by: 0.1)
        control.nudgeIntensity(by: 0.1)
        control.toggle(.keys)
        control.requestFill()
        control.requestFill()
        #expect(control.setting.generation == 6)
        control.apply(to: &direction)
        var expected = BandDirection(intensity: 0.8, section: .chorus, fillRequested: true, countIn: true)
        expected.setEnabled(.keys, false)
        #expect(direction == expected)
        // The arranger ends the fill with its bar; later changes do not bring it back.
        direction.fillRequested = false
        control.nudgeIntensity(by: 0.5)
        control.apply(to: &direction)
        #expect(direction.intensity == 1 && !direction.fillRequested)
        control.requestEnding()
        control.apply(to: &direction)
        #expect(direction.ending)
        control.apply(to: &direction)
        control.requestFill()
        control.apply(to: &direction)
        #expect(direction.fillRequested && direction.ending)
    }

    /// Drives a graph with the pop style over a synthetic band in 128-frame blocks, changing the
    /// direction through its control before some blocks.
    @Test func aChangeReachesTheArrangerAtTheNextBlockWithoutAllocating() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let style = try StyleParser.parse(String(contentsOf: root.appendingPathComponent("Resources/styles/pop.style"),
                                                 encoding: .utf8))
        let initial = BandDirection(intensity: 0.6, section: .verse)
        let arranger = StyleArranger(style: style, direction: initial, seed: 1)
        let synth = RecordingSynth(sampleRate: 44100)
        let graph = BandGraph(arranger: arranger, predictor: NoModel?.none, synth: synth, programs: arranger.programs,
                              beatsPerBar: 4)
        let control = BandControl(initial)
        graph.control = control
        graph.prepare(sampleRate: 44100, maximumBlockFrames: 128, inputChannels: 1)
        let (audio, _) = Signals.band(bpm: 120, beatsPerBar: 4, bars: 12)
        let requestBlock = Int(6 * 44100 / 128), warmUp = Int(8 * 44100 / 128)
        var left = [Float](repeating: 0, count: 128), right = left
        var allocations = 0, fillBlocks = 0, changesAfterWarmUp = 0
        audio.withUnsafeBufferPointer { samples in
            var block = 0
            while (block + 1) * 128 <= samples.count {
                if block == requestBlock {
                    control.setSection(.chorus)
                    control.nudgeIntensity(by: 0.1)
                    control.toggle(.guitar)
                    control.requestFill()
                } else if block > warmUp && block % 50 == 0 {
                    control.toggle(.strings)  // a pending change for the next render
                    changesAfterWarmUp += 1
                }
                var pointer: UnsafePointer<Float>? = samples.baseAddress! + block * 128
                let count = countAllocations {
                    withUnsafePointer(to: &pointer) { input in
                        input.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 1) { channels in
                            left.withUnsafeMutableBufferPointer { l in
                                right.withUnsafeMutableBufferPointer { r in
                                    graph.render(input: channels, output: l.baseAddress!, r.baseAddress!, frameCount: 128,
                                                 time: SampleTime(block * 128))
                                }
                            }
                        }
                    }
                }
                if block == requestBlock {
                    #expect(arranger.direction.section == .chorus && arranger.direction.intensity == 0.7)
                    #expect(!arranger.direction.isEnabled(.guitar) && arranger.direction.fillRequested)
                }
                if arranger.direction.fillRequested { fillBlocks += 1 }
                if block > warmUp { allocations += count }
                block += 1
            }
        }
        #expect(!graph.playedBeats.isEmpty && synth.ons > 0)
        // Asked once: held to the end of the bar being arranged (at most a bar, 2 s at 120 BPM), never again.
        #expect(fillBlocks > 0 && fillBlocks <= 2 * 44100 / 128 + 1, "\(fillBlocks) blocks")
        #expect(changesAfterWarmUp > 10)
        #expect(allocations == 0, "allocations in render with pending direction changes")
    }
}
