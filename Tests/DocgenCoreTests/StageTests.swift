import Testing

@testable import DocgenCore

/// One stage at a time: settings, front matter, the site model, link resolution.
@Suite struct SiteSettingsTests {
    @Test func readsEveryKey() throws {
        let settings = try SiteSettings.parse(
            """
            title: Guide
            description: About it.
            language: en-GB
            base-url: https://example.org/docs
            raw-html: true
            team: docs
            widgets:
              greeting:
                name: Ann
            """, path: "Content/site.yml")
        #expect(settings.title == "Guide")
        #expect(settings.description == "About it.")
        #expect(settings.language == "en-GB")
        #expect(settings.baseURL == "https://example.org/docs/")
        #expect(settings.allowsRawHTML)
        #expect(settings.values["team"] == .string("docs"))
        #expect(settings.widgetSections.keys.sorted() == ["greeting"])
        #expect(settings.widgetSections["greeting"]?["name"]?.text == "Ann")
        #expect(settings.widgetSections["greeting"]?["name"]?.location.description == "Content/site.yml:9:11")
    }

    @Test func defaultsWhenOnlyTheTitleIsGiven() throws {
        let settings = try SiteSettings.parse("title: T\n", path: "site.yml")
        #expect(settings.language == "en" && settings.baseURL == nil && !settings.allowsRawHTML)
        #expect(settings.widgetSections.isEmpty)
    }

    @Test(arguments: [
        ("title: T\nlanguage: 'en GB'\n", "site.yml:2:11: error: 'language' must be a language tag such as 'en' or 'en-GB'"),
        ("title: T\nbase-url: example.org\n", "site.yml:2:11: error: 'base-url' must be an absolute http or https URL"),
        ("title: T\nraw-html: sometimes\n", "site.yml:2:11: error: 'raw-html' must be true or false"),
        ("title: [a, b]\n", "site.yml:1:8: error: 'title' must be text, not a list"),
        ("- just\n- a list\n", "site.yml:1:1: error: the settings file must be a mapping of keys to values"),
        ("title: T\nwidgets: [a, b]\n", "site.yml:2:10: error: 'widgets' must be a mapping"),
        ("", "site.yml:1:1: error: the settings file is empty; it needs at least 'title'"),
    ])
    func rejects(_ yaml: String, _ message: String) {
        let error = #expect(throws: Diagnostic.self) { try SiteSettings.parse(yaml, path: "site.yml") }
        #expect(error?.description == message)
    }
}

@Suite struct FrontMatterTests {
    @Test func splitsFrontMatterFromMarkdownAndKeepsOtherKeys() throws {
        let source = try PageSource.parse("---\ntitle: \"A: B\"\norder: 3\ndraft: false\nlayout: wide\ntags: [x, y]\n---\n# Body\n", path: "p.md")
        #expect(source.frontMatter.title == "A: B")
        #expect(source.frontMatter.order == 3)
        #expect(!source.frontMatter.isDraft)
        #expect(source.frontMatter.layout == "wide")
        #expect(source.frontMatter.extra == ["tags": .list([.string("x"), .string("y")])])
        #expect(source.markdown == "# Body\n")
        #expect(source.markdownLineOffset == 7)
    }

    @Test func numbersAsTitlesAreText() throws {
        let source = try PageSource.parse("---\ntitle: 2013\n---\n", path: "p.md")
        #expect(source.frontMatter.title == "2013")
    }
}

@Suite struct SiteModelTests {
    static func record(_ path: String, _ title: String, order: Int? = nil) -> PageRecord {
        PageRecord(
            file: ContentFile(relativePath: path, absolutePath: "/" + path, kind: .page), displayPath: "Content/" + path,
            frontMatter: FrontMatter(title: title, description: nil, order: order, isDraft: false, layout: nil, extra: [:]),
            title: title, isFolderIndex: path == "index.md" || path.hasSuffix("/index.md"), layout: "page",
            outputPath: String(path.dropLast(3)) + ".html", headingIDs: [])
    }

    static let model = SiteModel(pages: [
        record("index.md", "Home"),
        record("b/index.md", "Section B", order: 1),
        record("b/two.md", "Two", order: 2),
        record("b/one.md", "One", order: 1),
        record("b/deep/x.md", "X"),
        record("a/z.md", "Z"),
        record("loose.md", "Loose", order: 5),
    ])

