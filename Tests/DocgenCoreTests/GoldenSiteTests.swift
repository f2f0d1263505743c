import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// Builds each folder in `Goldens/` and compares every generated file (theme and widget assets aside)
/// with `Goldens/<name>/Output`. Re-record with `DOCGEN_RECORD_GOLDENS=1 swift test`; recording
/// fails the test so a recorded run is never mistaken for a passing one.
@Suite struct GoldenSiteTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static let recording = ProcessInfo.processInfo.environment["DOCGEN_RECORD_GOLDENS"] != nil

    @Test(arguments: ["three-sections", "base-url", "github-markdown", "github-tree"])
    func golden(_ name: String) throws {
        let folder = Self.goldens.appendingPathComponent(name)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-golden-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = try Self.build(folder, into: output)
        // three-sections shows that raw HTML is left out by default, and says so.
        // github-tree has no site.yml, as many GitHub trees do, and says so.
        let expectedWarnings: [String] =
            switch name {
            case "three-sections":
                ["Content/index.md:10:40: warning: raw HTML is left out of this page (first here); set 'raw-html: true' in site.yml to keep it"]
            case "github-tree":
                ["Content/site.yml: note: no site settings file; using defaults (title 'Content'); create it to set the title and more"]
            default: []
            }
        #expect(report.warnings.map(\.description) == expectedWarnings)

        let expected = folder.appendingPathComponent("Output")
        let produced = listFiles(output).filter { !$0.hasPrefix("assets/") }
        if Self.recording {
            try? FileManager.default.removeItem(at: expected)
            for path in produced {
                let destination = expected.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: output.appendingPathComponent(path), to: destination)
            }
            Issue.record("Recorded \(produced.count) golden files for '\(name)'; run again without DOCGEN_RECORD_GOLDENS.")
            return
        }
        #expect(produced == listFiles(expected), "the set of generated files differs from the golden one")
        for path in produced {
            let actual = try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
            let golden = try? String(contentsOf: expected.appendingPathComponent(path), encoding: .utf8)
            #expect(actual == golden, "\(name)/\(path) differs from its golden file")
        }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/style.css").path))
    }

    @Test func buildsAreByteIdentical() throws {
        let folder = Self.goldens.appendingPathComponent("three-sections")
        var listings: [[String: Data]] = []
        for _ in 0..<2 {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-repeat-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: output) }
            _ = try Self.build(folder, into: output)
            var files: [String: Data] = [:]
            for path in listFiles(output) { files[path] = try Data(contentsOf: output.appendingPathComponent(path)) }
            listings.append(files)
        }
        #expect(listings[0] == listings[1])
    }

    /// Builds `folder/Content` with messages naming it `Content`.
    static func build(_ folder: URL, into output: URL) throws(BuildFailure) -> BuildReport {
        var options = BuildOptions(contentDirectory: folder.appendingPathComponent("Content").path, outputDirectory: output.path)
        options.contentDisplayName = "Content"
        return try SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry).build(options)
    }
}
