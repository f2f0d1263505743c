import Testing

@testable import DocgenCore

@Suite struct HTMLTests {
    @Test func interpolatedTextIsEscaped() {
        let title = "<script>alert('x')</script> & \"quotes\""
        let html: HTML = "<h1 title=\"\(title)\">\(title)</h1>"
        #expect(
            html.string
                == "<h1 title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>"
        )
    }

    @Test func htmlValuesPassThroughUnchanged() {
        let inner: HTML = "<em>\("a<b")</em>"
        let outer: HTML = "<p>\(inner)</p>"
        #expect(outer.string == "<p><em>a&lt;b</em></p>")
    }

    @Test func optionalTextWritesNothingWhenNil() {
        let missing: String? = nil
        let html: HTML = "[\(missing)]"
        #expect(html.string == "[]")
    }

    @Test func nonASCIITextIsKeptAsUTF8() {
        let html: HTML = "<p>\("Café – 東京")</p>"
        #expect(html.string == "<p>Café – 東京</p>")
    }

    @Test func writerReusesItsBuffer() {
        var writer = HTMLWriter(capacity: 16)
        writer.write("<p>\("x & y")</p>")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "<p>x &amp; y</p>")
        writer.reset()
        writer.write(text: "<b>")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "&lt;b&gt;")
    }
}

@Suite struct SluggerTests {
    @Test(arguments: [
        ("Step 2: DNS SRV record (federation)", "step-2-dns-srv-record-federation"),
        ("What users see", "what-users-see"),
        // GitHub's rule: each space is a hyphen; nothing collapses or is trimmed; `_` stays.
        ("  Leading and trailing  ", "--leading-and-trailing--"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Café au lait", "café-au-lait"),
        ("Cafe\u{301}", "cafe\u{301}"),
        ("Наладка сервера", "наладка-сервера"),
        ("!!! ???", "-"),
        ("!!!", "section"),
        ("`New-CsPublicProvider`", "new-cspublicprovider"),
        ("A -- B", "a----b"),
        ("A – B", "a--b"),
        ("Emoji 🚀 rocket", "emoji--rocket"),
    ])
    func slug(_ text: String, _ expected: String) {
        #expect(Slugger.slug(text) == expected)
    }

    @Test func duplicatesGetNumberedSuffixes() {
        var slugger = Slugger()
        #expect(["FAQ", "FAQ", "FAQ", "FAQ 1"].map { slugger.uniqueSlug(for: $0) } == ["faq", "faq-1", "faq-2", "faq-1-1"])
    }

    @Test func reservedIDsAreNeverGiven() {
        var slugger = Slugger(reserved: ["main-content"])
        #expect(slugger.uniqueSlug(for: "Main content") == "main-content-1")
    }
}

@Suite struct URLPathTests {
    @Test func rootPrefixClimbsOnePerFolder() {
        #expect(URLPath.rootPrefix(for: "index.html") == "")
        #expect(URLPath.rootPrefix(for: "a/b/c.html") == "../../")
    }

    @Test func encodesSpacesAndNonASCIIPerSegment() {
        #expect(URLPath.encode("guides/Café menu.html") == "guides/Caf%C3%A9%20menu.html")
        #expect(URLPath.encode("a#b?c:d.html") == "a%23b%3Fc%3Ad.html")
        #expect(URLPath.decode("Caf%C3%A9%20menu.md") == "Café menu.md")
        #expect(URLPath.decode("bad%zz") == nil)
    }

    @Test func resolvesRelativePaths() {
        #expect(URLPath.resolve("../b.md", from: "a") == "b.md")
        #expect(URLPath.resolve("./c/../d.md", from: "a/b") == "a/b/d.md")
        #expect(URLPath.resolve("../../x.md", from: "a") == nil)
        #expect(URLPath.resolve("", from: "a/b") == "a/b")
        #expect(URLPath.resolve("../..", from: "a/b") == "")
        #expect(URLPath.resolve("x//y/./", from: "") == "x/y")
        #expect(URLPath.directory(of: "a/b/c.md") == "a/b")
        #expect(URLPath.directory(of: "c.md") == "")
        #expect(URLPath.rootPrefix(for: "a/b/c.html") == "../../")
    }

