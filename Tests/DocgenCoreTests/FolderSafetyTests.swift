import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// docgen runs in folders it does not own: it replaces only what it wrote, follows no link out of the
/// content folder, and publishes nothing but content. One test per way this went wrong before.
@Suite struct FolderSafetyTests {
    static let page = "---\ntitle: Home\n---\nHello.\n"

    /// Builds `site` into `output` (a path of the caller's choosing), naming the folders as a user would.
    func build(_ site: TestSite, output: String, content: String? = nil, force: Bool = false, linkWarnings: Bool = false) -> [String] {
        var options = BuildOptions(contentDirectory: content ?? site.content.path, outputDirectory: output)
        options.contentDisplayName = "Content"
        options.replacesAnyOutput = force
        options.brokenLinksAreWarnings = linkWarnings
        do {
            _ = try SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry).build(options)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func symlink(_ link: URL, to target: String) throws {
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }

    // MARK: The output folder

    @Test func refusesAFolderOfSomeoneElsesFiles() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let theirs = site.directory.appendingPathComponent("Theirs")
        try write("keep me\n", to: theirs.appendingPathComponent("notes.txt"))
        try write("secret\n", to: theirs.appendingPathComponent(".env"))
        let errors = build(site, output: theirs.path)
        #expect(
            errors == [
                "\(theirs.path): error: the output folder holds files docgen did not write (such as '.env'), and docgen replaces the whole folder; choose an empty or new folder, or pass --force to replace it anyway"
            ])
        #expect(listFiles(theirs) == [".env", "notes.txt"])
        #expect(try String(contentsOf: theirs.appendingPathComponent(".env"), encoding: .utf8) == "secret\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // --force says the user means it.
        #expect(build(site, output: theirs.path, force: true) == [])
        #expect(listFiles(theirs).contains("index.html") && !listFiles(theirs).contains("notes.txt"))
    }

    @Test func replacesItsOwnOutputButNotAFileAddedToIt() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        #expect(build(site, output: site.output.path) == [])
        let manifest = try String(contentsOf: site.output.appendingPathComponent(".docgen-manifest"), encoding: .utf8)
        #expect(manifest.contains("\nindex.html\n") && manifest.contains("\nassets/style.css\n"))
        #expect(build(site, output: site.output.path) == [], "docgen's own output is replaced")
        try write("mine\n", to: site.output.appendingPathComponent("CNAME"))
        #expect(build(site, output: site.output.path).first?.contains("files docgen did not write (such as 'CNAME')") == true)
        #expect(try String(contentsOf: site.output.appendingPathComponent("CNAME"), encoding: .utf8) == "mine\n")
    }

    @Test func refusesARegularFile() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let file = site.directory.appendingPathComponent("report.pdf")
        try write("%PDF\n", to: file)
        #expect(
            build(site, output: file.path) == [
                "\(file.path): error: the output path is a file, not a folder; docgen replaces the output folder as a whole, so name a folder"
            ])
        #expect(try String(contentsOf: file, encoding: .utf8) == "%PDF\n")
    }

    @Test func refusesAnEmptyOutputName() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        #expect(build(site, output: "") == ["--output: error: the output folder is empty; name a folder such as Output"])
    }

    @Test(arguments: ["/", "home", "current"])
    func refusesFoldersThatAreNotItsOwn(_ which: String) throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let output: String
        switch which {
        case "home": output = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        case "current": output = FileManager.default.currentDirectoryPath
        default: output = "/"
        }
        let errors = build(site, output: output)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("must not be '/', the home folder or the current folder") == true, "\(errors)")
    }

    /// `--content p/alias/Content --output p/proj` with `p/alias` → `p/proj`: the texts differ, the folders nest.
    @Test func comparesFoldersAfterResolvingLinks() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let project = site.directory
        let alias = site.directory.deletingLastPathComponent().appendingPathComponent("alias-\(UUID().uuidString)")
        try symlink(alias, to: project.path)
        defer { try? FileManager.default.removeItem(at: alias) }
        let errors = build(site, output: project.path, content: alias.appendingPathComponent("Content").path)
        #expect(errors.first?.contains("must not contain each other") == true, "\(errors)")
        #expect(FileManager.default.fileExists(atPath: site.content.appendingPathComponent("index.md").path), "nothing was deleted")
    }

    @Test func refusesAnOutputReachingIntoContentThroughALink() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let link = site.directory.appendingPathComponent("link")
        try symlink(link, to: site.content.path)
        let errors = build(site, output: link.appendingPathComponent("Out").path)
        #expect(errors.first?.contains("must not contain each other") == true, "\(errors)")
        #expect(listFiles(site.content) == ["index.md", "site.yml"])
    }

    @Test func refusesAnOutputThatIsALink() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        let real = site.directory.appendingPathComponent("Real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try symlink(site.output, to: real.path)
        #expect(build(site, output: site.output.path).first?.contains("the output folder is a symbolic link") == true)
    }

    // MARK: What is published

    @Test(arguments: ["/proc/self/environ", "/etc/hostname", "/etc"])
    func refusesLinksOutOfTheContentFolder(_ target: String) throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        try symlink(site.content.appendingPathComponent("leak"), to: target)
        let real = ContentScanner.realPath(target) ?? target
        #expect(
            build(site, output: site.output.path) == [
                "Content/leak: error: symbolic link to '\(real)', outside the content folder; docgen publishes only what is inside it (copy the file in instead)"
            ])
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func followsLinksThatStayInside() throws {
        let site = try TestSite(["index.md": Self.page, "images/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"])
        defer { site.remove() }
        try symlink(site.content.appendingPathComponent("logo.svg"), to: "images/logo.svg")
        #expect(build(site, output: site.output.path) == [])
        #expect(listFiles(site.output).contains("logo.svg"))
    }

    @Test func refusesPipesAndOtherSpecialFiles() throws {
        let site = try TestSite(["index.md": Self.page])
        defer { site.remove() }
        #expect(mkfifo(site.content.appendingPathComponent("pipe").path, 0o644) == 0)
        #expect(
            build(site, output: site.output.path) == [
                "Content/pipe: error: not a regular file or folder (a pipe, socket or device); docgen publishes only files"
            ])
    }

    @Test func narrowsPermissionsNeverWidens() throws {
        let site = try TestSite(["index.md": Self.page, "private.txt": "only me\n", "shared.txt": "anyone\n"])
        defer { site.remove() }
        chmod(site.content.appendingPathComponent("private.txt").path, 0o600)
        chmod(site.content.appendingPathComponent("shared.txt").path, 0o777)
        #expect(build(site, output: site.output.path) == [])
        func mode(_ name: String) -> mode_t {
            var status = stat()
            stat(site.output.appendingPathComponent(name).path, &status)
            return mode_t(status.st_mode) & 0o777
        }
        #expect(mode("private.txt") == 0o600)
        #expect(mode("shared.txt") == 0o644)
    }

    // MARK: Names the file system refuses, found before writing

    @Test func nameTooLongIsFoundByCheck() throws {
        let name = String(repeating: "a", count: 252) + ".md"
        let site = try TestSite(["index.md": Self.page, name: "---\ntitle: Long\n---\n"])
        defer { site.remove() }
        let checked = site.build(writes: false)
        guard case .failure(let failure) = checked else {
            Issue.record("check passed a page whose output name is too long")
            return
        }
        #expect(
            failure.diagnostics.map(\.description) == [
                "Content/\(name): error: the output name '\(String(repeating: "a", count: 40))…' is 257 bytes long; file systems allow 255, so shorten it"
            ])
    }

    @Test func fileWhereAFolderIsNeeded() throws {
        let site = try TestSite(["index.md": Self.page, "foo.md": "---\ntitle: Foo\n---\n", "foo.html/index.md": "---\ntitle: Inner\n---\n"])
        defer { site.remove() }
        guard case .failure(let failure) = site.build(writes: false) else {
            Issue.record("check passed a file/folder clash")
            return
        }
        #expect(
            failure.diagnostics.map(\.description) == [
                "Content/foo.html/index.md: error: 'foo.html/index.md' needs a folder Output/foo.html/, but 'foo.md' is written as the file Output/foo.html; rename one of them"
            ])
    }

    @Test func writeErrorsCarryTheSystemsReason() {
        #expect(ContentScanner.reason(FileWriteError(code: ENOSPC)) == "No space left on device")
        #expect(ContentScanner.reason(FileWriteError(code: ENAMETOOLONG)) == "File name too long")
    }

    // MARK: Flags narrow only what they name

    @Test func warnBrokenLinksKeepsOfflineGuarantees() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n![x](https://cdn.example/x.png) [gone](gone.md) [root](/index.html)\n"])
        defer { site.remove() }
        let errors = build(site, output: site.output.path, linkWarnings: true)
        #expect(
            errors == [
                "Content/index.md:4:1: error: image 'https://cdn.example/x.png' would load from the network; copy the file into the content folder and link to it relatively",
                "Content/index.md:4:33: warning: link to 'gone.md': no page 'gone.md' in the content folder",
                "Content/index.md:4:49: error: link to '/index.html' starts with '/', which breaks when the site is opened from disk or served under a sub-path; use a relative path",
            ])
    }

    // MARK: Size of what is written grows linearly with pages

    @Test func navigationStaysSmallInAHugeSection() throws {
        var files = ["index.md": Self.page]
        for number in 0..<400 { files[String(format: "pages/p%04d.md", number)] = "---\ntitle: Page \(number)\n---\n" }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(build(site, output: site.output.path) == [])
        func links(in page: String) throws -> Int {
            let html = try #require(site.text(page))
            guard let start = html.range(of: "<nav class=\"sidebar\""), let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex)
            else { return -1 }
            return html[start.lowerBound..<end.lowerBound].components(separatedBy: "<a ").count - 1
        }
        let first = try links(in: "pages/p0000.html")
        let middle = try links(in: "pages/p0200.html")
        // Home, the section, its first 10 entries, 10 either side of the page, and "N more".
        #expect(first <= 2 + 10 + 11 + 1, "\(first) links")
        #expect(middle <= 2 + 10 + 21 + 1, "\(middle) links")
        let html = try #require(site.text("pages/p0200.html"))
        #expect(html.contains("aria-current=\"page\">Page 200</a>"))
        #expect(html.contains("class=\"more-link\""))
    }

    // MARK: A killed build

    @Test func aPreviousOutputLeftAsideIsPutBackNeverDeleted() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\norder: first\n---\n"])
        defer { site.remove() }
        // What a build killed between its two renames leaves: no Output, the old one beside it.
        let aside = site.directory.appendingPathComponent(".Output.docgen-old")
        try write("previous\n", to: aside.appendingPathComponent("index.html"))
        try write("# docgen manifest\nindex.html\n", to: aside.appendingPathComponent(".docgen-manifest"))
        let errors = build(site, output: site.output.path)
        #expect(errors == ["Content/index.md:3:8: error: 'order' must be an integer, not a string"])
        #expect(FileManager.default.fileExists(atPath: aside.appendingPathComponent("index.html").path), "a failed build deletes nothing")
        // A build that gets as far as writing puts the previous site back first, even if it then fails.
        try write("---\ntitle: Home\n---\n[x](missing.md)\n", to: site.content.appendingPathComponent("index.md"))
        #expect(build(site, output: site.output.path).count == 1)
        #expect(site.text("index.html") == "previous\n", "the only copy of the previous site is back in place")
        #expect(!FileManager.default.fileExists(atPath: aside.path))
    }
}