    func titles(_ pages: [Int]) -> [String] { pages.map { Self.model.pages[$0].title } }

    /// The sidebar finds the current page's entry by lookup; on random trees it must be the entry a
    /// scan of each section finds, for every page and every section (on its way or not).
    @Test func theSidebarFindsTheCurrentEntryAsAScanDoes() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var paths: Set<String> = ["index.md"]
            for _ in 0..<Int.random(in: 1...120, using: &random) {
                let depth = Int.random(in: 0...3, using: &random)
                let folders = (0..<depth).map { _ in "f\(Int.random(in: 0...3, using: &random))" }
                let name = Bool.random(using: &random) && depth > 0 ? "index.md" : "p\(Int.random(in: 0...60, using: &random)).md"
                paths.insert((folders + [name]).joined(separator: "/"))
            }
            paths.insert("404.md")
            let model = SiteModel(
                pages: paths.sorted().map { Self.record($0, $0, order: Bool.random(using: &random) ? Int.random(in: 0...9, using: &random) : nil) })
            let folders = [""] + Set(paths.map { URLPath.directory(of: $0) }).filter { !$0.isEmpty }.sorted()
            for page in model.pages.indices {
                for folder in folders {
                    #expect(
                        model.entryPosition(inSection: folder, towards: page)
                            == model.entryPositionByScanning(inSection: folder, towards: page),
                        "\(model.pages[page].file.relativePath) in '\(folder)'")
                }
            }
        }
    }

    @Test func outlineNumbersFollowTheSidebar() {
        let numbers = Self.model.outlineNumbers()
        let byTitle = Dictionary(uniqueKeysWithValues: Self.model.pages.indices.map { (Self.model.pages[$0].title, numbers[$0]) })
        // The home page is 1; a section's page carries the section's number; a folder without a page
        // (deep/, a/) still takes a number, so its pages' numbers stay in step with the sidebar.
        #expect(byTitle == ["Home": "1", "Section B": "2", "One": "2.1", "Two": "2.2", "X": "2.3.1", "Loose": "3", "Z": "4.1"])
        #expect(Self.model.readingOrder.map { numbers[$0] } == ["1", "2", "2.1", "2.2", "2.3.1", "3", "4.1"])
    }

    @Test func readingOrderIsHomeThenOrderedEntriesThenTheRestByPath() {
        #expect(titles(Self.model.readingOrder) == ["Home", "Section B", "One", "Two", "X", "Loose", "Z"])
    }

    @Test func navigationOpensOnlyTheSectionsOnTheWayToThePage() {
        let x = Self.model.pageBySource["b/deep/x.md"]!
        let items = Self.model.navigation(for: x)
        #expect(items.map(\.title) == ["Home", "Section B", "Loose", "A"])
        #expect(items[1].containsCurrent && items[1].children.map(\.title) == ["One", "Two", "Deep"])
        #expect(items[1].children[2].children.map(\.title) == ["X"] && items[1].children[2].children[0].isCurrent)
        #expect(items[3].children.isEmpty, "a section the page is not in stays collapsed")
        #expect(items[3].path == "a/z.html", "a section without index.md links to its first page")
    }

    @Test func breadcrumbsAndNeighbours() {
        let two = Self.model.pageBySource["b/two.md"]!
        #expect(Self.model.breadcrumbs(for: two).map(\.title) == ["Home", "Section B"])
        #expect(Self.model.previous(of: two)?.title == "One")
        #expect(Self.model.next(of: two)?.path == "b/deep/x.html")
        #expect(Self.model.previous(of: Self.model.homePage!) == nil)
    }
}

@Suite struct LinkResolverTests {
    static let model = SiteModel(pages: [
        {
            var r = SiteModelTests.record("index.md", "Home"); r.headingIDs = ["intro"]; return r
        }(),
        {
            var r = SiteModelTests.record("guide/setup dns.md", "DNS"); r.headingIDs = ["srv-record"]; return r
        }(),
    ])

