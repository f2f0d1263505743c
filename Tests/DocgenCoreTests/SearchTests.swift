import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// Search: terms, text per section, postings, the index files, and a query answered over them.
@Suite struct SearchTermTests {
    @Test(arguments: [
        ("Zoë", "zoe"), ("ZOË", "zoe"), ("Ståle", "stale"), ("café", "cafe"), ("ﬁle", "file"), ("ＡＢＣ", "abc"), ("Ⅻ", "xii"),
        ("İstanbul", "istanbul"), ("MÜNCHEN", "munchen"),
    ])
    func normalizes(_ text: String, _ expected: String) {
        #expect(tokens(text) == [.init(words: [expected])])
    }

    private func tokens(_ text: String) -> [SearchTerms.Token] {
        SearchTerms.tokens(text)
    }

    /// Every compound the issue names is found by its whole form and by each of its parts.
    @Test func compoundsAreWholeFormsAndParts() {
        #expect(tokens("_sipfederationtls._tcp") == [.init(words: ["sipfederationtls", "tcp"], compound: "_sipfederationtls._tcp")])
        #expect(
            tokens("federation.messenger.msn.com") == [
                .init(words: ["federation", "messenger", "msn", "com"], compound: "federation.messenger.msn.com")
            ]
        )
        #expect(
            tokens("Run Set-CsAccessEdgeConfiguration.") == [
                .init(words: ["run"]),
                .init(
                    words: ["set", "csaccessedgeconfiguration"], parts: ["cs", "access", "edge", "configuration"],
                    compound: "set-csaccessedgeconfiguration"),
            ])
        #expect(tokens("(user(domain)@msn.com)") == [.init(words: ["user", "domain", "msn", "com"], compound: "user(domain)@msn.com")])
        #expect(
            tokens("skypeguy(customdomain.com)@msn.com") == [
                .init(words: ["skypeguy", "customdomain", "com", "msn", "com"], compound: "skypeguy(customdomain.com)@msn.com")
            ])
    }

    @Test func camelCaseWordsAreAlsoTheirParts() {
        #expect(tokens("AllowFederatedUsers") == [.init(words: ["allowfederatedusers"], parts: ["allow", "federated", "users"])])
        #expect(
            tokens("XMLParser getHTTPResponse") == [
                .init(words: ["xmlparser"], parts: ["xml", "parser"]),
                .init(words: ["gethttpresponse"], parts: ["get", "http", "response"]),
            ])
        // One capital, all capitals, digits and other scripts never split a word.
        #expect(tokens("Lync LYNC Lync2013 ÉtatCivil").map(\.parts) == [[], [], [], ["etat", "civil"]])
    }

    /// A camel-case word takes a position per part, so adjacent parts and the next word rank as a phrase.
    @Test func camelCasePartsHaveTheirOwnPositions() {
        var entry = SearchPageEntry(title: "T", description: nil, outputPath: "x.html", contents: [])
        entry.index(body: HTML(renderedByDocgen: "<p>Run Set-CsAccessEdgeConfiguration now.</p>"))
        let postings = SearchPostingTests.postings(of: entry)
        // Title "T" is position 0; run 1, set 2, csaccessedgeconfiguration 3 (cs 3, access 4, edge 5, configuration 6), now 7.
        #expect(postings["run"]?.first?.3 == [1])
        #expect(postings["set-csaccessedgeconfiguration"]?.first?.3 == [2])
        #expect(postings["csaccessedgeconfiguration"]?.first?.3 == [3])
        #expect(postings["cs"]?.first?.3 == [3])
        #expect(postings["access"]?.first?.3 == [4])
        #expect(postings["edge"]?.first?.3 == [5])
        #expect(postings["configuration"]?.first?.3 == [6])
        #expect(postings["now"]?.first?.3 == [7])
    }

    @Test func punctuationAroundWordsIsNotPartOfThem() {
        #expect(
            tokens("Hello, world... (really) -- “quoted” 3–5 end…").map(\.words) == [
                ["hello"], ["world"], ["really"], ["quoted"], ["3"], ["5"], ["end"],
            ])
        #expect(tokens("Hello, world").allSatisfy { $0.compound == nil })
        #expect(tokens("--- ... ()").isEmpty)
    }

    @Test func overlongWordsAreLeftOut() {
        let long = String(repeating: "a", count: 65)
        #expect(tokens(long) == [.init(words: [])])
        #expect(tokens("short.\(long)") == [.init(words: ["short"])])
        #expect(tokens("Short" + String(repeating: "A", count: 64)) == [.init(words: [])], "an overlong word gives no parts either")
    }

    @Test func lettersOfOtherScriptsAreWords() {
        #expect(tokens("Größe München").map(\.words) == [["große"], ["munchen"]])
        #expect(tokens("日本語 テキスト").map(\.words) == [["日本語"], ["テキスト"]])
    }
}

