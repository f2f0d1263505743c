import Foundation
import Testing

@testable import DocgenCore

/// docgen's default Markdown (smart punctuation and every extension on), rendered without a plan.
private func render(_ markdown: String, settings: MarkdownSettings = MarkdownSettings(), rawHTML: Bool = false) -> String {
    MarkdownDocument(markdown, allowsRawHTML: rawHTML, settings: settings).renderHTML(MarkdownRenderPlan()) ?? ""
}

@Suite struct TableExtensionTests {
    @Test func delimiterRowIsReadFromTheSourceNotFromSmartPunctuation() {
        let html = render("| Name | Size |\n|:-----|-----:|\n| a -- b | 1 |\n")
        #expect(
            html == """
                <table>
                <thead>
                <tr>
                <th style="text-align: left">Name</th>
                <th style="text-align: right">Size</th>
                </tr>
                </thead>
                <tbody>
                <tr>
                <td style="text-align: left">a – b</td>
                <td style="text-align: right">1</td>
                </tr>
                </tbody>
                </table>

                """)
        #expect(!html.contains("—"))
    }

    @Test func escapedPipesRaggedRowsAndInlineMarkup() {
        let html = render("| a | b |\n| --- | :-: |\n| `x\\|y` **b** |\n| 1 | 2 | 3 |\n")
        #expect(html.contains("<td><code>x|y</code> <strong>b</strong></td>\n<td style=\"text-align: center\"></td>"))
        #expect(html.contains("<td>1</td>\n<td style=\"text-align: center\">2</td>\n</tr>"))
        #expect(!html.contains("3"))
    }

    @Test func tableAfterParagraphLinesAndInsideABlockQuote() {
        #expect(render("Intro\n| a |\n| - |\n| b |\n").hasPrefix("<p>Intro</p>\n<table>"))
        let quoted = render("> | a | b |\n> | - | - |\n> | c | d |\n")
        #expect(quoted.hasPrefix("<blockquote>\n<table>") && quoted.contains("<td>c</td>\n<td>d</td>"))
    }

    @Test func headerAndDelimiterMustHaveAsManyCells() {
        #expect(render("| a | b |\n| - |\n").hasPrefix("<p>"))
    }

    @Test func linksInCellsAreCollectedWithTheirRow() {
        let document = MarkdownDocument("Text\n\n| a |\n| - |\n| [x](y.md) |\n\n[r]: z.md\n", allowsRawHTML: false, lineOffset: 3)
        #expect(document.links.map(\.url) == ["y.md"])
        #expect(document.links.first?.line == 8)
    }

    @Test func referenceLinksInCellsUseTheDocumentsDefinitions() {
        #expect(render("| [a][r] |\n| - |\n\n[r]: https://example.org/\n").contains("<th><a href=\"https://example.org/\">a</a></th>"))
    }
}

@Suite struct TaskListExtensionTests {
    @Test func checkboxesAreLabelledByTheItemText() {
        #expect(
            render("- [ ] todo\n- [x] done\n- [X] also\n- [y] not a task\n") == """
                <ul>
                <li><label class="task-list-item-label"><input type="checkbox" disabled> todo</label></li>
                <li><label class="task-list-item-label"><input type="checkbox" checked disabled> done</label></li>
                <li><label class="task-list-item-label"><input type="checkbox" checked disabled> also</label></li>
                <li>[y] not a task</li>
                </ul>

                """)
    }

    @Test func markerNeedsWhitespaceAfterIt() {
        #expect(render("- [x]done\n") == "<ul>\n<li>[x]done</li>\n</ul>\n")
    }
}

@Suite struct StrikethroughExtensionTests {
    @Test func oneOrTwoTildesStrikeThrough() {
        #expect(render("~~gone~~ and ~also~\n") == "<p><del>gone</del> and <del>also</del></p>\n")
    }

    @Test func threeTildesAndMismatchesStayText() {
        #expect(render("a ~~~x~~~ ~a~~ c ~ d\n") == "<p>a ~~~x~~~ ~a~~ c ~ d</p>\n")
    }

    @Test func wrapsOtherInlines() {
        #expect(render("~~a *b* [c](d.md)~~\n") == "<p><del>a <em>b</em> <a href=\"d.md\">c</a></del></p>\n")
    }

    @Test func manyTildesStayLinear() {
        let markdown = String(repeating: "~a ", count: 20_000) + "\n"
        let html = render(markdown)
        #expect(html.utf8.count < markdown.utf8.count * 2)
    }
}

