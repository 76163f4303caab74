import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaTestSupport
import Testing

@Suite struct HarmonyModelTests {
    static let modelPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/band/harmony-model.txt").path

    static func shipped() throws -> HarmonyModel {
        let text = try String(contentsOfFile: modelPath, encoding: .utf8)
        return try HarmonyModel(parsing: text)
    }

    static func chord(_ harte: String) -> ChordLabel { ChordLabel(harte: harte)! }
    static let cMajor = MusicalKey(tonic: 0, isMinor: false)

    static func history(_ chords: String...) -> ChordHistory {
        var history = ChordHistory()
        for c in chords { history.push(chord(c)) }
        return history
    }

    @Test func shippedModelParsesAndIsSmall() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: Self.modelPath)
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        #expect(bytes > 1000 && bytes < 200_000)
        let model = try Self.shipped()
        let counts = model.ngramCounts
        #expect(counts.unigrams >= 20)
        #expect(counts.bigrams >= 100)
        #expect(counts.trigrams >= 100)
        #expect(model.maximumOrder == 3)
        #expect(model.bigramBaseline.maximumOrder == 2)
    }

    @Test func probabilitiesAreADistribution() throws {
        let model = try Self.shipped()
        let histories = [ChordHistory(), Self.history("G:7"), Self.history("D:min7", "G:7"),
                         Self.history("C#:aug", "F#:sus2"), Self.history("A:min", "F:maj")]
        for m in [model, model.bigramBaseline, model.limited(toOrder: 1)] {
            for key in [Self.cMajor, MusicalKey(tonic: 9, isMinor: true), MusicalKey(tonic: 6, isMinor: false)] {
                for history in histories {
                    var sum = 0.0
                    for root in 0..<12 {
                        for raw in 0..<ChordQuality.count {
                            let next = ChordLabel(root: root, quality: ChordQuality(rawValue: raw)!)
                            let p = m.probability(of: next, after: history, key: key)
                            #expect(p >= 0)
                            if next == history.last { #expect(p == 0) }
                            sum += p
                        }
                    }
                    #expect(sum <= 1 + 1e-9)
                    #expect(abs(sum - 1) < 1e-9, "renormalised over the chords other than the one playing")
                    #expect(m.probability(of: .noChord, after: history, key: key) == 0)
                    let top = m.predictNext(after: history, key: key, count: 8)
                    #expect(top.count == 8)
                    for i in 1..<top.count { #expect(top[i - 1].probability >= top[i].probability) }
                    #expect(!top.contains { $0.chord == history.last })
                }
            }
        }
    }

    @Test func dominantResolvesToTonic() throws {
        let model = try Self.shipped()
        // V7 → I in C, F and Bb major, with and without ii7 before it.
        for (key, dominant, tonic, two) in [(0, "G:7", "C:maj", "D:min7"), (5, "C:7", "F:maj", "G:min7"), (10, "F:7", "Bb:maj", "C:min7")] {
            let major = MusicalKey(tonic: key, isMinor: false)
            #expect(model.mostLikelyNext(after: Self.history(dominant), key: major).chord == Self.chord(tonic))
            #expect(model.predictNext(after: Self.history(two, dominant), key: major, count: 1).first?.chord == Self.chord(tonic))
            #expect(model.bigramBaseline.mostLikelyNext(after: Self.history(dominant), key: major).chord == Self.chord(tonic))
        }
        // V7 → i in A minor.
        let aMinor = MusicalKey(tonic: 9, isMinor: true)
        #expect(model.mostLikelyNext(after: Self.history("E:7"), key: aMinor).chord == Self.chord("A:min"))
        // The band's form.
        let banded = model.mostLikelyNext(after: Self.chord("G:7"), previous: nil, key: Self.cMajor)
        #expect(banded?.chord == Self.chord("C:maj"))
        #expect(model.mostLikelyNext(after: Self.chord("G:7"), previous: nil, key: nil) == nil)
    }

    @Test func transpositionInvariance() throws {
        let model = try Self.shipped()
        let progression = [(2, ChordQuality.minorSeventh), (7, .dominantSeventh)]  // ii7 V7 in C
        for isMinor in [false, true] {
            let base = model.predictNext(after: ChordHistory(previous: ChordLabel(root: progression[0].0, quality: progression[0].1),
                                                             last: ChordLabel(root: progression[1].0, quality: progression[1].1)),
                                         key: MusicalKey(tonic: 0, isMinor: isMinor), count: 10)
            for shift in 1..<12 {
                let history = ChordHistory(previous: ChordLabel(root: progression[0].0 + shift, quality: progression[0].1),
                                           last: ChordLabel(root: progression[1].0 + shift, quality: progression[1].1))
                let moved = model.predictNext(after: history, key: MusicalKey(tonic: shift, isMinor: isMinor), count: 10)
                #expect(moved.count == base.count)
                for (a, b) in zip(base, moved) {
                    #expect(b.chord == ChordLabel(root: a.chord.root! + shift, quality: a.chord.quality))
                    #expect(b.probability == a.probability)
                }
            }
        }
        // D major: E:min7 A:7 predicts D the way Dm7 G7 predicts C in C major.
        let inD = model.mostLikelyNext(after: Self.history("E:min7", "A:7"), key: MusicalKey(tonic: 2, isMinor: false))
        #expect(inD.chord == Self.chord("D:maj"))
    }

    @Test func backOffForUnseenHistories() throws {
        let model = try Self.shipped()
        // A trigram context that never occurs (C#aug before G7) gives exactly the bigram estimate.
        let unseenTrigram = model.predictNext(after: Self.history("C#:aug", "G:7"), key: Self.cMajor, count: 6)
        let bigram = model.predictNext(after: Self.history("G:7"), key: Self.cMajor, count: 6)
        #expect(unseenTrigram.map(\.chord) == bigram.map(\.chord))
        for (a, b) in zip(unseenTrigram, bigram) { #expect(a.probability == b.probability) }
        // Neither chord ever seen: the unigram estimate, renormalised without the chord playing.
        let unseen = Self.history("C#:aug", "F#:sus2")
        let unigram = model.limited(toOrder: 1)
        let top = model.predictNext(after: unseen, key: Self.cMajor, count: 5)
        #expect(top.map(\.chord) == unigram.predictNext(after: unseen, key: Self.cMajor, count: 5).map(\.chord))
        #expect(top.first?.chord == Self.chord("C:maj"))
        // The trigram level changes the answer where it has evidence: after ii7 V7 the bigram
        // baseline and the model disagree on how sure I is.
        let withContext = model.probability(of: Self.chord("C:maj"), after: Self.history("D:min7", "G:7"), key: Self.cMajor)
        let withoutContext = model.bigramBaseline.probability(of: Self.chord("C:maj"), after: Self.history("D:min7", "G:7"), key: Self.cMajor)
        #expect(abs(withContext - withoutContext) > 0.05)
    }

    /// Hand-computed interpolated Witten–Bell on a tiny model: tokens I = 0:maj, V7 = 7:7,
    /// IV = 5:maj in C major.
    @Test func wittenBellByHand() throws {
        let text = """
        # tiny
        performia-harmony 1
        reference relative-major
        1 0:maj 3
        1 7:7 2
        1 5:maj 1
        2 0:maj 7:7 2
        2 7:7 0:maj 1
        2 7:7 5:maj 1
        3 0:maj 7:7 0:maj 1
        end
        """
        let model = try HarmonyModel(parsing: text)
        let V = 108.0
        let uniI = (3 + 3 / V) / (6 + 3), uniIV = (1 + 3 / V) / (6 + 3), uniV7 = (2 + 3 / V) / (6 + 3)
        // After V7: c(V7 ·) = 2, two types.
        let biI = (1 + 2 * uniI) / (2 + 2), biIV = (1 + 2 * uniIV) / (2 + 2), biV7 = (0 + 2 * uniV7) / (2 + 2)
        let g7 = Self.history("G:7")
        #expect(abs(model.probability(of: Self.chord("C:maj"), after: g7, key: Self.cMajor) - biI / (1 - biV7)) < 1e-15)
        #expect(abs(model.probability(of: Self.chord("F:maj"), after: g7, key: Self.cMajor) - biIV / (1 - biV7)) < 1e-15)
        // After I V7: c(I V7 ·) = 1, one type.
        let triI = (1 + 1 * biI) / (1 + 1), triV7 = (0 + 1 * biV7) / (1 + 1)
        let iv7 = Self.history("C:maj", "G:7")
        #expect(abs(model.probability(of: Self.chord("C:maj"), after: iv7, key: Self.cMajor) - triI / (1 - triV7)) < 1e-15)
        // An unseen chord keeps a little of the uniform share.
        let unseen = (0 + 3 / V) / 9
        #expect(abs(model.probability(of: Self.chord("E:min"), after: ChordHistory(), key: Self.cMajor) - unseen) < 1e-15)
    }

    @Test func parseErrorsNameTheLine() {
        func error(_ text: String) -> HarmonyModelError? {
            do {
                _ = try HarmonyModel(parsing: text)
                return nil
            } catch {
                return error
            }
        }
        let good = "performia-harmony 1\n1 0:maj 3\n2 0:maj 7:7 2\nend\n"
        #expect(error(good) == nil)
        let cases: [(String, Int, String)] = [
            ("", 1, "header"),
            ("# only a comment\nperformia-harmonie 1\nend\n", 2, "header"),
            ("performia-harmony 2\nend\n", 1, "version"),
            ("performia-harmony 1\n1 0:maj 3\n2 0:maj 7:dom 2\nend\n", 3, "7:dom"),
            ("performia-harmony 1\n\n1 12:maj 3\nend\n", 3, "12:maj"),
            ("performia-harmony 1\n1 0:maj three\nend\n", 2, "count"),
            ("performia-harmony 1\n1 0:maj 0\nend\n", 2, "count"),
            ("performia-harmony 1\n2 0:maj 3\nend\n", 2, "2-gram"),
            ("performia-harmony 1\n4 0:maj 0:maj 0:maj 0:maj 1\nend\n", 2, "order"),
            ("performia-harmony 1\n1 0:maj 3\n1 0:maj 4\nend\n", 3, "duplicate"),
            ("performia-harmony 1\n3 0:maj 7:7 0:maj 1\n3 0:maj 7:7 0:maj 2\nend\n", 3, "duplicate trigram 0:maj 7:7 0:maj"),
            ("performia-harmony 1\n1 0:maj 3\n", 3, "missing 'end'"),
            ("performia-harmony 1\nend\n1 0:maj 3\n", 3, "after 'end'"),
            ("performia-harmony 1\nreference parallel\nend\n", 2, "reference"),
        ]
        for (text, line, words) in cases {
            let failure = error(text)
            #expect(failure?.line == line, "\(text.debugDescription): \(String(describing: failure))")
            #expect(failure?.description.contains(words) == true, "\(String(describing: failure)) should say \(words)")
            #expect(failure?.description.hasPrefix("line \(line): ") == true)
        }
    }

    /// Numbers printed by `Benchmarks/harmony-prediction --cases` (the Python twin of the model)
    /// for the shipped model file. Retrain → rerun the script and update these.
    @Test func matchesThePythonEvaluation() throws {
        let model = try Self.shipped()
        typealias Case = (key: MusicalKey, history: [String], model: [(String, Double)], bigram: [(String, Double)])
        let cases: [Case] = [
            (Self.cMajor, [], [("C:maj", 0.2590984494549394), ("G:7", 0.13112769991197779), ("F:maj", 0.07536901618254452)],
             [("C:maj", 0.2590984494549394), ("G:7", 0.13112769991197779), ("F:maj", 0.07536901618254452)]),
            (Self.cMajor, ["G:7"], [("C:maj", 0.7119762680469339), ("C:maj7", 0.05756856384599808), ("F:maj", 0.05433989455338818)],
             [("C:maj", 0.7119762680469339), ("C:maj7", 0.05756856384599808), ("F:maj", 0.05433989455338818)]),
            (Self.cMajor, ["D:min7", "G:7"], [("C:maj", 0.46452393338564135), ("C:maj7", 0.23872311546505676), ("E:min7", 0.1193694796037046)],
             [("C:maj", 0.7119762680469339), ("C:maj7", 0.05756856384599808), ("F:maj", 0.05433989455338818)]),
            (MusicalKey(tonic: 2, isMinor: false), ["E:min7", "A:7"],
             [("D:maj", 0.46452393338564135), ("D:maj7", 0.23872311546505676), ("F#:min7", 0.1193694796037046)],
             [("D:maj", 0.7119762680469339), ("D:maj7", 0.05756856384599808), ("G:maj", 0.05433989455338818)]),
            (MusicalKey(tonic: 9, isMinor: true), ["E:7"], [("A:min", 0.6574723942929154), ("B:min7", 0.09827086200860936), ("C:maj", 0.04195990720107284)],
             [("A:min", 0.6574723942929154), ("B:min7", 0.09827086200860936), ("C:maj", 0.04195990720107284)]),
            (Self.cMajor, ["Db:aug", "Gb:sus2"], [("C:maj", 0.25920594735104097), ("G:7", 0.13118210375689016), ("F:maj", 0.07540028619086728)],
             [("C:maj", 0.25920594735104097), ("G:7", 0.13118210375689016), ("F:maj", 0.07540028619086728)]),
        ]
        for c in cases {
            var history = ChordHistory()
            for h in c.history { history.push(Self.chord(h)) }
            for (m, expected) in [(model, c.model), (model.bigramBaseline, c.bigram)] {
                let top = m.predictNext(after: history, key: c.key, count: 3)
                #expect(top.count == 3)
                for (got, want) in zip(top, expected) {
                    #expect(got.chord == Self.chord(want.0), "\(c.history) in \(c.key.name)")
                    #expect(abs(got.probability - want.1) <= 1e-12 * want.1, "\(c.history) in \(c.key.name)")
                }
            }
        }
    }

    @Test func queriesDoNotAllocate() throws {
        let model = try Self.shipped()
        var prediction = HarmonyPrediction(capacity: 5)
        let history = Self.history("D:min7", "G:7")
        let tonic = Self.chord("C:maj")  // parsing a Harte label allocates: outside the count
        var sink = 0.0
        let query = {
            sink += model.mostLikelyNext(after: history, key: Self.cMajor).probability
            model.predictNext(after: history, key: Self.cMajor, into: &prediction)
            sink += prediction[0].probability
            sink += model.probability(of: tonic, after: history, key: Self.cMajor)
            sink += model.bigramBaseline.mostLikelyNext(after: tonic, previous: nil, key: Self.cMajor)?.probability ?? 0
        }
        query()  // warm-up: lazily filled runtime caches
        let allocations = countAllocations {
            for _ in 0..<200 { query() }
        }
        #expect(allocations == 0)
        #expect(sink > 0)
        #expect(prediction.count == 5)
        #expect(prediction[0].chord == Self.chord("C:maj"))
    }

    @Test func historyKeepsTheLastTwoDifferentChords() {
        var history = ChordHistory()
        history.push(Self.chord("C:maj"))
        history.push(Self.chord("C:maj"))
        #expect(history.previous == nil && history.last == Self.chord("C:maj"))
        history.push(Self.chord("F:maj"))
        history.push(Self.chord("G:7"))
        #expect(history.previous == Self.chord("F:maj") && history.last == Self.chord("G:7"))
        history.push(.noChord)
        #expect(history == ChordHistory())
        #expect(ChordHistory(previous: Self.chord("G:7"), last: Self.chord("G:7")).previous == nil)
        #expect(ChordHistory(previous: Self.chord("G:7"), last: nil) == ChordHistory())
    }
}