@Suite struct SearchTextTests {
    @Test func splitsTheBodyAtHeadingsWithIDs() {
        let body = """
            <p>Intro &amp; more <code>Set-Cs</code>Thing.</p>
            <h2 id="dns-records">DNS <em>records</em><a class="heading-anchor" href="#dns-records" aria-label="Section link: DNS records">#</a></h2>
            <ul><li>one</li><li>two</li></ul>
            <pre><code class="language-powershell">Get-CsSite
            </code></pre>
            <script>ignored()</script><button>Copy</button>
            <h3 id="caf%C3%A9">Caf&#233;<a class="heading-anchor" href="#x">#</a></h3><p>x&lt;y &#x2014; z</p>
            """
        let sections = SearchTextExtractor.sections(ofBody: Array(body.utf8))
        #expect(
            sections == [
                SearchSection(anchor: "", heading: "", text: "Intro & more Set-CsThing."),
                SearchSection(anchor: "dns-records", heading: "DNS records", text: "one two Get-CsSite"),
                SearchSection(anchor: "caf%C3%A9", heading: "Café", text: "x<y — z"),
            ])
    }

    @Test func headingsPastTheLimitJoinTheLastSection() {
        let body = (0..<(SearchTextExtractor.maxSections + 10)).map { "<h2 id=\"h\($0)\">H\($0)</h2><p>t\($0)</p>" }.joined()
        let sections = SearchTextExtractor.sections(ofBody: Array(body.utf8))
        #expect(sections.count == SearchTextExtractor.maxSections)
        #expect(sections.last?.text.hasSuffix("t\(SearchTextExtractor.maxSections + 9)") == true)
    }

    @Test func brokenMarkupEndsTheTextWithoutFailing() {
        for body in ["<h2 id=\"a\">open", "<p>a < b", "&#xFFFFFFFF; &unknown; &", "<!-- never closed", "<script>"] {
            _ = SearchTextExtractor.sections(ofBody: Array(body.utf8))
        }
        #expect(SearchTextExtractor.sections(ofBody: Array("a &unknown; b".utf8))[0].text == "a &unknown; b")
    }
}

@Suite struct SearchPostingTests {
    /// Decoded postings of one page: term → [(section, field, occurrences, positions)].
    static func postings(of entry: SearchPageEntry) -> [String: [(Int, Int, Int, [Int])]] {
        var result: [String: [(Int, Int, Int, [Int])]] = [:]
        for (index, term) in entry.terms.enumerated() {
            let text = String(decoding: entry.postings[entry.postingStarts[index]..<entry.postingStarts[index + 1]], as: UTF8.self)
            result[term] = text.split(separator: "|").map { section in
                let fields = section.split(separator: ".").compactMap { Int($0, radix: 36) }
                return (fields[0], fields[1] / 16, fields[1] % 16, Array(fields.dropFirst(2)))
            }
        }
        return result
    }