    static func resolve(_ url: String, on page: Int = 1, mode: LinkResolver.Mode = .pages, image: Bool = false) -> (LinkResolver.Target, [String]) {
        let resolver = LinkResolver(
            model: model, files: ["guide/pic.png"], includesDrafts: false, draftSources: [], unreadableSources: [], mode: mode,
            printIDs: ["page-index", "page-guide-setup-dns"])
        var problems: [Diagnostic] = []
        let target = resolver.resolve(MarkdownLink(isImage: image, url: url, text: "alt", line: 3, column: 4), on: page, problems: &problems)
        return (target, problems.map(\.message))
    }

    @Test func rewritesPageLinksRelativeToThePage() {
        #expect(Self.resolve("../index.md#intro").0 == .local(url: "../index.html#intro"))
        #expect(Self.resolve("guide/setup%20dns.md#srv-record", on: 0).0 == .local(url: "guide/setup%20dns.html#srv-record"))
        #expect(Self.resolve("setup dns.md").0 == .local(url: "../guide/setup%20dns.html"), "libcmark hands over <setup dns.md> without its brackets")
        #expect(Self.resolve("#srv-record").0 == .local(url: "#srv-record"))
        #expect(Self.resolve("pic.png", image: true).0 == .local(url: "../guide/pic.png"))
    }

    @Test func printModeTurnsPageLinksIntoAnchors() {
        #expect(Self.resolve("../index.md", mode: .printPage).0 == .printSection(url: "#page-index", page: 0))
        #expect(Self.resolve("#srv-record", mode: .printPage).0 == .printSection(url: "#page-guide-setup-dns--srv-record", page: 1))
        #expect(Self.resolve("pic.png", mode: .printPage, image: true).0 == .local(url: "guide/pic.png"), "files are not sections")
    }

    @Test func externalLinksAreKeptAndMarked() {
        #expect(Self.resolve("https://example.org/a").0 == .external(url: "https://example.org/a"))
        #expect(Self.resolve("mailto:someone@example.org").0 == .external(url: "mailto:someone@example.org"))
    }

    @Test func reportsEachKindOfBrokenLink() {
        #expect(Self.resolve("../index.md#nope").1 == ["link to '../index.md#nope': no heading 'nope' in index.md"])
        #expect(Self.resolve("../../outside.md").1 == ["link to '../../outside.md' points outside the content folder"])
        #expect(Self.resolve("missing.png", image: true).1 == ["image to 'missing.png': no file 'guide/missing.png' in the content folder"])
        #expect(Self.resolve("bad%zz.md").1 == ["link to 'bad%zz.md' has a malformed %-escape"])
        #expect(Self.resolve("").1 == ["link has no destination"])
    }

    @Test func schemes() {
        #expect(LinkResolver.scheme(of: "HTTPS://x") == "https")
        #expect(LinkResolver.scheme(of: "a+b.c-d:x") == "a+b.c-d")
        #expect(LinkResolver.scheme(of: "1abc:x") == nil)
        #expect(LinkResolver.scheme(of: "page.md#a:b") == nil)
        #expect(LinkResolver.scheme(of: "no-colon") == nil)
    }
}

@Suite struct SluggerRuleTests {
    /// Headings in ASCII take a shortcut on bytes; it must give what the rule on Unicode categories gives.
    @Test func theASCIIShortcutFollowsTheRule() {
        var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        texts += ["Set-CsAccessEdgeConfiguration", "Part 0 of page 1", "  -- _x_ !? ", "Q&A: 5061/TCP", "", "!!!", "Tab\tand\nline"]
        for text in texts {
            #expect(Slugger.slug(text) == Slugger.unicodeSlug(text), "\(text.debugDescription)")
        }
        #expect(Slugger.slug("Étape Überblick") == Slugger.unicodeSlug("Étape Überblick"))
    }
}

@Suite struct ByteOrderTests {
    /// Files are listed in byte order; the in-place comparison must give the generic one's answer.
    @Test func bytesPrecedeIsUTF8Order() {
        let names = ["", "a", "ab", "a b", "B", "b", "é", "e\u{301}", "z", "Ω", "日本", "a/b", "a-b", "a.md", "a0", "index.md", "README.md"]
        for left in names {
            for right in names {
                #expect(left.bytesPrecede(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) < \(right)")
            }
        }
    }
}