    /// The byte walk in `URLPath.resolve` against the plain segment-list rule, on random paths.
    @Test func resolvingMatchesTheSegmentRule() {
        func reference(_ relative: String, from base: String) -> String? {
            var parts = base.split(separator: "/").map(String.init)
            for part in relative.split(separator: "/", omittingEmptySubsequences: false) {
                switch part {
                case "", ".": continue
                case "..":
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                default: parts.append(String(part))
                }
            }
            return parts.joined(separator: "/")
        }
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "..", ".", "", "b c", "...", "x.md"]
        func path(_ count: Int) -> String {
            (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined(separator: "/")
        }
        for _ in 0..<5_000 {
            let base = path(Int.random(in: 0...3, using: &random)).split(separator: "/").filter { $0 != ".." && $0 != "." }.joined(separator: "/")
            let relative = path(Int.random(in: 0...5, using: &random))
            #expect(URLPath.resolve(relative, from: base) == reference(relative, from: base), "\(relative) from \(base)")
        }
    }
}

@Suite struct MarkdownTests {
    @Test func smartPunctuationIsOn() {
        let document = MarkdownDocument("\"Quoted\" -- and it's...\n", allowsRawHTML: false)
        #expect(document.renderHTML(MarkdownRenderPlan()) == "<p>“Quoted” – and it’s…</p>\n")
    }

    @Test func rawHTMLIsOmittedUnlessAllowed() {
        let markdown = "<script>alert(1)</script>\n\nText <b>bold</b>\n"
        #expect(
            MarkdownDocument(markdown, allowsRawHTML: false).renderHTML(MarkdownRenderPlan())
                == "<!-- raw HTML omitted -->\n<p>Text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n")
        #expect(
            MarkdownDocument(markdown, allowsRawHTML: true).renderHTML(MarkdownRenderPlan()) == "<script>alert(1)</script>\n<p>Text <b>bold</b></p>\n"
        )
    }

    @Test func collectsHeadingsLinksAndWidgetsWithPositions() {
        let document = MarkdownDocument(
            "## A *b* `c`\n\nSee [x](y.md#z) and ![pic](p.svg).\n\n```widget address-converter\n```\n", allowsRawHTML: false, lineOffset: 3)
        #expect(document.headings == [MarkdownHeading(level: 2, text: "A b c", line: 4, column: 1)])
        #expect(
            document.links == [
                MarkdownLink(isImage: false, url: "y.md#z", text: "x", line: 6, column: 5),
                MarkdownLink(isImage: true, url: "p.svg", text: "pic", line: 6, column: 21),
            ])
        #expect(document.widgetFences == [MarkdownWidgetFence(name: "address-converter", body: "", line: 8, column: 1)])
    }

    /// A page and its print section render from one parse: a second plan applied to the same tree
    /// gives exactly what a fresh parse gives.
    @Test func aSecondPlanOnTheSameTreeEqualsAFreshParse() {
        let markdown = "## Title\n\n[a](b.md) [c](https://x.org) ![d](e.svg)\n\n```widget w\n```\n\n```sh\nls\n```\n"
        var page = MarkdownRenderPlan()
        page.headings = [(open: "<h2 id=\"title\">", close: "</h2>")]
        page.links = [(url: "b.html", openTag: nil), (url: "https://x.org", openTag: "<a href=\"https://x.org\">"), (url: "e.svg", openTag: nil)]
        page.imageWrappers = [nil, nil, (before: "<a href=\"e.svg\"><picture>", after: "</picture></a>")]
        page.widgets = ["<div data-widget=\"w\"></div>"]
        page.codeBlocks = ["<pre>ls</pre>"]
        var paper = MarkdownRenderPlan()
        paper.headings = [(open: "<h3 id=\"p--title\">", close: "</h3>")]
        paper.links = [
            (url: "#p-b", openTag: "<a href=\"#p-b\" data-see=\"2\">"), (url: "https://x.org", openTag: "<a href=\"https://x.org\">"),
            (url: "e.svg", openTag: nil),
        ]
        paper.imageWrappers = [nil, nil, (before: "<picture>", after: "</picture>")]
        paper.widgets = ["<p>paper form</p>"]
        paper.codeBlocks = ["<pre>ls</pre>"]
        let shared = MarkdownDocument(markdown, allowsRawHTML: false)
        #expect(shared.renderHTML(page) == MarkdownDocument(markdown, allowsRawHTML: false).renderHTML(page))
        let second = shared.renderHTML(paper)
        #expect(second != nil)
        #expect(second == MarkdownDocument(markdown, allowsRawHTML: false).renderHTML(paper))
        #expect(second?.contains("data-see") == true && second?.contains("<a href=\"e.svg\"><picture>") == false)
        // Footnote ids carry the prefix given at parse time: another prefix needs another parse.
        let footnotes = MarkdownDocument("Text[^1].\n\n[^1]: Note.\n", allowsRawHTML: false)
        #expect(footnotes.renderHTML(MarkdownRenderPlan()) != nil)
        #expect(footnotes.renderHTML(MarkdownRenderPlan(), idPrefix: "p") == nil)
    }

    @Test func renderPlanReplacesHeadingsLinksAndWidgets() {
        let document = MarkdownDocument("## Title\n\n[a](b.md) [c](https://x.org)\n\n```widget w\n```\n", allowsRawHTML: false)
        var plan = MarkdownRenderPlan()
        plan.headings = [(open: "<h2 id=\"title\">", close: "</h2>")]
        plan.links = [(url: "b.html", openTag: nil), (url: "https://x.org", openTag: "<a href=\"https://x.org\" class=\"external\">")]
        plan.widgets = ["<div data-widget=\"w\"></div>"]
        #expect(
            document.renderHTML(plan)
                == "<h2 id=\"title\">\nTitle\n</h2>\n<p><a href=\"b.html\">a</a> <a href=\"https://x.org\" class=\"external\">c</a></p>\n<div data-widget=\"w\"></div>\n"
        )
    }

    @Test func unsafeLinkSchemesAreDroppedInSafeMode() {
        let document = MarkdownDocument("[x](javascript:alert(1))\n", allowsRawHTML: false)
        #expect(document.renderHTML(MarkdownRenderPlan()) == "<p><a href=\"\">x</a></p>\n")
    }
}

