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
            exclude: ["Goldens", "Vectors"]
        ),
        .testTarget(
            name: "DocgenEndToEndTests",
            dependencies: ["DocgenCore"],
            exclude: ["Fixtures"]
        ),
    ]
)
