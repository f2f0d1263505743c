// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "docgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docgen", targets: ["docgen"]),
        .library(name: "DocgenCore", targets: ["DocgenCore"]),
        .library(name: "FederationWidgets", targets: ["FederationWidgets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        // libcmark, the CommonMark reference implementation, found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // The few system calls Swift cannot make itself (an atomic exchange of two folders).
        .target(name: "CFileSystem"),
        // The generator: settings, scanning, Markdown, rendering, checking, writing. Knows no widget.
        .target(
            name: "DocgenCore",
            dependencies: ["CCmark", "CFileSystem", "Yams"]
        ),
        // The Lync–Skype guide's widgets: one folder per widget (rules, markup, script, stylesheet).
        .target(
            name: "FederationWidgets",
            dependencies: ["DocgenCore", "Yams"],
            plugins: ["EmbedAssets"]
        ),
        // The site's look: templates written in Swift, plus the CSS and scripts they use.
        .target(
            name: "SiteTemplates",
            dependencies: ["DocgenCore"],
            path: "Templates",
            plugins: ["EmbedAssets"]
        ),
        // `docgen serve`: the preview server, file watcher and live reload. Keeps the HTTP library out of DocgenCore.
        .target(
            name: "DocgenServe",
            dependencies: [
                "DocgenCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "docgen",
            dependencies: [
                "DocgenCore",
                "DocgenServe",
                "FederationWidgets",
                "SiteTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Compiles asset files into the binary, so a copied docgen needs nothing beside it.
        .plugin(
            name: "EmbedAssets",
            capability: .buildTool(),
            dependencies: ["embed-assets"],
            path: "Sources/EmbedAssetsPlugin"
        ),
        .executableTarget(name: "embed-assets"),
        .testTarget(
            name: "DocgenCoreTests",
            dependencies: ["DocgenCore", "SiteTemplates", .product(name: "Yams", package: "Yams")],
            exclude: ["Goldens", "FuzzFindings"]
        ),
        .testTarget(
            name: "FederationWidgetsTests",
            dependencies: ["FederationWidgets", "DocgenCore"],
            exclude: ["Vectors"]
        ),
        .testTarget(
            name: "DocgenEndToEndTests",
            dependencies: ["DocgenCore"]
        ),
    ]
)

// libFuzzer targets, declared only for `Tests/Fuzz/run.sh` (which sets DOCGEN_FUZZ=1 and builds with
// `--sanitize=fuzzer`): libFuzzer supplies `main`, so a plain build could not link them.
if Context.environment["DOCGEN_FUZZ"] == "1" {
    // libFuzzer's `main` is linked into every executable of a fuzz build, the asset tool too, so the
    // widgets go without their compiled-in assets there (the fuzzers test their rules, not their files).
    // The package is then only the libraries the fuzzers need: no other executable, plugin or test.
    let kept: Set<String> = ["CCmark", "CFileSystem", "DocgenCore", "FederationWidgets"]
    package.targets.removeAll { !kept.contains($0.name) }
    package.products.removeAll()
    if let widgets = package.targets.first(where: { $0.name == "FederationWidgets" }) {
        widgets.plugins = []
        widgets.swiftSettings = [.define("DOCGEN_NO_EMBEDDED_ASSETS")]
        widgets.exclude = [
            "AddressConverter/address-converter.js", "AddressConverter/address-converter.css",
            "RequestEmail/request-email.js", "RequestEmail/request-email.css",
        ]
    }
    for name in ["FuzzYAML", "FuzzOutputChecker", "FuzzAddress", "FuzzRequest", "FuzzMarkdown"] {
        package.targets.append(
            .executableTarget(
                name: name,
                dependencies: ["DocgenCore", "FederationWidgets", .product(name: "Yams", package: "Yams")],
                path: "Tests/Fuzz/\(name)",
                // No top-level `main`: libFuzzer's takes its place.
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            ))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