    @Test func fieldsPositionsAndSections() {
        var entry = SearchPageEntry(title: "Request provisioning", description: "How to ask.", outputPath: "setup/x.html", contents: [])
        entry.index(
            body: HTML(
                renderedByDocgen: "<p>Send the request.</p><h2 id=\"agreement-number\">Agreement number</h2><p>The agreement number, the number.</p>")
        )
        let postings = Self.postings(of: entry)
        #expect(entry.terms == entry.terms.sorted())
        #expect(postings["provisioning"]?.map(\.0) == [0])
        #expect(postings["provisioning"]?.first?.1 == SearchPageEntry.Field.title.rawValue)
        #expect(postings["request"]?.first?.1 == SearchPageEntry.Field.title.rawValue)  // title beats the body of section 0
        let agreement = postings["agreement"]?.first
        #expect(agreement?.0 == 1 && agreement?.1 == SearchPageEntry.Field.heading.rawValue && agreement?.2 == 2)
        #expect(agreement?.3 == [0, 3])
        #expect(postings["number"]?.first?.3 == [1, 4, 6])
        #expect(postings["how"]?.first?.1 == SearchPageEntry.Field.body.rawValue)
    }

    /// A page's postings and record wait on disk while the site renders; what comes back is what went in.
    @Test func aSpilledEntryComesBackWhole() throws {
        var entry = SearchPageEntry(title: "Zoë's page", description: "Ünïcode.", outputPath: "setup/x.html", contents: [])
        entry.index(body: HTML(renderedByDocgen: "<p>Set-CsAccessEdgeConfiguration for federation.</p><h2 id=\"a\">A</h2><p>More.</p>"))
        let restored = try #require(entry.restoring(entry.indexPart))
        #expect(restored.terms == entry.terms && restored.postingStarts == entry.postingStarts)
        #expect(restored.postings == entry.postings && restored.record == entry.record)
        #expect(!entry.terms.isEmpty && !entry.record.isEmpty)
        // Anything shorter is refused, never read past its end.
        let part = entry.indexPart
        for length in [0, 3, 4, part.count / 2, part.count - 1] { #expect(entry.restoring(Array(part.prefix(length))) == nil) }
    }

    /// Thousands of distinct words on one page (the term table grows several times), each seen twice.
    @Test func manyDistinctTermsOnOnePage() {
        var entry = SearchPageEntry(title: "T", description: nil, outputPath: "x.html", contents: [])
        let words = (0..<3000).map { "w\($0)x" }
        entry.index(body: HTML(renderedByDocgen: "<p>" + (words + words).joined(separator: " ") + "</p>"))
        let postings = SearchPostingTests.postings(of: entry)
        #expect(postings.count == 3001)
        #expect(words.allSatisfy { postings[$0]?.first?.2 == 2 })
        #expect(postings["w2999x"]?.first?.3 == [3000, 6000])
    }

    @Test func truncatingNeverSplitsACharacter() {
        #expect(SearchPageEntry.truncated(String(repeating: "é", count: 200), to: 11) == String(repeating: "é", count: 5) + "…")
        #expect(SearchPageEntry.truncated("short", to: 11) == "short")
        #expect(SearchPageEntry.truncated("one two three four", to: 11) == "one two…", "cut at the last space near the end")
        #expect(SearchPageEntry.truncated("日本語のテキスト", to: 7) == "日本…")
    }

    @Test func recordHoldsURLsHeadingsAndBoundedExcerpts() throws {
        var entry = SearchPageEntry(title: "T <b>", description: nil, outputPath: "a b/c.html", contents: [])
        let long = String(repeating: "word ", count: 200)
        entry.index(body: HTML(renderedByDocgen: "<p>\(long)</p><h2 id=\"é\">Heading</h2><p>Short.</p>"))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(entry.record)) as? [Any])
        #expect(record[0] as? String == "a%20b/c.html")
        #expect(record[1] as? String == "T <b>")
        #expect(!entry.record.contains(UInt8(ascii: "<")), "no markup characters in the index files")
        let sections = try #require(record[2] as? [[String]])
        #expect(sections[1] == ["%C3%A9", "Heading", "Short."])
        #expect(sections[0][2].utf8.count <= SearchPageEntry.excerptBytes + 3 && sections[0][2].hasSuffix("…"))
    }
}

/// Reads the index files back and answers a one-word query, as search.js does.
struct SearchIndexReader {
    var manifest: [String: Any]
    var folder: URL

    init(folder: URL) throws {
        self.folder = folder
        manifest = try #require((try Self.payload(folder.appendingPathComponent("manifest.js"), call: "manifest") as? [Any])?.first as? [String: Any])
    }

