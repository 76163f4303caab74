import Foundation

/// Where the shipped resources live (styles, the harmony model, the learned models):
/// `$PERFORMIA_RESOURCES`, else `Resources/` of the package this binary was built in (walking up
/// from the executable), else `Resources/` of the current directory.
public enum ResourceFolder {
    public static func url() -> URL {
        if let custom = ProcessInfo.processInfo.environment["PERFORMIA_RESOURCES"] { return URL(fileURLWithPath: custom) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Resources/styles")
            if FileManager.default.fileExists(atPath: candidate.path) { return dir.appendingPathComponent("Resources") }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Resources")
    }

    /// The path of a resource, e.g. `models/beat-tcn.pfnn`.
    public static func path(_ relative: String) -> String {
        url().appendingPathComponent(relative).path
    }
}
