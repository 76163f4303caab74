import Foundation

/// Finds the bundled demo song (Resources/demo/demo.ogg in the source tree).
enum DemoSong {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the bundled demo song (Resources/demo/demo.ogg) was not found; pass a FILE" }
    }

    static func path() throws -> String {
        var candidates: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            executable.deleteLastPathComponent()
            candidates.append(executable)
        }
        for base in candidates {
            let file = base.appendingPathComponent("Resources/demo/demo.ogg")
            if FileManager.default.fileExists(atPath: file.path) { return file.path }
        }
        throw Missing()
    }
}