    /// The JSON inside `docgenSearch.call(…);`.
    static func payload(_ url: URL, call: String) throws -> Any {
        let text = try String(contentsOf: url, encoding: .utf8)
        let prefix = "docgenSearch.\(call)("
        #expect(text.hasPrefix(prefix) && text.hasSuffix(");\n"))
        let inner = text.dropFirst(prefix.count).dropLast(3)
        return try JSONSerialization.jsonObject(with: Data(("[" + inner + "]").utf8))
    }

    /// Every term's head (the fourth array of a shard; empty for most terms).
    func heads() throws -> [String: String] {
        let shards = try #require(manifest["shards"] as? [[String]])
        var heads: [String: String] = [:]
        for id in shards.indices {
            let shard = try #require(try Self.payload(folder.appendingPathComponent("terms-\(id).js"), call: "terms") as? [Any])
            let terms = try #require(shard[1] as? [String])
            let lists = try #require(shard[3] as? [String])
            #expect(terms.count == lists.count)
            for (term, head) in zip(terms, lists) where !head.isEmpty { heads[term] = head }
        }
        return heads
    }

    /// URLs (root-relative, with the section's anchor) of the sections holding `term`, in index order.
    func sections(holding term: String) throws -> [String] {
        let shards = try #require(manifest["shards"] as? [[String]])
        var postings: [String] = []
        for (id, range) in shards.enumerated() where range[0] <= term && range[1] >= term {
            let shard = try #require(try Self.payload(folder.appendingPathComponent("terms-\(id).js"), call: "terms") as? [Any])
            let terms = try #require(shard[1] as? [String])
            let lists = try #require(shard[2] as? [String])
            if let index = terms.firstIndex(of: term) { postings.append(lists[index]) }
        }
        let chunks = try #require(manifest["chunks"] as? [Int])
        var urls: [String] = []
        for entry in postings.joined(separator: ",").split(separator: ",") {
            let parts = entry.split(separator: ":")
            let page = try #require(Int(parts[0], radix: 36))
            let chunk = try #require(chunks.lastIndex { $0 <= page })
            let records = try #require(
                try Self.payload(folder.appendingPathComponent("pages-\(chunk).js"), call: "pages") as? [Any])
            let record = try #require((records[2] as? [[Any]])?[page - chunks[chunk]])
            let sections = try #require(record[2] as? [[String]])
            for section in parts[1].split(separator: "|") {
                let number = try #require(Int(section.split(separator: ".")[0], radix: 36))
                let anchor = sections[number][0]
                urls.append((record[0] as? String ?? "") + (anchor.isEmpty ? "" : "#" + anchor))
            }
        }
        return urls
    }
}

@Suite struct SearchIndexTests {
    @Test func aSmallSiteHasOneShardAndFindsCompounds() throws {
        let site = try TestSite([
            "index.md": "---\ntitle: Home\n---\nStart.\n",
            "setup/dns.md": "---\ntitle: DNS\n---\n## SRV record\n\nPublish `_sipfederationtls._tcp.contoso.com`.\n\n## Zoë's part\n\nText.\n",
        ])
        defer { site.remove() }
        let report = try site.build().get()
        let folder = site.output.appendingPathComponent("assets/search")
        #expect(listFiles(folder) == ["manifest.js", "pages-0.js", "terms-0.js"])
        #expect(report.searchIndexFiles == 3)
        #expect(report.searchIndexBytes == listFiles(folder).reduce(0) { $0 + (site.text("assets/search/" + $1)?.utf8.count ?? 0) })
        let reader = try SearchIndexReader(folder: folder)
        #expect(try reader.sections(holding: "_sipfederationtls._tcp.contoso.com") == ["setup/dns.html#srv-record"])
        #expect(try reader.sections(holding: "tcp") == ["setup/dns.html#srv-record"])
        #expect(try reader.sections(holding: "zoe") == ["setup/dns.html#" + URLPath.encode("zoës-part")])
        #expect(try reader.sections(holding: "home") == ["index.html"])
        for file in listFiles(folder) {
            #expect(site.text("assets/search/" + file)?.contains("<") == false, "\(file) holds '<'")
        }
        let page = try #require(site.text("setup/dns.html"))
        #expect(page.contains("data-role=\"search\""))
        #expect(page.contains("<script src=\"../assets/search.js\" defer></script>"))
        #expect(page.contains("href=\"../search.html\">All pages</a>"))
    }