@Suite struct OutputScannerTests {
    @Test func findsRootAbsoluteNetworkLoadsAndDuplicateIDs() {
        let page = """
            <link rel="stylesheet" href="https://cdn.example.com/x.css">
            <link rel="canonical" href="https://example.org/page.html">
            <a href="/root.html">x</a><a href="https://example.org/">ok</a>
            <img src="//cdn.example.com/y.png" alt="">
            <p id="a"></p><p id="a"></p>
            <script type="application/json">{"html": "<img src=/nope>"}</script>
            <div style="background: url(https://x.org/bg.png)"></div>
            """
        #expect(
            OutputScanner.scan(Array(page.utf8)).map(\.message) == [
                "<link href> loads 'https://cdn.example.com/x.css' from the network",
                "root-absolute URL '/root.html' in <a href> breaks from disk and under a sub-path",
                "<img src> loads '//cdn.example.com/y.png' from the network",
                "duplicate id 'a' on the page",
                "CSS url() loads 'https://x.org/bg.png' from the network",
            ])
    }

    @Test func attributeNamesAreMatchedWhateverTheirCase() {
        let page = #"<IMG SRC="https://x.org/a.png" alt=""><A HREF="/top.html" CLASS="x">t</A><p ID="d"></p><p Id="d"></p>"#
        #expect(
            OutputScanner.scan(Array(page.utf8)).map(\.message) == [
                "<img src> loads 'https://x.org/a.png' from the network",
                "root-absolute URL '/top.html' in <a href> breaks from disk and under a sub-path",
                "duplicate id 'd' on the page",
            ])
    }

    @Test func checksThatTemplateLinksReachGeneratedFiles() {
        let page = """
            <a href="../index.html">home</a><a href="../gone.html">gone</a>
            <link rel="stylesheet" href="../assets/style.css"><a href="#here">ok</a><a href="#nowhere">bad</a>
            <h2 id="here">Here</h2><a href="https://example.org/">external</a>
            """
        let findings = OutputScanner.scan(
            Array(page.utf8), pagePath: "guide/page.html", existingFiles: ["index.html", "assets/style.css", "guide/page.html"])
        #expect(
            findings.map(\.message) == [
                "<a href> links to '../gone.html', which is not a file of the generated site",
                "<a href> links to '#nowhere', but the page has no element with that id",
            ])
    }
}
