import Foundation
import Testing

/// docgen as someone installs it: a binary copied anywhere, used on any folder, starting a site with `init`.
@Suite struct InstallTests {
    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Every file under `root`, relative paths, sorted.
    static func files(under root: URL) -> [String] {
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

    /// The binary alone, copied into an empty folder, builds the guide elsewhere: its theme and widget
    /// assets are compiled in, so it finds nothing through the build folder.
    @Test func aCopiedBinaryBuildsTheGuideFromAnEmptyFolderElsewhere() throws {
        let bin = try Self.temporaryFolder("bin")
        let work = try Self.temporaryFolder("work")
        defer {
            try? FileManager.default.removeItem(at: bin)
            try? FileManager.default.removeItem(at: work)
        }
        let copied = bin.appendingPathComponent("docgen")
        try FileManager.default.copyItem(at: DocgenProcess.executable, to: copied)
        #expect(Self.files(under: bin) == ["docgen"])
        try FileManager.default.copyItem(
            at: DocgenProcess.packageRoot.appendingPathComponent("Content"), to: work.appendingPathComponent("Content"))

        let outcome = try DocgenProcess.run(["build"], in: work, executable: copied)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Same bytes as the committed site, assets included.
        let committed = DocgenProcess.packageRoot.appendingPathComponent("Output")
        let built = work.appendingPathComponent("Output")
        #expect(Self.files(under: built) == Self.files(under: committed))
        for path in Self.files(under: committed) where path.hasPrefix("assets/") {
            #expect(
                FileManager.default.contents(atPath: built.appendingPathComponent(path).path)
                    == FileManager.default.contents(atPath: committed.appendingPathComponent(path).path), "\(path) differs")
        }
    }

    @Test func initStartsASiteThatBuilds() throws {
        let folder = try Self.temporaryFolder("init")
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = folder.appendingPathComponent("my-project")
        let created = try DocgenProcess.run(["init", "my-project"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(Self.files(under: project) == ["Content/index.md", "Content/site.yml"])
        let settings = try String(contentsOf: project.appendingPathComponent("Content/site.yml"), encoding: .utf8)
        #expect(settings.contains("title: \"My project\"\n"))

        let built = try DocgenProcess.run(["build"], in: project)
        #expect(built.status == 0, "\(built.stderr)")
        let home = try String(contentsOf: project.appendingPathComponent("Output/index.html"), encoding: .utf8)
        #expect(home.contains("<h1>My project</h1>"))
    }

    @Test func initOverwritesNothing() throws {
        let folder = try Self.temporaryFolder("init-again")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("Content/index.md"))

        let outcome = try DocgenProcess.run(["init"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "Content/index.md: error: already exists; docgen init writes nothing over existing files\n")
        #expect(Self.files(under: folder) == ["Content/index.md"], "nothing else was written")
        #expect(try String(contentsOf: folder.appendingPathComponent("Content/index.md"), encoding: .utf8) == "mine\n")
    }
}
