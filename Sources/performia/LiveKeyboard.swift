import Foundation
import PerformiaAnalysis
import PerformiaBand
import PerformiaSeparation
import PerformiaSession

/// Single-key direction of the band during a real-time session, read from a terminal on standard
/// input: the terminal goes non-canonical without echo (Ctrl-C still interrupts) until `restore`,
/// which every exit path must call. `poll` reads what was typed without waiting and passes it to
/// the `BandControl`; it runs on the main thread, never the audio thread.
final class LiveKeyboard {
    private let control: BandControl
    /// The monitor mix of live stems, if the session separates (keys D B O V, ! @ # $, [ ]).
    private let stems: StemMixControl?
    /// The stem the last mute or solo key touched: `[` and `]` change its gain.
    private var lastStem = 0
    private var saved = termios()
    private var raw = false

    /// Nil when standard input is not a terminal in the foreground (a background job changing it
    /// would be stopped) or its mode cannot be changed.
    init?(control: BandControl, stems: StemMixControl? = nil) {
        self.control = control
        self.stems = stems
        guard isatty(STDIN_FILENO) != 0, tcgetpgrp(STDIN_FILENO) == getpgrp(),
              tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var settings = saved
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0 else { return nil }
        raw = true
    }

    deinit { restore() }

    /// Puts the terminal back as it was. Idempotent.
    func restore() {
        guard raw else { return }
        raw = false
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    /// Applies the keys typed since the last call; false when `q` asks to quit.
    func poll() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        guard count > 0 else { return true }
        for i in 0..<count where !handle(buffer[i]) { return false }
        return true
    }

    private func handle(_ key: UInt8) -> Bool {
        switch Character(UnicodeScalar(key)) {
        case "i": control.setSection(.intro)
        case "v": control.setSection(.verse)
        case "c": control.setSection(.chorus)
        case "b": control.setSection(.bridge)
        case "o": control.setSection(.outro)
        case "f": control.requestFill()
        case "e": control.requestEnding()
        case "+", "=": control.nudgeIntensity(by: 0.1)
        case "-", "_": control.nudgeIntensity(by: -0.1)
        case "1", "2", "3", "4", "5": control.toggle(BandPart(rawValue: Int(key) - Int(UInt8(ascii: "1")))!)
        case "q", "Q": return false
        case "D", "B", "O", "V":
            lastStem = ["D", "B", "O", "V"].firstIndex(of: Character(UnicodeScalar(key)))!
            stems?.toggleMute(lastStem)
        case "!", "@", "#", "$":
            lastStem = ["!", "@", "#", "$"].firstIndex(of: Character(UnicodeScalar(key)))!
            stems?.toggleSolo(lastStem)
        case "[": stems?.nudgeGain(lastStem, by: -3)
        case "]": stems?.nudgeGain(lastStem, by: 3)
        default: break
        }
        return true
    }
}
