import Foundation
import PerformiaBand
import PerformiaEngine

/// The band's style files (`Resources/styles/<name>.style`) and the corpus harmony model
/// (`Resources/band/harmony-model.txt`), found next to the executable's package checkout or in
/// `$PERFORMIA_RESOURCES`.
public enum StyleLibrary {
    public enum Failure: Error, CustomStringConvertible {
        case unknownStyle(String, available: [String])
        case unreadable(String, String)
        case invalid(String, String)

        public var description: String {
            switch self {
            case let .unknownStyle(name, available):
                "unknown style '\(name)' (available: \(available.joined(separator: ", ")))"
            case let .unreadable(path, reason): "\(path): cannot read (\(reason))"
            case let .invalid(path, reason): "\(path): \(reason)"
            }
        }
    }

    /// The resources folder (`ResourceFolder`).
    public static func resourcesFolder() -> URL { ResourceFolder.url() }

    /// Style names available, sorted.
    public static func available() -> [String] {
        let folder = resourcesFolder().appendingPathComponent("styles")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".style") }.map { String($0.dropLast(6)) }.sorted()
    }

    public static func style(named name: String) throws(Failure) -> Style {
        let path = resourcesFolder().appendingPathComponent("styles/\(name).style").path
        guard FileManager.default.fileExists(atPath: path) else { throw .unknownStyle(name, available: available()) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable(path, error.localizedDescription) }
        do { return try StyleParser.parse(text) } catch { throw .invalid(path, error.description) }
    }

    public static func harmonyModel() throws(Failure) -> HarmonyModel {
        let path = resourcesFolder().appendingPathComponent("band/harmony-model.txt").path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable(path, error.localizedDescription) }
        do { return try HarmonyModel(parsing: text) } catch { throw .invalid(path, error.description) }
    }
}
