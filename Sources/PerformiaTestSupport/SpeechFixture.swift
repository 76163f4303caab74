import Foundation

/// A few sentences of ordinary speech spoken by Festival's `text2wave` (Debian `festival`): the
/// input that is sound but not music, for the analysis' bad-input tests.
public enum SpeechFixture {
    public static let text = "Good evening. This is a test of the analysis system with ordinary speech. There is no music "
        + "here at all, only a voice reading a few sentences about the weather, which is cold and grey today."

    /// Writes `text` spoken as a WAV file at `path` (16 kHz mono); throws when text2wave fails.
    public static func write(_ text: String = SpeechFixture.text, to path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/text2wave")
        process.arguments = ["-o", path]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "text2wave (festival) failed"])
        }
    }
}
