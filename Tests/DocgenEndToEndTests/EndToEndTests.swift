import Foundation
import Testing

/// Runs the built `docgen` as a user would and checks exit codes, messages and files.
@Suite struct EndToEndTests {
    static func makeSite(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-e2e-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }

    static let minimalSite = ["Content/site.yml": "title: Mini\n", "Content/index.md": "---\ntitle: Home\n---\nHello.\n"]

    @Test func versionNamesDocgenAndLibcmark() throws {
        let outcome = try DocgenProcess.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("docgen "))
        #expect(outcome.stdout.contains("(libcmark 0."))
    }

    @Test func helpListsTheSubcommands() throws {
        let outcome = try DocgenProcess.run(["--help"])
        #expect(outcome.status == 0)
        for command in ["build", "check", "address", "request-email"] {
            #expect(outcome.stdout.contains(command), "help does not mention \(command)")
        }
    }

    @Test func usageErrorsExitWith64() throws {
        let outcome = try DocgenProcess.run(["build", "--no-such-option"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--no-such-option"))
    }

    @Test func noArgumentsBuildsContentIntoOutput() throws {
        let site = try Self.makeSite(Self.minimalSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let outcome = try DocgenProcess.run([], in: site)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            outcome.stdout.range(
                of: #"^Built 1 page, \d+ assets into Output/, search index \d+ KB in \d+ files, 0 warnings in \d+\.\d\d s\n$"#,
                options: .regularExpression) != nil,
            "\(outcome.stdout)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/index.html").path))
        let quiet = try DocgenProcess.run(["--quiet"], in: site)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    }

    @Test func buildErrorsExitWith1AndKeepOutput() throws {
        var files = Self.minimalSite
        files["Content/index.md"] = "---\ntitle: Home\norder: first\n---\n"
        files["Output/index.html"] = "previous"
        let site = try Self.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        let outcome = try DocgenProcess.run(["build"], in: site)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("Content/index.md:3:8: error: 'order' must be an integer, not a string\n"), "\(outcome.stderr)")
        #expect(try String(contentsOf: site.appendingPathComponent("Output/index.html"), encoding: .utf8) == "previous")
    }

    @Test func removedPagesDoNotSurviveARebuild() throws {
        var files = Self.minimalSite
        files["Content/old.md"] = "---\ntitle: Old\n---\n"
        let site = try Self.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        #expect(try DocgenProcess.run([], in: site).status == 0)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/old.html").path))
        try FileManager.default.removeItem(at: site.appendingPathComponent("Content/old.md"))
        #expect(try DocgenProcess.run([], in: site).status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/old.html").path))
    }

    @Test func checkWritesNothing() throws {
        var files = Self.minimalSite
        files["Content/index.md"] = "---\ntitle: Home\n---\n[broken](nowhere.md#x)\n"
        let site = try Self.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        let outcome = try DocgenProcess.run(["check"], in: site)
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.hasPrefix("Content/index.md:4:1: error: link to 'nowhere.md#x': no page 'nowhere.md' in the content folder\n"),
            "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output").path))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        var files = Self.minimalSite
        files["Content/index.md"] = "---\ntitle: Home\n---\n![](a.svg)\n"
        files["Content/a.svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        let site = try Self.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        let relaxed = try DocgenProcess.run([], in: site)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: image 'a.svg' has no alt text"))
        #expect(try DocgenProcess.run(["--strict"], in: site).status == 1)
    }

    /// `Output/` is committed; it must be exactly what the current code makes of `Content/`.
    @Test func committedOutputEqualsAFreshBuild() throws {
        let root = DocgenProcess.packageRoot
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-fresh-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: fresh)
            for cache in ["cache", "cache-pages", "cache-print", "cache-search"] {
                try? FileManager.default.removeItem(
                    at: URL(fileURLWithPath: fresh.deletingLastPathComponent().path + "/.\(fresh.lastPathComponent).docgen-\(cache)"))
            }
        }
        let outcome = try DocgenProcess.run(["build", "--quiet", "--clean", "--content", "Content", "--output", fresh.path], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let committed = root.appendingPathComponent("Output")
        let freshFiles = Self.files(in: fresh)
        let committedFiles = Self.files(in: committed)
        #expect(freshFiles == committedFiles, "Output/ is stale: run `swift run docgen` and commit Output/")
        let differing = freshFiles.filter {
            !FileManager.default.contentsEqual(atPath: fresh.appendingPathComponent($0).path, andPath: committed.appendingPathComponent($0).path)
        }
        #expect(differing.isEmpty, "these files differ from a fresh build: \(differing); run `swift run docgen` and commit Output/")
    }

    /// By default the output checker re-reads one page per layout (raw HTML is off and the link
    /// resolver checked every Markdown URL); `--paranoid` re-reads every page and must find nothing more.
    @Test func theGuidePassesTheOutputCheckerOnEveryPage() throws {
        let root = DocgenProcess.packageRoot
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-paranoid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paranoid = try DocgenProcess.run(
            ["build", "--paranoid", "--clean", "--content", "Content", "--output", folder.appendingPathComponent("Output").path], in: root)
        #expect(paranoid.status == 0, "\(paranoid.stderr)")
        #expect(paranoid.stderr.isEmpty, "\(paranoid.stderr)")
        let check = try DocgenProcess.run(["check", "--paranoid", "--content", "Content"], in: root)
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")
    }

    static func files(in root: URL) -> [String] {
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
}
