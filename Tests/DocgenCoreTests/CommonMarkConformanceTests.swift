import Foundation
import SiteTemplates
import Testing

@testable import DocgenCore

/// Every CommonMark 0.30 spec example, rendered by docgen's page pipeline (links checked and rewritten,
/// headings given ids, code blocks wrapped) with the GitHub extensions off, gives the body HTML that
/// libcmark alone gives (`cmark --smart`, with `--unsafe` when raw HTML is on), once the markup docgen
/// adds on purpose is taken away: heading ids and permalinks, the external-link marker, code-block
/// wrappers.
@Suite struct CommonMarkConformanceTests {
    static var specAvailable: Bool { FileManager.default.fileExists(atPath: CommonMarkOutputCheckTests.specURL.path) }

    /// docgen's body HTML for `markdown`, as the page renderer writes it.
    static func docgenBody(_ markdown: String, rawHTML: Bool) -> String {
        var settings = SiteSettings(title: "Spec")
        settings.allowsRawHTML = rawHTML
        settings.markdown = .commonMark
        settings.markdown.smartPunctuation = true
        let frontMatter = FrontMatter(title: "Example", description: nil, order: nil, isDraft: false, layout: nil, extra: [:])
        let record = PageRecord(
            file: ContentFile(relativePath: "example.md", absolutePath: "", kind: .page, generatedText: markdown), displayPath: "example.md",
            frontMatter: frontMatter, title: "Example", isFolderIndex: false, layout: "page", outputPath: "example.html", headingIDs: [])
        let model = SiteModel(pages: [record])
        let resolver = LinkResolver(
            model: model, files: [], includesDrafts: false, draftSources: [], unreadableSources: [], mode: .pages, printIDs: ["page-example"])
        let renderer = PageRenderer(
            theme: DefaultTheme(), widgets: WidgetRegistry(), settings: settings, model: model, pageResolver: resolver, printResolver: resolver,
            printIDs: ["page-example"], brokenLinksAreWarnings: true, outputFiles: [])
        var problems: [Diagnostic] = []
        let source = PageSource(frontMatter: frontMatter, markdown: markdown, markdownLineOffset: 0)
        return renderer.renderBody(source, page: 0, resolver: resolver, idPrefix: nil, problems: &problems).html.string
    }

    /// Takes away what docgen adds on purpose, and nothing else.
    static func normalized(_ html: String) -> String {
        var text = html
        let replacements: [(String, String)] = [
            (#"<h([1-6]) id="[^"]*">\n?"#, "<h$1>"),
            (#"\n?<a class="heading-anchor" href="[^"]*" tabindex="-1" aria-label="[^"]*">#</a></h([1-6])>"#, "</h$1>"),
            (#" class="external" rel="external""#, ""),
            (#"<pre class="code" tabindex="0" role="group" aria-label="[^"]*">"#, "<pre>"),
            (#"<span class="(code-line|tok-[a-z]+)">"#, ""),
        ]
        for (pattern, template) in replacements {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        // Inside code blocks, the spans docgen opened are closed again: remove those closing tags only.
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<pre>") {
            result += rest[..<open.lowerBound]
            let close = rest.range(of: "</pre>", range: open.upperBound..<rest.endIndex)?.upperBound ?? rest.endIndex
            result += rest[open.lowerBound..<close].replacingOccurrences(of: "</span>", with: "")
            rest = rest[close...]
        }
        return result + rest
    }

    @Test(.enabled(if: specAvailable, "the specs folder ../shared/specs is absent"), arguments: [false, true])
    func everyExampleMatchesLibcmark(rawHTML: Bool) throws {
        let examples = try #require(CommonMarkOutputCheckTests.examples())
        #expect(examples.count == 652)
        var differing: [Int] = []
        for (number, markdown) in examples {
            let expected = MarkdownDocument.referenceHTML(markdown, smart: true, unsafe: rawHTML)
            let actual = Self.normalized(Self.docgenBody(markdown, rawHTML: rawHTML))
            if actual != expected {
                differing.append(number)
                if differing.count <= 5 {
                    Issue.record("example \(number) differs:\n\(markdown)\n-- libcmark --\n\(expected)\n-- docgen --\n\(actual)")
                }
            }
        }
        #expect(differing == [], "\(differing.count) of \(examples.count) examples differ (raw HTML \(rawHTML ? "on" : "off"))")
    }
}
