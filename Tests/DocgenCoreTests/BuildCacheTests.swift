import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// A build that finds nothing changed stops early; after any edit, the output equals a clean build's,
/// byte for byte. Each edit below is one a user makes; after each, the incremental build into
/// `Output` is compared with a clean build of the same content into a folder of its own.
@Suite struct BuildCacheTests {
    static let files = [
        "index.md": "---\ntitle: Home\n---\nSee [setup](setup/dns.md#records) and ![logo](logo.png).\n",
        "setup/index.md": "---\ntitle: Setup\n---\nThe setup section.\n",
        "setup/dns.md": "---\ntitle: DNS\n---\n## Records\n\nAdd the `_sipfederationtls._tcp` record.\n\n## Checks\n\nRun `nslookup`.\n",
        "logo.png": "not really a picture",
    ]

    /// Builds `site` into `output`; the racy window is 0 because these tests edit files within a second.
    func build(_ site: TestSite, into output: URL, clean: Bool = false) throws -> BuildReport {
        var options = BuildOptions(contentDirectory: site.content.path, outputDirectory: output.path)
        options.isClean = clean
        options.racyWindow = 0
        return try SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry).build(options)
    }

    /// Every file under `folder` with its bytes.
    func tree(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in OutputManifest.listFiles(under: folder) {
            result[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
        }
        return result
    }

    func inode(_ url: URL) -> UInt64? { FileStamp.ofLink(url.path)?.inode }

    /// Builds incrementally and cleanly and expects the same files; returns whether the incremental
    /// build found everything up to date.
    func expectSameAsClean(_ site: TestSite, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        try expectSameAsCleanReport(site, step, sourceLocation: sourceLocation).isUpToDate
    }

    /// The same, returning the incremental build's report.
    func expectSameAsCleanReport(_ site: TestSite, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> BuildReport
    {
        let report = try build(site, into: site.output)
        let fresh = site.directory.appendingPathComponent("Fresh-\(UUID().uuidString)")
        _ = try build(site, into: fresh, clean: true)
        defer { try? FileManager.default.removeItem(at: fresh) }
        let incremental = tree(site.output)
        let clean = tree(fresh)
        #expect(incremental.keys.sorted() == clean.keys.sorted(), "after \(step)", sourceLocation: sourceLocation)
        for (path, bytes) in clean where incremental[path] != bytes {
            Issue.record("after \(step): \(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        return report
    }

    @Test func aBuildWithNothingChangedIsUpToDateAndWritesNothing() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(try build(site, into: site.output).isUpToDate == false)
        let before = OutputManifest.listFiles(under: site.output).map { FileStamp.ofLink(site.output.appendingPathComponent($0).path) }
        let report = try build(site, into: site.output)
        #expect(report.isUpToDate)
        #expect(report.pageCount == 3 && report.warnings.isEmpty)
        let after = OutputManifest.listFiles(under: site.output).map { FileStamp.ofLink(site.output.appendingPathComponent($0).path) }
        #expect(before == after)
        // --clean builds anyway.
        #expect(try build(site, into: site.output, clean: true).isUpToDate == false)
    }

    @Test func everyEditGivesWhatACleanBuildGives() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(try expectSameAsClean(site, "the first build") == false)
        #expect(try expectSameAsClean(site, "nothing") == true)

        let edits: [(String, () throws -> Void)] = [
            (
                "editing a page's body",
                { try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd two records.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md") }
            ),
            (
                "changing a title other pages show",
                { try site.write(Data("---\ntitle: Setting up\n---\nThe setup section.\n".utf8), to: "setup/index.md") }
            ),
            ("adding a page", { try site.write(Data("---\ntitle: Firewall\norder: 1\n---\nOpen port 5061.\n".utf8), to: "setup/firewall.md") }),
            (
                "renaming a heading another page links to, with the link",
                {
                    try site.write(Data("---\ntitle: DNS\n---\n## DNS records\n\nAdd two records.\n".utf8), to: "setup/dns.md")
                    try site.write(Data("---\ntitle: Home\n---\nSee [setup](setup/dns.md#dns-records) and ![logo](logo.png).\n".utf8), to: "index.md")
                }
            ),
            ("replacing an asset", { try site.write(Data("another picture".utf8), to: "logo.png") }),
            ("changing the settings", { try site.write(Data("title: Renamed site\n".utf8), to: "site.yml") }),
            ("deleting a page", { try FileManager.default.removeItem(at: site.content.appendingPathComponent("setup/firewall.md")) }),
            ("rewriting a file with the same bytes", { try site.write(Data("another picture".utf8), to: "logo.png") }),
            (
                "changing an output file by hand",
                {
                    try Data("edited by hand".utf8).write(to: site.output.appendingPathComponent("setup/dns.html"))
                }
            ),
            ("deleting an output file", { try FileManager.default.removeItem(at: site.output.appendingPathComponent("index.html")) }),
        ]
        for (step, edit) in edits {
            try edit()
            let report = try expectSameAsCleanReport(site, step)
            #expect(report.isUpToDate == false, "after \(step) the build must not skip")
            // Only edited pages are read again (a new folder page changes which file is a folder's page).
            if step == "changing a title other pages show" || step == "adding a page" {
                #expect(report.pagesRead == 1, "after \(step)")
            }
            #expect(try expectSameAsClean(site, "nothing after \(step)") == true, "a second build after \(step) has nothing to do")
        }
    }

    /// Edits that change nothing other pages show render only the edited pages; any other edit renders
    /// every page. Either way the output is a clean build's.
    @Test func onlyChangedPagesAreRenderedWhenNothingElseDependsOnThem() throws {
        var files = Self.files
        files["setup/search.md"] = "---\ntitle: Search\n---\n## Terms\n\nThe word federation appears here.\n"
        files["404.md"] = "---\ntitle: Not here\n---\nThat page is gone; see [the home page](index.md).\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(try expectSameAsCleanReport(site, "the first build").pagesRendered == nil)
        let dns = "---\ntitle: DNS\n---\n## Records\n\nAdd the `_sipfederationtls._tcp` record.\n\n## Checks\n\n"
        let steps: [(String, [String: String], Int?)] = [
            ("a sentence in a body", ["setup/dns.md": dns + "Run `nslookup` twice.\n"], 1),
            ("the same page again", ["setup/dns.md": dns + "Run `dig` instead; federation needs it.\n"], 1),
            (
                "two bodies at once, one losing the only use of a word",
                [
                    "setup/dns.md": dns + "Run `nslookup`.\n\n| Record | Port |\n|---|---|\n| SRV | 5061 |\n",
                    "setup/search.md": "---\ntitle: Search\n---\n## Terms\n\nNothing special here.\n",
                ],
                2
            ),
            (
                "a link's target only (same words: the search index stays)",
                ["index.md": "---\ntitle: Home\n---\nSee [setup](setup/dns.md#checks) and ![logo](logo.png).\n"], 1
            ),
            (
                "spacing only (the same output)",
                ["index.md": "---\ntitle: Home\n---\nSee [setup](setup/dns.md#checks) and ![logo](logo.png).\n\n\n"], 1
            ),
            ("the not-found page", ["404.md": "---\ntitle: Not here\n---\nGone. Try [the home page](index.md).\n"], 1),
            (
                "a heading's emphasis (search.html lists its words only)",
                ["setup/dns.md": dns.replacingOccurrences(of: "## Checks", with: "## *Checks*") + "Run it.\n"], 1
            ),
            // search.html or the page's own head change: the page and the two pages the output checker
            // reads are rendered (home and first default layout), the rest taken as they were.
            ("a heading's words, same id", ["setup/dns.md": dns.replacingOccurrences(of: "## Checks", with: "## Checks!") + "Run it.\n"], 3),
            (
                "a description", ["setup/dns.md": dns.replacingOccurrences(of: "title: DNS", with: "title: DNS\ndescription: Records") + "Run it.\n"],
                3
            ),
            ("a new heading", ["setup/dns.md": dns + "## More\n\nRun it.\n"], nil),
            ("a page becoming a draft", ["setup/search.md": "---\ntitle: Search\ndraft: true\n---\nHidden.\n"], nil),
            ("a link to a missing heading", ["index.md": "---\ntitle: Home\n---\nSee [setup](setup/dns.md#gone).\n"], nil),
        ]
        // Files a step must leave as they were (same inode and change time): they were not rewritten.
        let untouched: [String: [String]] = [
            "a link's target only (same words: the search index stays)": ["assets/search/manifest.js", "assets/search/terms-0.js", "search.html"],
            "spacing only (the same output)": ["index.html", "print.html", "assets/search/manifest.js"],
        ]
        for (step, edits, rendered) in steps {
            let before = (untouched[step] ?? []).map { FileStamp.ofLink(site.output.appendingPathComponent($0).path) }
            for (path, text) in edits { try site.write(Data(text.utf8), to: path) }
            if step.hasPrefix("a link to a missing") {
                // A broken link fails the build: the output stays as it was, and the next good build is whole.
                #expect(throws: BuildFailure.self) { try build(site, into: site.output) }
                try site.write(Data("---\ntitle: Home\n---\nSee [setup](setup/dns.md#records).\n".utf8), to: "index.md")
            }
            let report = try expectSameAsCleanReport(site, step)
            #expect(report.pagesRendered == rendered, "after \(step)")
            let after = (untouched[step] ?? []).map { FileStamp.ofLink(site.output.appendingPathComponent($0).path) }
            #expect(before == after && !before.contains(nil), "after \(step): \(untouched[step] ?? []) were rewritten")
            #expect(report.isUpToDate == false && report.warnings.isEmpty, "after \(step)")
            #expect(try expectSameAsClean(site, "nothing after \(step)"), "after \(step)")
        }
    }

    /// A title shows in the sidebar of its own section and in its neighbours' previous/next links:
    /// those pages are rendered again, the rest are taken from the last build.
    @Test func aNewTitleRendersThePagesThatShowIt() throws {
        var files: [String: String] = ["index.md": "---\ntitle: Home\n---\nStart at [a](a/index.md) or [b](b/index.md).\n"]
        for section in ["a", "b", "c"] {
            files["\(section)/index.md"] = "---\ntitle: Section \(section)\n---\nPages of \(section).\n"
            for number in 1...4 {
                files["\(section)/p\(number).md"] =
                    "---\ntitle: \(section) page \(number)\norder: \(number)\n---\n## Words\n\nSee [the first](p1.md#words) and [home](../index.md).\n"
            }
        }
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        try site.write(Data("---\ntitle: Renamed page\norder: 2\n---\n## Words\n\nSee [the first](p1.md#words).\n".utf8), to: "b/p2.md")
        let report = try expectSameAsCleanReport(site, "a title in section b")
        // Section b's five pages show the title in their sidebar; no page outside b does. The output
        // checker's two pages (the home page, the first of the default layout) are rendered always.
        #expect(report.pagesRendered == 5 + 2)
        #expect(report.pagesRead == 1)
        // A heading id other pages link to: every page's links may change, so every page renders.
        try site.write(Data("---\ntitle: a page 1\norder: 1\n---\n## Other words\n\nSee [home](../index.md).\n".utf8), to: "a/p1.md")
        for section in ["a", "b", "c"] {
            for number in 2...4 where !(section == "b" && number == 2) {
                try site.write(
                    Data("---\ntitle: \(section) page \(number)\norder: \(number)\n---\n## Words\n\nSee [the first](p1.md).\n".utf8),
                    to: "\(section)/p\(number).md")
            }
        }
        try site.write(Data("---\ntitle: Renamed page\norder: 2\n---\n## Words\n\nSee [the first](p1.md).\n".utf8), to: "b/p2.md")
        #expect(try expectSameAsCleanReport(site, "a heading id others linked to").pagesRendered == nil)
    }

    /// `docgen check` after a body edit checks that page only; with a problem in it, the whole site.
    @Test func checkLooksAtTheChangedPagesOnly() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        let before = tree(site.output)
        var options = BuildOptions(contentDirectory: site.content.path, outputDirectory: site.output.path)
        options.writesOutput = false
        options.racyWindow = 0
        let builder = SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry)
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd it.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        #expect(try builder.build(options).pagesRendered == 1)
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nSee [nothing](gone.md).\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        #expect {
            try builder.build(options)
        } throws: { error in
            (error as? BuildFailure)?.diagnostics.map(\.description).contains { $0.contains("gone.md") } == true
        }
        #expect(tree(site.output) == before, "check writes nothing")
    }

    @Test func aSiteWithoutSearchRendersOnlyTheChangedPage() throws {
        var files = Self.files
        files["site.yml"] = "title: Quiet\nsearch: false\n"
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd it.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        #expect(try expectSameAsCleanReport(site, "a body without search").pagesRendered == 1)
    }

    @Test func unchangedFilesAreLinkedFromThePreviousOutput() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        let logo = inode(site.output.appendingPathComponent("logo.png"))
        let dns = inode(site.output.appendingPathComponent("setup/dns.html"))
        try site.write(Data("---\ntitle: Home\n---\nNew words; see [setup](setup/dns.md#records) and ![logo](logo.png).\n".utf8), to: "index.md")
        _ = try build(site, into: site.output)
        #expect(inode(site.output.appendingPathComponent("logo.png")) == logo)
        #expect(inode(site.output.appendingPathComponent("setup/dns.html")) == dns)
        // The previous generation is gone, so each file has one name again.
        var status = stat()
        #expect(lstat(site.output.appendingPathComponent("setup/dns.html").path, &status) == 0 && status.st_nlink == 1)
        // --clean writes every file anew.
        _ = try build(site, into: site.output, clean: true)
        #expect(inode(site.output.appendingPathComponent("setup/dns.html")) != dns)
    }

    @Test func recentChangesAreReadAgain() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        // With the real window, files written a moment ago may still change within the same timestamp:
        // the cache marks them racy, and the next build reads them again.
        var options = BuildOptions(contentDirectory: site.content.path, outputDirectory: site.output.path)
        let builder = SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry)
        _ = try builder.build(options)
        #expect(BuildCache.load(from: BuildCache.url(for: site.output))?.racy == Set(Self.files.keys).union(["site.yml"]))
        #expect(try builder.build(options).isUpToDate == false)
        options.racyWindow = 0
        _ = try builder.build(options)
        #expect(BuildCache.load(from: BuildCache.url(for: site.output))?.racy == [])
        #expect(try builder.build(options).isUpToDate)

        // A page written just now is racy alone: the next build renders that page only, even though
        // its stamp is what the cache recorded (a second write within the same tick would keep it).
        // The other files are 2.5 s old, well outside a 1 s window even on a slow machine.
        usleep(2_500_000)
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd it.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        options.racyWindow = 1_000_000_000
        _ = try builder.build(options)
        #expect(BuildCache.load(from: BuildCache.url(for: site.output))?.racy == ["setup/dns.md"])
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd two.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        let report = try builder.build(options)
        #expect(report.pagesRendered == 1)
        let html = try String(contentsOf: site.output.appendingPathComponent("setup/dns.html"), encoding: .utf8)
        #expect(html.contains("Add two."))
    }

    @Test func aBuildWithWarningsIsNotCached() throws {
        var files = Self.files
        files["setup/dns.md"] = "---\ntitle: DNS\n---\n## Records\n\n![](../logo.png)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let first = try build(site, into: site.output)
        #expect(!first.warnings.isEmpty)
        let second = try build(site, into: site.output)
        #expect(second.isUpToDate == false)
        #expect(second.warnings.map(\.description) == first.warnings.map(\.description))
    }

    /// A damaged page cache is refused (a full build follows), never a crash.
    @Test func aDamagedPageCacheIsRefused() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        let bytes = try [UInt8](Data(contentsOf: PageCache.url(for: site.output, "pages")))
        let cache = try #require(PageCache(bytes: bytes))
        #expect(cache.pages.count == 3)
        #expect(PageCache(bytes: cache.bytes)?.bytes == bytes, "written as read")
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(PageCache(bytes: Array(bytes.prefix(length))) == nil, "cut at \(length)")
        }
        var generator = SplitMix(seed: 7)
        for _ in 0..<2000 {
            var damaged = bytes
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                damaged[Int(generator.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = PageCache(bytes: damaged)
        }
        // A build with a damaged page cache renders everything, and gives what a clean build gives.
        try Data(bytes.prefix(bytes.count / 2)).write(to: PageCache.url(for: site.output, "pages"))
        try site.write(Data("---\ntitle: DNS\n---\n## Records\n\nAdd it.\n\n## Checks\n\nRun it.\n".utf8), to: "setup/dns.md")
        #expect(try expectSameAsCleanReport(site, "a damaged page cache").pagesRendered == nil)
    }

    @Test func stampsAreWrittenAsTheyAreRead() {
        let stamps = [
            FileStamp(device: 0, inode: 0, size: 0, modified: 0, changed: 0),
            FileStamp(device: UInt64(Int64.max), inode: 1_234_567, size: 42, modified: -1_000_000_007, changed: Int64.max),
            FileStamp(device: 2049, inode: 9, size: Int64.min + 1, modified: 1_764_000_000_123_456_789, changed: -1),
        ]
        for stamp in stamps {
            var bytes: [UInt8] = []
            stamp.append(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == stamp.line)
            #expect(FileStamp(bytes: bytes[...]) == stamp)
        }
    }

    @Test func aDamagedCacheMeansAFullBuild() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try build(site, into: site.output)
        let cache = BuildCache.url(for: site.output)
        let text = try String(contentsOf: cache, encoding: .utf8)
        #expect(BuildCache(text: text) != nil)
        for damaged in ["", "docgen build cache 1\n", String(text.dropLast(40)), text.replacingOccurrences(of: "\nin\t", with: "\nni\t"), "garbage"] {
            #expect(BuildCache(text: damaged) == nil || BuildCache(text: damaged) != BuildCache(text: text))
        }
        try Data("docgen build cache 1\nkey\tx\n".utf8).write(to: cache)
        // What a build killed while writing the cache leaves is removed by the next build.
        let temporary = URL(fileURLWithPath: cache.path + ".4242")
        try Data("half".utf8).write(to: temporary)
        #expect(try build(site, into: site.output).isUpToDate == false)
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
    }
}

@Suite struct FolderRemovalTests {
    /// The previous generation is removed without following links out of it.
    @Test func removingATreeNeverFollowsALink() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-remove-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        let outside = base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("a/b/c"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: outside.appendingPathComponent("keep.txt"))
        for path in ["one.html", "a/two.html", "a/b/three.html", "a/b/c/four.html"] {
            try Data(path.utf8).write(to: tree.appendingPathComponent(path))
        }
        try FileManager.default.createSymbolicLink(at: tree.appendingPathComponent("a/folder-link"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(
            at: tree.appendingPathComponent("a/b/file-link"), withDestinationURL: outside.appendingPathComponent("keep.txt"))
        #expect(FolderListing.removeTree(tree.path) == nil)
        #expect(!FileManager.default.fileExists(atPath: tree.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8) == "keep")
        #expect(FolderListing.removeTree(tree.path) == nil, "nothing to remove is no failure")
    }
}

/// A small deterministic generator, so damaged inputs are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
