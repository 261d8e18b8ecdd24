// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for scimd (docs/fuzzing.md). A package of its own so that the main package's
// `swift build` and `swift test` never see them: build it with scripts/fuzz.sh, which passes
// `--sanitize fuzzer --sanitize address` and the build path `.build-fuzz`.
let package = Package(
    name: "scimd-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "scimd", path: "..")
    ],
    targets: [
        // One libFuzzer binary holding every target: `scimd-fuzz json|filter|path|patch [libFuzzer flags]`.
        // With `--sanitize fuzzer` SwiftPM compiles it as a library and libFuzzer supplies `main`.
        .executableTarget(
            name: "scimd-fuzz",
            dependencies: [
                .product(name: "SCIM", package: "scimd"),
                .product(name: "Store", package: "scimd"),
            ],
            path: "Sources/ScimdFuzz"
        ),
    ]
)
