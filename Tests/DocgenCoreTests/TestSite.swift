import Foundation
import SiteTemplates

@testable import DocgenCore

/// A content folder written into a fresh temporary directory, built with the default theme.
struct TestSite {
    let directory: URL
    var content: URL { directory.appendingPathComponent("Content") }
    var output: URL { directory.appendingPathComponent("Output") }

    /// `files` maps paths relative to the content folder to their text. `site.yml` gets a title
    /// unless `files` gives one.
    init(_ files: [String: String], addSettings: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var all = files
        if addSettings && all["site.yml"] == nil { all["site.yml"] = "title: Test site\n" }
        for (path, text) in all {
            try write(Data(text.utf8), to: path)
        }
    }

    func write(_ data: Data, to path: String) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Builds with messages naming the content folder `Content`, as a user running in `directory` sees them.
    func build(strict: Bool = false, drafts: Bool = false, linkWarnings: Bool = false, writes: Bool = true) -> Result<BuildReport, BuildFailure> {
        var options = BuildOptions(contentDirectory: "Content", outputDirectory: output.path)
        options.isStrict = strict
        options.includesDrafts = drafts
        options.brokenLinksAreWarnings = linkWarnings
        options.writesOutput = writes
        return FileManager.default.withCurrentDirectory(directory) {
            Result { () throws(BuildFailure) in try SiteBuilder(theme: DefaultTheme()).build(options) }
        }
    }

    /// The error lines of a failed build, or `[]` when it succeeded.
    func errors(strict: Bool = false) -> [String] {
        switch build(strict: strict) {
        case .success: return []
        case .failure(let failure): return failure.diagnostics.map(\.description)
        }
    }

    func text(_ outputPath: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(outputPath), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Every file under `root`, relative paths, sorted.
func listFiles(_ root: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}

private let currentDirectoryLock = NSLock()

extension FileManager {
    /// Runs `body` with the process's current directory set to `directory` (tests run in parallel, so serialised).
    func withCurrentDirectory<T>(_ directory: URL, _ body: () -> T) -> T {
        currentDirectoryLock.lock()
        defer { currentDirectoryLock.unlock() }
        let previous = currentDirectoryPath
        changeCurrentDirectoryPath(directory.path)
        defer { changeCurrentDirectoryPath(previous) }
        return body()
    }
}
