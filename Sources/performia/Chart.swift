import ArgumentParser
import Foundation
import PerformiaEngine

/// `performia chart FILE [-o chart.cho]`: a ChordPro chart of a song, from its audio or from a
/// Song Map written earlier.
struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a ChordPro chart of a song: key, tempo, sections and the chords of every bar.",
        discussion: """
            FILE is an audio file (analysed first) or a Song Map (.songmap.json) from \
            `performia analyze`. The chart goes to standard output unless --output names a file.
            """)

    @Argument(help: "An audio file or a .songmap.json.")
    var file: String

    @Option(name: [.short, .long], help: "Write the chart to this file instead of standard output.")
    var output: String?

    @Option(help: "Title of the chart (default: the file name).")
    var title: String?

    func run() throws {
        let map: SongMap
        if file.hasSuffix(".json") {
            do {
                map = try SongMapValidator.validate(json: Data(contentsOf: URL(fileURLWithPath: file)))
            } catch let failure as SongMapValidator.Failure {
                FileHandle.standardError.write(Data("performia: error: \(file): \(failure.description)\n".utf8))
                throw ExitCode(1)
            } catch {
                FileHandle.standardError.write(Data("performia: error: \(file): cannot read (\(error.localizedDescription))\n".utf8))
                throw ExitCode(1)
            }
        } else {
            do {
                map = try SongAnalyzer().analyze(path: file)
            } catch {
                FileHandle.standardError.write(Data("performia: error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
        let name = title ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            .replacingOccurrences(of: ".songmap", with: "")
        let chart = ChordProChart.render(map, title: name)
        if let output {
            do {
                try chart.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("performia: error: \(output): cannot write the chart (\(error.localizedDescription))\n".utf8))
                throw ExitCode(1)
            }
        } else {
            print(chart, terminator: "")
        }
    }
}
