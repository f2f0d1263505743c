import Foundation
import Testing

/// A few hundred bytes of nested YAML aliases, through every command that reads YAML: each refuses them
/// with the position of the first anchor, and exits at once.
@Suite struct YAMLAliasCommandTests {
    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-yaml-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func frontMatter() throws {
        let root = try folder(["Content/site.yml": "title: T\n", "Content/index.md": "---\ntitle: Home\n" + Self.billionLaughs + "---\nHi.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try DocgenProcess.run(["build", "--quiet"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "Content/index.md:3:4: error: YAML anchors and aliases are not supported\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output").path))
    }

    @Test func siteSettings() throws {
        let root = try folder(["Content/site.yml": "title: T\n" + Self.billionLaughs, "Content/index.md": "---\ntitle: Home\n---\nHi.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try DocgenProcess.run(["build", "--quiet"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "Content/site.yml:2:4: error: YAML anchors and aliases are not supported\n")
    }

    @Test func addressContentFolder() throws {
        let root = try folder(["Content/site.yml": "title: T\n" + Self.billionLaughs])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try DocgenProcess.run(["address", "--content", "Content", "bob@contoso.com"], in: root)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("Content/site.yml:2:4: error: YAML anchors and aliases are not supported"))
    }

    @Test func requestFile() throws {
        let root = try folder(["request.yml": Self.billionLaughs])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try DocgenProcess.run(["request-email", "--from-file", "request.yml"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "request.yml:1:4: error: YAML anchors and aliases are not supported\n")
    }
}
