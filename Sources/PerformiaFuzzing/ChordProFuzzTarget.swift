import PerformiaMusic

extension FuzzTarget {
    /// `ChordProReader` over the bytes of a chart, then what the band makes of it (`ChartChords`)
    /// and the writer's round trip: a chart read, written and read again is the same document.
    /// Seeds: charts made here (bar by bar, a lyric sheet with sections, `{define}` and `{chorus}`,
    /// 6/8 with CRLF).
    public static let chordPro = FuzzTarget(name: "chordpro", seeds: { chordProSeeds }) { bytes in
        let result: ChordProReader.Result
        do {
            result = try ChordProReader.read(bytes: bytes)
        } catch {
            return .rejected(String(describing: error))
        }
        do {
            let again = try ChordProReader.read(bytes: ChordProWriter.bytes(result.document))
            if again.document != result.document { return .broken("the written chart reads back as another document") }
        } catch {
            return .broken("the written chart does not read back: \(error)")
        }
        do {
            _ = try ChartChords(result.document)
            return .accepted
        } catch {
            return .rejected(String(describing: error))
        }
    }

    static let chordProSeeds: [[UInt8]] = [
        "{title: Bars}\n{key: G}\n{tempo: 104}\n{time: 4/4}\n\n{start_of_verse: Verse 1}\n[G] | [Em] | [C] [D] | [G] . . [D7]\n{end_of_verse}\n",
        "{title: Sunday}\n{artist: Nobody}\n{capo: 2}\n{define: Dsus4 base-fret 1 frets x x 0 2 3 3}\n# a comment\n"
            + "{start_of_chorus}\n[G]Sunday [Em]morning, roll the [C]windows [D7]down\n{end_of_chorus}\n\n"
            + "{start_of_verse}\n[C]Nowhere to [G/B]go but [Am7]home\n{end_of_verse}\n{chorus}\n{comment: Repeat}\n",
        "{title: Waltz}\r\n{time: 6/8}\r\n{tempo: 66}\r\n[Am] | [F] | [E7] | [Am]\r\n{start_of_bridge: Bridge}\r\n[N.C.] | [Bbmaj7] [C]\r\n{end_of_bridge}\r\n",
    ].map { Array($0.utf8) }
}