    @Test func searchHTMLListsEveryPageWithItsSections() throws {
        let site = try TestSite([
            "index.md": "---\ntitle: Home\ndescription: The start.\n---\n## First\n\n### Inner\n",
            "b.md": "---\ntitle: Bee & co\n---\nNo headings.\n",
        ])
        defer { site.remove() }
        _ = try site.build().get()
        let page = try #require(site.text("search.html"))
        #expect(page.contains("<title>All pages · Test site</title>"))
        #expect(page.contains("<li><a class=\"all-pages-title\" href=\"index.html\">Home</a>\n<p>The start.</p>"))
        #expect(page.contains("<li><a href=\"index.html#first\">First</a>\n<ul>\n<li><a href=\"index.html#inner\">Inner</a></li>"))
        #expect(page.contains("<a class=\"all-pages-title\" href=\"b.html\">Bee &amp; co</a>"))
    }

    @Test func searchFalseTurnsOffTheIndexAndTheBox() throws {
        let site = try TestSite(["site.yml": "title: T\nsearch: false\n", "index.md": "---\ntitle: Home\n---\nText.\n"])
        defer { site.remove() }
        let report = try site.build().get()
        #expect(report.searchIndexFiles == 0 && report.searchIndexBytes == 0)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("assets/search").path))
        #expect(site.text("index.html")?.contains("data-role=\"search\"") == false)
        #expect(site.text("index.html")?.contains("search.js") == false)
        #expect(site.text("search.html") != nil)
    }

    @Test func searchMustBeABoolean() {
        #expect(throws: Diagnostic.self) { try SiteSettings.parse("title: T\nsearch: maybe\n", path: "site.yml") }
    }

