import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaMusic
import PerformiaSession
import Testing

/// The live terminal view: lines that fit the terminal, the parts that are on, no leftovers.
@Suite struct LiveScreenTests {
    let playing = "beat 17 | bar position 2 | G | key G major | 104 BPM"

    @Test(arguments: [120, 80, 60])
    func theLegendFitsTheTerminalAndKeepsEveryKey(width: Int) {
        let lines = LiveScreen.legend(width: width)
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines.map(\.count)) at \(width) columns")
        let text = lines.joined(separator: " | ")
        for key in ["i intro", "f fill", "e ending", "+/- intensity", "1-5 drums/bass/keys/strings/guitar on/off", "q quit"] {
            #expect(text.contains(key))
        }
    }

    @Test func theStatusLineShowsWhichPartsAreOn() {
        var setting = BandControl.Setting(intensity: 0.6, enabledParts: BandDirection.allParts, section: .chorus)
        let all = LiveScreen.statusLine(status: playing, setting: setting, width: 200)
        #expect(all.hasSuffix("| chorus | intensity 0.6 | parts drums bass keys strings guitar"), "\(all)")
        // `2` and `4` turn bass and strings off: the line says so.
        setting.enabledParts &= ~(1 << UInt8(BandPart.bass.rawValue) | 1 << UInt8(BandPart.strings.rawValue))
        setting.intensity = 0.7
        let some = LiveScreen.statusLine(status: playing, setting: setting, width: 200)
        #expect(some.hasSuffix("| intensity 0.7 | parts drums keys guitar"), "\(some)")
        setting.enabledParts = 0
        #expect(LiveScreen.statusLine(status: playing, setting: setting, width: 200).hasSuffix("| no parts"))
    }

    @Test(arguments: [119, 79, 40])
    func theStatusLineFitsTheTerminal(width: Int) {
        let setting = BandControl.Setting(intensity: 0.55, enabledParts: BandDirection.allParts, section: nil, ending: true)
        let line = LiveScreen.statusLine(status: playing, setting: setting, width: width)
        #expect(line.count <= width)
        #expect(line.hasPrefix("beat 17"))
    }

    @Test func aRedrawErasesWhatALongerLineLeft() {
        let redraw = LiveScreen.redraw("beat 3 | intensity 0.6")
        #expect(redraw.hasPrefix("\r") && redraw.hasSuffix("\u{1B}[K"))
        // On a terminal: the longer line, then the shorter one redrawn over it.
        let screen = Self.render(LiveScreen.redraw("beat 2 | intensity 0.6   6") + redraw)
        #expect(screen == "beat 3 | intensity 0.6", "\(screen)")
    }

    /// What one terminal line shows after `text`: `\r` back to column 0, `ESC [K` erase to the end.
    static func render(_ text: String) -> String {
        var line: [Character] = []
        var column = 0
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if c == "\r" {
                column = 0
            } else if c == "\u{1B}", characters.first == "[" {
                characters = characters.dropFirst()
                if characters.popFirst() == "K" { line.removeSubrange(min(column, line.count)...) }
            } else {
                if column < line.count { line[column] = c } else { line.append(c) }
                column += 1
            }
        }
        return String(line).trimmingCharacters(in: .whitespaces)
    }
}
