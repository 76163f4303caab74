import Foundation
import PerformiaMusic
import Testing

/// The ChordPro reader of the browser build (Embedded Swift on wasm32, `Wasm/run-chordpro.mjs`
/// under node) against the native one: the same `ChordProReport` (document written back,
/// warnings, the band's chords, or the error with its line and column), byte for byte. Node is
/// required (scripts/setup installs it); a missing node fails these tests rather than skipping.
@Suite struct ChordProWasmParityTests {
    static let charts: [(String, [UInt8])] = [
        ("bars", Array("{title: Bars}\n{time: 3/4}\n{tempo: 96}\n[G] [Em] | [C] . [D7]\n[G] | [N.C.] |\n".utf8)),
        ("lyric sheet", Array("""
            {title: Sunday Drive}
            {define: G base-fret 1 frets 3 2 0 0 0 3}
            {key: G}
            {start_of_verse: Verse 1}
            [G]Sunday morning, roll [Em]the windows down
            [C]Coffee in my hand and no[D7]where to be found
            Caf\u{E9} na\u{EF}ve \u{2014} words alone
            {end_of_verse}
            {soc}
            [C]Oh, we are on [G]a Sunday drive
            {eoc}
            {chorus}
            {frobnicate: kept}
            """.utf8)),
        ("compound", Array("{time: 6/8}\r\n{tempo: 180}\r\n{start_of_part: A}\r\n[G] | [C] [D7]\r\n{end_of_part}\r\n".utf8)),
        ("bad chord", Array("{title: x}\n[G]Sunday [Em7x]roll".utf8)),
        ("bad bar", Array("[G] [C] [D]".utf8)),
        ("not UTF-8", Array("[G] |\nSunday m".utf8) + [0xFF]),
        ("empty", []),
    ]

    @Test func wasmReadsChartsAsNativeDoes() throws {
        try #require(WasmBuild.status.status == 0, "scripts/build-wasm failed:\n\(WasmBuild.status.output)")
        let node = try #require(WasmBuild.node, "node not found on PATH: the wasm parity tests need Node.js")
        for (name, bytes) in Self.charts {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("performia-chart-\(UUID().uuidString).cho")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(bytes).write(to: file)
            let wasm = try WasmBuild.run(node, ["Wasm/run-chordpro.mjs", file.path])
            try #require(wasm.status == 0, "node Wasm/run-chordpro.mjs failed on \(name):\n\(String(decoding: wasm.output, as: UTF8.self))")
            let native = ChordProReport.text(reading: bytes)
            #expect(wasm.output == native, "\(name): wasm\n\(String(decoding: wasm.output, as: UTF8.self))\nnative\n\(String(decoding: native, as: UTF8.self))")
        }
        // The report says what each chart should give.
        let reports = Self.charts.map { String(decoding: ChordProReport.text(reading: $0.1), as: UTF8.self) }
        #expect(reports[0].contains("chords: G Em C D7 G N.C.\ndurations: 2 1 2 1 3 3\n"))
        #expect(reports[1].contains("warning: line 13: unknown directive 'frobnicate' (kept, not used) (column 2)"))
        #expect(reports[2].contains("tempo: 60000, beatsPerBar: 2, meterWritten: 1, compound: 1"))
        #expect(reports[3] == "error: line 2: 'Em7x' is not a chord symbol (column 12)\n")
        #expect(reports[4].hasSuffix("chords error: line 1: a bar of 3 beats in 4/bar (column 1)\n"))
        #expect(reports[5] == "error: line 2: byte 0xFF is not UTF-8 text (column 9)\n")
        #expect(reports[6] == "document:\nwarning: line 1: the chart is empty (column 1)\nchords error: no chords (write them bar by bar, [G] | [C] [D], or in the lyrics, [G]Sunday [C]morning)\n")
    }
}

/// Builds the wasm module once per test process and runs node over it.
private enum WasmBuild {
    /// The package root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let status: (status: Int32, output: String) = {
        do {
            let result = try run(URL(fileURLWithPath: "/bin/bash"), ["scripts/build-wasm"])
            return (result.status, String(decoding: result.output, as: UTF8.self))
        } catch {
            return (-1, "could not start bash: \(error)")
        }
    }()

    static let node: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { URL(fileURLWithPath: $0).appendingPathComponent("node") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `executable` in the package root; its status and its output (standard error merged).
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](data))
    }
}
