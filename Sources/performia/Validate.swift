import ArgumentParser
import Foundation
import PerformiaEngine

/// `performia validate FILE.songmap.json…`: checks Song Maps against performia.songmap/3 (or /2, /1).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check Song Map JSON files against performia.songmap/3 (or /2, /1).")

    @Argument(help: "Song Map JSON files.")
    var files: [String]

    func run() throws {
        var failures = 0
        for file in files {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                _ = try SongMapValidator.validate(json: data)
                print("\(file): valid \(SongMap.schemaIdentifier)")
            } catch let failure as SongMapValidator.Failure {
                failures += 1
                FileHandle.standardError.write(Data("performia: error: \(file): \(failure.description)\n".utf8))
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("performia: error: \(file): \(error.localizedDescription)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