@Suite struct AutolinkExtensionTests {
    @Test func bareAddressesBecomeRealLinks() {
        let document = MarkdownDocument(
            "See www.example.com, https://example.org/a_(b). Mail ann@example.com!\n", allowsRawHTML: false)
        #expect(
            document.links.map(\.url) == ["http://www.example.com", "https://example.org/a_(b)", "mailto:ann@example.com"])
    }

    @Test func notInsideCodeOrLinks() {
        #expect(render("`www.example.com` [https://x.org](y.md)\n") == "<p><code>www.example.com</code> <a href=\"y.md\">https://x.org</a></p>\n")
    }

    @Test func trailingPunctuationAndParentheses() {
        #expect(
            render("(www.example.com/a)) “https://example.org/x”\n")
                == "<p>(<a href=\"http://www.example.com/a\">www.example.com/a</a>)) “<a href=\"https://example.org/x\">https://example.org/x</a>”</p>\n"
        )
    }

    @Test func externalMarkingAppliesToAutolinks() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\nVisit www.example.com today.\n"])
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(
            site.text("index.html")?.contains("<a href=\"http://www.example.com\" class=\"external\" rel=\"external\">www.example.com</a>") == true)
    }
}

@Suite struct FootnoteExtensionTests {
    @Test func numberedByFirstReferenceWithBackLinks() {
        let html = render("B[^b] then A[^a] and B again[^b] and [^missing].\n\n[^a]: First.\n[^b]: Second\n    paragraph.\n\n[^unused]: Gone.\n")
        #expect(
            html == """
                <p>B<sup class="footnote-ref"><a href="#fn:1" id="fnref:1" aria-label="Footnote 1">1</a></sup> then A<sup class="footnote-ref"><a href="#fn:2" id="fnref:2" aria-label="Footnote 2">2</a></sup> and B again<sup class="footnote-ref"><a href="#fn:1" id="fnref:1:2" aria-label="Footnote 1">1</a></sup> and [^missing].</p>
                <section class="footnotes">
                <h2 class="visually-hidden">Footnotes</h2>
                <ol>
                <li id="fn:1">
                <p>Second
                paragraph. <a href="#fnref:1" class="footnote-backref" aria-label="Back to reference 1">↩</a> <a href="#fnref:1:2" class="footnote-backref" aria-label="Back to reference 1 (2)">↩<sup>2</sup></a></p>
                </li>
                <li id="fn:2">
                <p>First. <a href="#fnref:2" class="footnote-backref" aria-label="Back to reference 2">↩</a></p>
                </li>
                </ol>
                </section>

                """)
    }

    @Test func oneWordDefinitionIsNotTakenForALinkReference() {
        let html = render("Note[^n].\n\n[^n]: word\n")
        #expect(html.contains("<li id=\"fn:1\">\n<p>word <a href=\"#fnref:1\""))
        #expect(!html.contains("href=\"word\""))
    }

    @Test func linksInDefinitionsKeepTheirLines() {
        let document = MarkdownDocument("Ref[^x].\n\n[^x]: See\n    [y](y.md).\n", allowsRawHTML: false, lineOffset: 2)
        #expect(document.links.map(\.url) == ["y.md"])
        #expect(document.links.first?.line == 6)
    }

    @Test func idsNeverCollideWithHeadingsAndArePrefixedInPrint() throws {
        let site = try TestSite(["index.md": "---\ntitle: Home\n---\n## fn 1\n\n## fnref 1\n\nText[^1].\n\n[^1]: Note.\n"])
        defer { site.remove() }
        #expect(site.errors() == [])
        let page = site.text("index.html") ?? ""
        #expect(page.contains("id=\"fn-1\"") && page.contains("id=\"fn:1\""))
        let print = site.text("print.html") ?? ""
        #expect(print.contains("id=\"page-index--fn:1\"") && print.contains("href=\"#page-index--fnref:1\""))
    }
}

@Suite struct CalloutExtensionTests {
    @Test(arguments: [
        ("NOTE", "note", "Note"), ("tip", "tip", "Tip"), ("Important", "important", "Important"), ("WARNING", "warning", "Warning"),
        ("caution", "caution", "Caution"),
    ])
    func eachKindBecomesALabelledAside(marker: String, kind: String, title: String) {
        #expect(
            render("> [!\(marker)]\n> Body *text*.\n")
                == "<aside class=\"callout callout-\(kind)\" role=\"note\">\n<p class=\"callout-title\">\(title)</p>\n<p>Body <em>text</em>.</p>\n</aside>\n"
        )
    }

    @Test func markerMustBeAloneOnTheFirstLine() {
        #expect(render("> [!NOTE] text\n").hasPrefix("<blockquote>"))
        #expect(render("> [!NOTES]\n> x\n").hasPrefix("<blockquote>"))
    }
}

