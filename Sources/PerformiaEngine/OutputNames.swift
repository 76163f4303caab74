import Foundation

/// Output names for input files: the file name without its extension, or — when two inputs
/// share that name (e.g. many `mix.wav`) — the name of the folder holding each file. Used by
/// `performia analyze --export` and `performia-eval causal --export`.
public enum OutputNames {
    public static func make(for paths: [String]) -> [String] {
        let stems = paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        var seen: [String: Int] = [:]
        for s in stems { seen[s, default: 0] += 1 }
        return zip(paths, stems).map { path, stem in
            guard seen[stem]! > 1 else { return stem }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            return folder.isEmpty ? stem : folder
        }
    }
}
