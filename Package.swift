// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "docgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docgen", targets: ["docgen"]),
        .library(name: "DocgenCore", targets: ["DocgenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // libcmark, the CommonMark reference implementation, found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // The whole pipeline: content loading, Markdown, checking, widgets, site assembly.
        .target(
            name: "DocgenCore",
            dependencies: ["CCmark", "Yams"],
            resources: [.copy("Resources/widgets")]
        ),
        // The site's look: templates written in Swift, plus the CSS and scripts they use.
        .target(
            name: "SiteTemplates",
            dependencies: ["DocgenCore"],
            path: "Templates",
            resources: [.copy("assets")]
        ),
        .executableTarget(
            name: "docgen",
            dependencies: [
                "DocgenCore",
                "SiteTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DocgenCoreTests",
            dependencies: ["DocgenCore", "SiteTemplates"],
            exclude: ["Goldens", "Vectors", "FuzzFindings"]
        ),
        .testTarget(
            name: "DocgenEndToEndTests",
            dependencies: ["DocgenCore"],
            exclude: ["Fixtures"]
        ),
    ]
)

// libFuzzer targets, declared only for `Tests/Fuzz/run.sh` (which sets DOCGEN_FUZZ=1 and builds with
// `--sanitize=fuzzer`): libFuzzer supplies `main`, so a plain build could not link them.
if Context.environment["DOCGEN_FUZZ"] == "1" {
    for name in ["FuzzYAML", "FuzzOutputChecker", "FuzzAddress", "FuzzRequest", "FuzzMarkdown"] {
        package.targets.append(
            .executableTarget(
                name: name,
                dependencies: ["DocgenCore", .product(name: "Yams", package: "Yams")],
                path: "Tests/Fuzz/\(name)",
                // No top-level `main`: libFuzzer's takes its place.
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            ))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