@Suite struct MarkdownSettingsTests {
    static let everything = """
        | a |
        | - |
        | b |

        - [x] task

        ~~old~~ www.example.com "quote"[^1]

        > [!NOTE]
        > Text.

        [^1]: A note.

        """

    @Test func turningEachOffRestoresPlainCommonMark() {
        let plain = render(Self.everything, settings: .commonMark)
        #expect(plain.contains("<p>| a |\n| - |\n| b |</p>"))
        #expect(plain.contains("<li>[x] task</li>"))
        #expect(plain.contains("<p>~~old~~ www.example.com &quot;quote&quot;[^1]</p>"))
        #expect(plain.contains("<blockquote>\n<p>[!NOTE]\nText.</p>"))
        #expect(plain.contains("<p>[^1]: A note.</p>"))
        for (key, path) in MarkdownSettings.keys {
            var settings = MarkdownSettings()
            settings[keyPath: path] = false
            #expect(render(Self.everything, settings: settings) != render(Self.everything), "turning '\(key)' off changes nothing")
        }
    }

    @Test func siteSettingsReadTheMarkdownSection() throws {
        let settings = try SiteSettings.parse(
            "title: T\nmarkdown:\n  tables: false\n  smart-punctuation: false\n  footnotes: true\n", path: "site.yml")
        var expected = MarkdownSettings()
        expected.tables = false
        expected.smartPunctuation = false
        #expect(settings.markdown == expected)
        #expect(try SiteSettings.parse("title: T\n", path: "site.yml").markdown == MarkdownSettings())
    }

    @Test(arguments: [
        ("title: T\nmarkdown:\n  tables: maybe\n", "site.yml:3:11: error: 'markdown.tables' must be true or false, not a string"),
        (
            "title: T\nmarkdown:\n  tabels: false\n",
            "site.yml:3:3: error: unknown 'markdown' setting 'tabels'; known: 'smart-punctuation', 'tables', 'task-lists', 'strikethrough', 'autolinks', 'footnotes', 'callouts'"
        ),
        ("title: T\nmarkdown: false\n", "site.yml:2:11: error: 'markdown' must be a mapping such as 'markdown: { tables: false }'"),
    ])
    func badValuesPointAtTheirLine(yaml: String, message: String) {
        #expect(throws: Diagnostic.self) { try SiteSettings.parse(yaml, path: "site.yml") }
        do {
            _ = try SiteSettings.parse(yaml, path: "site.yml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aSiteWithExtensionsOffBuildsPlainCommonMark() throws {
        let site = try TestSite([
            "index.md": "---\ntitle: Home\n---\n~~a~~ \"b\"\n",
            "site.yml": "title: T\nmarkdown: { strikethrough: false, smart-punctuation: false }\n",
        ])
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(site.text("index.html")?.contains("<p>~~a~~ &quot;b&quot;</p>") == true)
    }
}

@Suite struct HostileMarkdownTests {
    /// 32,000 nested images used to cost a walk of the subtree per image; link texts are now built
    /// in one pass and capped, so the work and what is kept grow linearly.
    @Test func nestedImagesKeepLinearText() {
        let depth = 32_000
        let markdown = String(repeating: "![a", count: depth) + String(repeating: "](x.png)", count: depth) + "\n"
        let document = MarkdownDocument(markdown, allowsRawHTML: false)
        let kept = document.links.reduce(0) { $0 + $1.text.count }
        #expect(kept <= document.links.count * MarkdownLink.textLimit)
        #expect(document.links.allSatisfy { !$0.text.isEmpty })
    }

    @Test func manyAutolinksFootnotesAndCellsStayProportional() {
        let count = 5_000
        let markdown =
            String(repeating: "www.a.bc x@y.zz [^n] ", count: count) + "\n\n| a | b |\n| - | - |\n" + String(repeating: "| c | d |\n", count: count)
            + "\n[^n]: Note.\n"
        let html = render(markdown)
        #expect(html.components(separatedBy: "<a href=\"http://www.a.bc\"").count == count + 1)
        #expect(html.components(separatedBy: "<tr>").count == count + 2)
        #expect(html.utf8.count < markdown.utf8.count * 12)
    }
}