    @Test func contentCannotWriteIntoTheIndexFolder() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n", "assets/search/manifest.js": "x", "search.md": "---\ntitle: S\n---\n"])
        defer { site.remove() }
        let errors = site.errors()
        #expect(errors.contains { $0.contains("Content/assets/search/manifest.js: error: 'assets/search/manifest.js' is inside assets/search/") })
        #expect(errors.contains { $0.contains("Content/search.md: error: 'docgen's generated search.html' and 'search.md'") })
    }

    @Test func aVeryCommonTermHasAHeadOfItsBestSectionsInReadingOrder() {
        // Weights: h = body once, 10 = heading four times, 1e = title twice, z = heading three times.
        let postings = Array("0:0.h.1|1.10.2,1:0.h,2:3.1e.0,3:1.z".utf8)
        #expect(SearchIndexFiles.head(of: postings, entries: 5) == nil, "five sections fit: no head")
        #expect(SearchIndexFiles.head(of: postings, entries: 2).map { String(decoding: $0, as: UTF8.self) } == "0:1.10.2,2:3.1e.0")
        #expect(SearchIndexFiles.head(of: postings, entries: 3).map { String(decoding: $0, as: UTF8.self) } == "0:1.10.2,2:3.1e.0,3:1.z")
        // Equal weights: the earlier sections.
        #expect(SearchIndexFiles.head(of: postings, entries: 4).map { String(decoding: $0, as: UTF8.self) } == "0:0.h.1|1.10.2,2:3.1e.0,3:1.z")
    }

    /// The head is chosen by counting keys; sorting every section must choose the same, whatever the
    /// weights, ties and limits. Damaged postings (huge weights) go the sorting way and do not trap.
    @Test func theCountingHeadEqualsTheSortedOne() {
        var generator = SplitMix(seed: 11)
        for round in 0..<300 {
            var pages: [String] = []
            for page in 0..<(1 + Int(generator.next() % 40)) {
                let sections = (0..<(1 + Int(generator.next() % 4))).map { section -> String in
                    let weight = (1 + Int(generator.next() % 3)) * 16 + Int(generator.next() % 16)
                    return "\(String(section, radix: 36)).\(String(weight, radix: 36)).\(String(Int(generator.next() % 50), radix: 36))"
                }
                pages.append("\(String(page * 3, radix: 36)):" + sections.joined(separator: "|"))
            }
            let postings = Array(pages.joined(separator: ",").utf8)
            let limit = 1 + Int(generator.next() % 60)
            #expect(
                SearchIndexFiles.head(of: postings, entries: limit) == SearchIndexFiles.head(of: postings, entries: limit, bySorting: true),
                "round \(round)")
        }
        let damaged = Array("0:0.zzzzzzzzzzzzzzzzzzzz.1|1.10.2,1:0.h,2:3.1e.0,3:1.z".utf8)
        #expect(SearchIndexFiles.head(of: damaged, entries: 2) == SearchIndexFiles.head(of: damaged, entries: 2, bySorting: true))
    }

    @Test func piecesSplitAtPageBoundaries() {
        let postings = Array((0..<100).map { "\($0):1.h.0" }.joined(separator: ",").utf8)
        let pieces = SearchIndexFiles.pieces(of: postings, limit: 50)
        #expect(pieces.allSatisfy { $0.count <= 50 })
        #expect(pieces.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") == String(decoding: postings, as: UTF8.self))
    }

    /// A few thousand small pages: every index file stays far under 2 MB, the terms spread over several
    /// shards, and a word found on one page only leads to that page's section.
    @Test func aLargeSiteIsShardedAndAnswers() throws {
        var files: [String: String] = ["index.md": "---\ntitle: Home\n---\nStart.\n"]
        let count = 2000
        for page in 0..<count {
            files["s\(page / 100)/p\(page).md"] = """
                ---
                title: Page \(page)
                ---
                Lync Server routes federated traffic through the Access Edge, which looks up `_sipfederationtls._tcp` records.

                ## Part one of page \(page)

                Marker word unique\(page)x appears here only. Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True

                ## Part two

                Common words, common words, federation.messenger.msn.com.

                """
        }
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build().get()
        let folder = site.output.appendingPathComponent("assets/search")
        let names = listFiles(folder)
        #expect(report.searchIndexFiles == names.count)
        #expect(names.filter { $0.hasPrefix("terms-") }.count > 1, "\(names)")
        #expect(names.filter { $0.hasPrefix("pages-") }.count > 1, "\(names)")
        for name in names {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int)
            #expect(size <= SearchIndexFiles.shardTarget + 1024, "\(name) is \(size) bytes")
        }
        let reader = try SearchIndexReader(folder: folder)
        #expect(try reader.sections(holding: "unique1234x") == ["s12/p1234.html#part-one-of-page-1234"])
        let everywhere = try reader.sections(holding: "_sipfederationtls._tcp")
        #expect(everywhere.count == count)
        #expect(Set(everywhere).count == count)
        // The cmdlet's whole form and its camel-case parts lead to the section it is in (on every page).
        let cmdlet = try reader.sections(holding: "set-csaccessedgeconfiguration")
        #expect(cmdlet.count == count && cmdlet.allSatisfy { $0.contains("#part-one-of-page-") })
        for term in ["csaccessedgeconfiguration", "cs", "configuration", "allow", "users"] {
            #expect(try reader.sections(holding: term) == cmdlet, "\(term)")
        }
        for term in ["access", "edge"] {  // also in the first paragraph
            #expect(try Set(reader.sections(holding: term)).isSuperset(of: cmdlet), "\(term)")
        }
        // A term in more sections than a head holds has one, with exactly that many sections.
        let heads = try reader.heads()
        #expect(heads["_sipfederationtls._tcp"]?.split(whereSeparator: { $0 == "," || $0 == "|" }).count == SearchIndexFiles.headEntries)
        #expect(heads["unique1234x"] == nil)

        // Deterministic: a second build writes the same bytes.
        let again = site.directory.appendingPathComponent("Again")
        var options = BuildOptions(contentDirectory: site.content.path, outputDirectory: again.path)
        options.contentDisplayName = "Content"
        _ = try SiteBuilder(theme: DefaultTheme(), widgets: TestWidgets.registry).build(options)
        for name in names {
            let first = try Data(contentsOf: folder.appendingPathComponent(name))
            let second = try Data(contentsOf: again.appendingPathComponent("assets/search/" + name))
            #expect(first == second, "\(name) differs between two builds")
        }
    }
}
