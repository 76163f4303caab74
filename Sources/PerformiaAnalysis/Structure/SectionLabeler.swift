import PerformiaMusic

/// Names sections (intro, verse, chorus, bridge, outro) from the form alone — which groups
/// repeat, where they stand, how loud they are — and only where the form says it; otherwise a
/// section keeps just its letter. The rules are those of the common song forms (verse–chorus,
/// AABA; cf. the functional-labelling heuristics in Paulus, Müller & Klapuri, ISMIR 2010, §5,
/// and the "chorus = most repeated, loudest" view of Goto's RefraiD, IEEE TASLP 2006):
///
/// - intro: the first of three or more sections, if its group does not come back in the middle
///   of the song, or only in sections at least twice its length (an intro over the first half
///   of the verse), and it is no longer than the median section;
/// - outro: the last section, likewise;
/// - with two or more groups repeated in the middle: the loudest of them is the chorus when it is
///   louder than the others by `loudnessMargin`, else the second to appear (a song opens with a
///   verse); the first other one to appear is the verse; a group heard once between choruses is the bridge;
/// - with one repeated group X: X is the verse if it comes first; a single other group Y heard
///   once is a bridge in X X Y X (AABA), a chorus in X Y X when louder than X; when Y comes
///   first and X is louder, Y is the verse and X the chorus;
/// - nothing repeated: no names but intro and outro.
struct SectionLabeler {
    /// Loudness margin (mean log-energy units of the envelope) for "louder": sections of one
    /// arrangement differ by less (0.003 between the bundled demo's verse and chorus, which
    /// differ only in chords; 0.05–0.1 between a verse and a chorus with a fuller arrangement).
    var loudnessMargin: Float = 0.02

    /// - Parameters:
    ///   - groups: group index of each section (0, 1, … in order of first appearance).
    ///   - lengths: length of each section (any unit).
    ///   - loudness: mean loudness of each section.
    func label(groups: [Int], lengths: [Int], loudness: [Float]) -> [SectionLabel?] {
        let count = groups.count
        var labels = [SectionLabel?](repeating: nil, count: count)
        guard count >= 3 else { return labels }
        let medianLength = lengths.sorted()[count / 2]
        let groupCount = (groups.max() ?? 0) + 1
        var middle = Array(1..<(count - 1))
        // first and last: intro / outro when their material does not recur in the middle, or
        // recurs only as part of longer sections (an intro over the first half of the verse)
        func partial(_ k: Int) -> Bool {
            let others = middle.filter { groups[$0] == groups[k] }
            return others.allSatisfy { 2 * lengths[k] <= lengths[$0] }
        }
        if partial(0) && lengths[0] <= medianLength { labels[0] = .intro }
        if partial(count - 1) && lengths[count - 1] <= medianLength { labels[count - 1] = .outro }
        // a first or last section that recurs belongs to the body
        if labels[0] == nil { middle.insert(0, at: 0) }
        if labels[count - 1] == nil { middle.append(count - 1) }
        var occurrences = [Int](repeating: 0, count: groupCount)
        for i in middle { occurrences[groups[i]] += 1 }
        guard !middle.isEmpty else { return labels }

        var groupLoudness = [Float](repeating: 0, count: groupCount)
        for i in middle { groupLoudness[groups[i]] += loudness[i] / Float(occurrences[groups[i]]) }
        var order: [Int] = []  // groups of the body in order of first appearance
        for i in middle where !order.contains(groups[i]) { order.append(groups[i]) }
        let repeated = order.filter { occurrences[$0] >= 2 }
        let once = order.filter { occurrences[$0] == 1 }

        var name = [SectionLabel?](repeating: nil, count: groupCount)
        func louder(_ a: Int, _ b: Int) -> Bool { groupLoudness[a] > groupLoudness[b] + loudnessMargin }
        if repeated.count >= 2 {
            // the loudest, when it stands out from the others; else the second (songs open with a verse)
            let byLoudness = repeated.sorted { groupLoudness[$0] > groupLoudness[$1] }
            let chorus = louder(byLoudness[0], byLoudness[1]) ? byLoudness[0] : repeated[1]
            name[chorus] = .chorus
            if let verse = order.first(where: { $0 != chorus && occurrences[$0] >= 2 }) { name[verse] = .verse }
            let chorusPositions = middle.filter { groups[$0] == chorus }
            if let firstChorus = chorusPositions.first, let lastChorus = chorusPositions.last,
               let bridge = once.first(where: { g in
                   middle.contains { groups[$0] == g && $0 > firstChorus && $0 < lastChorus }
               }) {
                name[bridge] = .bridge
            }
        } else if repeated.count == 1 {
            let x = repeated[0]
            let positions = middle.filter { groups[$0] == x }
            let between = once.filter { g in middle.contains { groups[$0] == g && $0 > positions[0] && $0 < positions[positions.count - 1] } }
            let before = once.filter { g in middle.contains { groups[$0] == g && $0 < positions[0] } }
            if order.first == x {
                name[x] = .verse
                if between.count == 1 {
                    let y = between[0]
                    if occurrences[x] >= 3 { name[y] = .bridge } else if louder(y, x) { name[y] = .chorus }
                }
            } else if before.count == 1 && louder(x, before[0]) {
                name[before[0]] = .verse
                name[x] = .chorus
            }
        }
        for i in middle { if let n = name[groups[i]] { labels[i] = n } }
        return labels
    }
}
