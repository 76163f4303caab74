import Foundation

/// Programs nobody here wrote that tests open Performia's exports with: Python modules (mido,
/// pretty_midi, chordsketch) in the tools venv `scripts/setup` makes, and Debian's `chordii`.
/// Tests that need one are enabled only when it is installed (`scripts/setup` installs them all).
public enum ExternalTools {
    /// Pythons to try, in order: `$PERFORMIA_TOOLS/bin/python`, the tools venv `scripts/setup`
    /// makes (`~/.cache/performia/tools`), the evaluation kit's venv.
    static let pythons: [String] = {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        var candidates: [String] = []
        if let tools = ProcessInfo.processInfo.environment["PERFORMIA_TOOLS"] { candidates.append(tools + "/bin/python") }
        candidates += [home + "/.cache/performia/tools/bin/python", home + "/.cache/performia-eval/venv/bin/python"]
        return candidates.filter { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// A Python that imports every module of `modules`, nil when none does.
    public static func python(importing modules: String...) -> String? {
        pythons.first { python in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import " + modules.joined(separator: ", ")]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    /// The path of program `name` on PATH (or in /usr/bin), nil when it is not installed.
    public static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin"])
            .map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments` (and `input` on standard input) and returns its exit
    /// status, standard output and standard error.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws
        -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Standard error goes to a file, standard output through a pipe read to its end: a child
        // filling a second pipe nobody reads would never exit.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("performia-tool-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        let errorFile = try FileHandle(forWritingTo: errorPath)
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errorFile
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorFile.close()
        let errorText = (try? String(contentsOf: errorPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }
}
