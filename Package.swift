// swift-tools-version: 6.1
import PackageDescription

/// Targets follow docs/architecture.md: dependencies point down only.
/// PerformiaCore, PerformiaMusic, PerformiaDSP, PerformiaNeural, PerformiaAnalysis, PerformiaSeparation and PerformiaBand are the portable core: no Foundation,
/// no existentials on the processing path; `scripts/build-wasm` compiles them as Embedded
/// Swift for wasm32.
/// The inference kernels optimised in debug builds too: unoptimised SIMD code runs the separation
/// model ~50× slower, which would make the test suite (a debug build) minutes longer.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Performia",
    products: [
        .executable(name: "performia", targets: ["performia"]),
        .executable(name: "performia-eval", targets: ["performia-eval"]),
        .library(name: "PerformiaEngine", targets: ["PerformiaEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CKissFFT",
                       providers: [.apt(["libkissfft-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate",
                       providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CJack", pkgConfig: "jack",
                       providers: [.apt(["libjack-jackd2-dev"])]),
        .systemLibrary(name: "CFluidSynth", pkgConfig: "fluidsynth",
                       providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CPocketSphinx", pkgConfig: "pocketsphinx",
                       providers: [.apt(["libpocketsphinx-dev", "libsphinxbase-dev"])]),
        .systemLibrary(name: "CHyphen",
                       providers: [.apt(["libhyphen-dev"])]),
        .target(name: "PerformiaCore"),
        .target(name: "PerformiaMusic"),
        .target(name: "PerformiaDSP", dependencies: [
            "PerformiaCore",
            .target(name: "CKissFFT", condition: .when(platforms: [.linux, .macOS])),
        ]),
        // Neural: the inference runtime of the learned models (Training/ trains them).
        .target(name: "PerformiaNeural", dependencies: ["PerformiaCore"], swiftSettings: optimizedInDebug),
        .target(name: "PerformiaAnalysis", dependencies: ["PerformiaCore", "PerformiaDSP", "PerformiaMusic", "PerformiaNeural"]),
        .target(name: "PerformiaSeparation", dependencies: ["PerformiaCore", "PerformiaDSP", "PerformiaNeural"],
                swiftSettings: optimizedInDebug),
        .target(name: "PerformiaBand", dependencies: ["PerformiaCore", "PerformiaMusic", "PerformiaAnalysis", "PerformiaNeural"]),
        .target(name: "PerformiaIO", dependencies: ["PerformiaCore", "CSndFile", "CSampleRate", "CCrypto"]),
        // Host: the device and file drivers and their threads (native only).
        .target(name: "PerformiaHost", dependencies: ["PerformiaCore", "PerformiaIO", "CJack"]),
        // Synth: FluidSynth and Standard MIDI Files (native only).
        .target(name: "PerformiaSynth", dependencies: ["PerformiaCore", "PerformiaMusic", "PerformiaBand", "PerformiaIO", "CFluidSynth"]),
        // Lyrics: pronunciations (CMUdict via Festival and pocketsphinx, libhyphen, espeak-ng run as a
        // program), chart lyric sheets, forced alignment with pocketsphinx. Engine side: links C libraries.
        .target(name: "PerformiaLyrics", dependencies: ["PerformiaCore", "PerformiaMusic", "CPocketSphinx", "CHyphen"]),
        .target(name: "PerformiaEngine", dependencies: [
            "PerformiaCore", "PerformiaDSP", "PerformiaMusic", "PerformiaAnalysis", "PerformiaIO", "PerformiaNeural", "PerformiaSeparation",
            "PerformiaLyrics",
        ]),
        // Session: the one door the apps use for a live session (input, rehearsed song, direction,
        // outputs, events, report).
        .target(name: "PerformiaSession", dependencies: [
            "PerformiaCore", "PerformiaMusic", "PerformiaAnalysis", "PerformiaBand", "PerformiaIO", "PerformiaEngine",
            "PerformiaHost", "PerformiaSynth", "PerformiaNeural", "PerformiaSeparation",
        ]),
        .executableTarget(name: "performia", dependencies: [
            "PerformiaEngine", "PerformiaSession", "PerformiaBand", "PerformiaMusic", "PerformiaNeural",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Evaluation and training exports (docs/benchmarks.md, Training/), not part of the product.
        .executableTarget(name: "performia-eval", dependencies: [
            "PerformiaEngine", "PerformiaAnalysis", "PerformiaIO", "PerformiaNeural", "PerformiaSeparation", "PerformiaBand", "PerformiaMusic",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Test-only support: the thread-local allocation counter and the shared processor verifier.
        .target(name: "CAllocationCounter"),
        .target(name: "PerformiaTestSupport", dependencies: [
            "PerformiaCore", "PerformiaIO", "PerformiaHost", "CAllocationCounter",
        ]),
        // The parsers under fuzzing, shared by the smoke test and the libFuzzer entry (docs/fuzzing.md).
        .target(name: "PerformiaFuzzing", dependencies: ["PerformiaMusic", "PerformiaBand", "PerformiaEngine", "PerformiaIO"]),
        .testTarget(name: "PerformiaCoreTests", dependencies: ["PerformiaCore", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaDSPTests", dependencies: ["PerformiaDSP", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaNeuralTests", dependencies: ["PerformiaNeural", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaMusicTests", dependencies: ["PerformiaMusic", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaAnalysisTests", dependencies: [
            "PerformiaAnalysis", "PerformiaMusic", "PerformiaDSP", "PerformiaNeural", "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaSeparationTests", dependencies: [
            "PerformiaSeparation", "PerformiaNeural", "PerformiaDSP", "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaLyricsTests", dependencies: [
            "PerformiaLyrics", "PerformiaMusic", "PerformiaIO", "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaIOTests", dependencies: ["PerformiaIO", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaEngineTests", dependencies: [
            "PerformiaEngine", "PerformiaMusic", "PerformiaIO", "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaBandTests", dependencies: ["PerformiaBand", "PerformiaMusic", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaHostTests", dependencies: [
            "PerformiaHost", "PerformiaBand", "PerformiaMusic", "PerformiaSynth", "PerformiaIO", "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaSynthTests", dependencies: ["PerformiaSynth", "PerformiaTestSupport"]),
        .testTarget(name: "PerformiaSessionTests", dependencies: [
            "PerformiaSession", "PerformiaEngine", "PerformiaMusic", "PerformiaHost", "PerformiaSynth", "PerformiaBand", "PerformiaIO",
            "PerformiaTestSupport",
        ]),
        .testTarget(name: "PerformiaFuzzingTests", dependencies: ["PerformiaFuzzing"]),
        .testTarget(name: "PerformiaCLITests", dependencies: [
            "performia", "performia-eval", "PerformiaEngine", "PerformiaIO", "PerformiaTestSupport",
        ]),
    ],
    swiftLanguageModes: [.v6]
)

/// `scripts/fuzz` sets PERFORMIA_FUZZ and builds this libFuzzer executable with
/// `-sanitize=fuzzer,address` in `.build-fuzz`; the normal build never sees it.
if Context.environment["PERFORMIA_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzMain", path: "Fuzz/CFuzzMain"),
        .executableTarget(name: "performia-fuzz", dependencies: ["PerformiaFuzzing", "CFuzzMain"], path: "Fuzz/performia-fuzz"),
    ]
}
