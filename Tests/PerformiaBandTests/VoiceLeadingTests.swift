import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import Testing

@Suite struct VoiceLeadingTests {
    typealias F = StyleFixtures

    /// Root position: the root at its lowest place in the register, the other tones stacked above.
    func rootPosition(_ chord: ChordLabel, low: Int) -> Voicing {
        let tones = ChordTones(chord)!
        let root = low + ((tones.root - low) % 12 + 12) % 12
        var pitches = [root, root + tones.third, root + tones.fifth]
        pitches.append(root + (tones.seventh ?? 12))
        return Voicing(pitches)
    }

    /// Every placement of a seventh chord's four tones in low…high no wider than `spread`.
    func allVoicings(of chord: ChordLabel, low: Int, high: Int, spread: Int) -> [Voicing] {
        let tones = ChordTones(chord)!
        let classes = [0, tones.third, tones.fifth, tones.seventh!].map { (tones.root + $0) % 12 }
        let places = classes.map { pc in (low...high).filter { $0 % 12 == pc } }
        var result: [Voicing] = []
        for a in places[0] { for b in places[1] { for c in places[2] { for d in places[3] {
            let v = Voicing([a, b, c, d])
            if v.highest - v.lowest <= spread { result.append(v) }
        } } } }
        return result
    }

    func pitchClasses(_ v: Voicing) -> Set<Int> { Set((0..<v.count).map { v[$0] % 12 }) }

    @Test func iiVIMovesLessThanRootPositions() {
        var leading = VoiceLeading(lowestPitch: 48, highestPitch: 72, voiceCount: 4, maximumSpread: 12)
        let cycle = Array(repeating: [F.dm7, F.g7, F.cmaj7], count: 4).flatMap { $0 }
        var led: [Voicing] = []
        for chord in cycle { led.append(leading.next(chord)!) }
        let roots = cycle.map { rootPosition($0, low: 48) }
        var ledMovement = 0, rootMovement = 0
        for i in 1..<cycle.count {
            ledMovement += VoiceLeading.movement(from: led[i - 1], to: led[i])
            rootMovement += VoiceLeading.movement(from: roots[i - 1], to: roots[i])
        }
        #expect(ledMovement * 2 < rootMovement, "voice-led \(ledMovement) vs root position \(rootMovement)")
        // ii–V and V–I move by at most 4 semitones in all.
        for i in 1..<cycle.count where i % 3 != 0 { #expect(VoiceLeading.movement(from: led[i - 1], to: led[i]) <= 4) }
        // Each step is (nearly: the pull to the middle may cost a semitone or two) the least
        // movement any playable voicing of the chord allows.
        for i in 1..<cycle.count {
            let least = allVoicings(of: cycle[i], low: 48, high: 72, spread: 12)
                .map { VoiceLeading.movement(from: led[i - 1], to: $0) }.min()!
            #expect(VoiceLeading.movement(from: led[i - 1], to: led[i]) <= least + 2, "step \(i)")
        }
        for (chord, v) in zip(cycle, led) {
            let tones = ChordTones(chord)!
            #expect(pitchClasses(v) == Set([tones.root, (tones.root + tones.third) % 12, (tones.root + tones.fifth) % 12,
                                            (tones.root + tones.seventh!) % 12]))
            #expect(v.lowest >= 48 && v.highest <= 72 && v.highest - v.lowest <= 12)
        }
    }

    @Test func followsThePreviousVoicingRatherThanTheMiddle() {
        let leading = VoiceLeading(lowestPitch: 48, highestPitch: 76, voiceCount: 4, maximumSpread: 12)
        let high = Voicing([64, 67, 71, 74])  // Em7 at the top of the register
        let am7 = ChordLabel(root: 9, quality: .minorSeventh)
        let next = leading.voicing(for: am7, after: high)!
        #expect(VoiceLeading.movement(from: high, to: next) == 4)  // B→A, D→C; E and G stay
        #expect(next == Voicing([64, 67, 69, 72]))
        let fresh = leading.voicing(for: am7, after: nil)!
        #expect(fresh.lowest % 12 == 9)  // no previous voicing: root position near the middle
        #expect(abs(fresh.center - 62) <= 6)
    }

    @Test func threeVoicesKeepThirdAndSeventh() {
        var leading = VoiceLeading(lowestPitch: 52, highestPitch: 72, voiceCount: 3, maximumSpread: 14)
        for chord in [F.dm7, F.g7, F.cmaj7, F.a7] {
            let v = leading.next(chord)!
            let tones = ChordTones(chord)!
            #expect(v.count == 3)
            #expect(pitchClasses(v) == Set([tones.root, (tones.root + tones.third) % 12, (tones.root + tones.seventh!) % 12]))
        }
        let triad = leading.next(F.c)!
        #expect(pitchClasses(triad) == [0, 4, 7])
    }

    @Test func triadsInFourVoicesDoubleTheRoot() {
        var leading = VoiceLeading()
        let v = leading.next(F.am)!
        #expect(v.count == 4)
        #expect((0..<4).filter { v[$0] % 12 == 9 }.count == 2)
        #expect(pitchClasses(v) == [9, 0, 4])
    }

    @Test func deterministicAndNoChordLeavesThePreviousVoicing() {
        var a = VoiceLeading(), b = VoiceLeading()
        for chord in [F.c, F.am, F.f, F.g, F.c] { #expect(a.next(chord) == b.next(chord)) }
        let before = a.previous
        #expect(a.next(.noChord) == nil)
        #expect(a.previous == before)
    }
}
