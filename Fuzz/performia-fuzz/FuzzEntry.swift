import CFuzzMain  // performia_fuzz_main, the process entry (see FuzzMain.c)
import Foundation
import PerformiaFuzzing

// The libFuzzer callbacks of `performia-fuzz`, built only by `scripts/fuzz` (with
// `-sanitize=fuzzer,address`). The environment picks the parser: PERFORMIA_FUZZ_TARGET names a
// `FuzzTarget`; when PERFORMIA_FUZZ_SEEDS names a folder, the target's seeds are written there
// before libFuzzer reads its corpus.

nonisolated(unsafe) private var target: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>>>) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    let name = environment["PERFORMIA_FUZZ_TARGET"] ?? ""
    guard let chosen = FuzzTarget.named(name) else {
        FileHandle.standardError.write(Data("performia-fuzz: PERFORMIA_FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    target = chosen
    if let folder = environment["PERFORMIA_FUZZ_SEEDS"] {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (index, seed) in chosen.seeds().enumerated() {
            FileManager.default.createFile(atPath: "\(folder)/seed-\(index)", contents: Data(seed))
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let target else { return 0 }
    let outcome = target.run(Array(UnsafeBufferPointer(start: data, count: size)))
    if let problem = FuzzTarget.problem(with: outcome) { fatalError(problem) }
    return 0
}
