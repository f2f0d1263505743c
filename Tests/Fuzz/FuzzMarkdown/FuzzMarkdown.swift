// libFuzzer target: a page through the Markdown pipeline (front matter, libcmark with docgen's heading
// ids and link plan, raw HTML on and off) and the output checker over the result.
@testable import DocgenCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = (try? PageSource.parse(text, path: "page.md"))?.markdown ?? text
    for allowsRawHTML in [false, true] {
        let document = MarkdownDocument(source, allowsRawHTML: allowsRawHTML)
        var plan = MarkdownRenderPlan()
        var slugger = Slugger()
        for heading in document.headings {
            let slug = slugger.uniqueSlug(for: heading.text)
            plan.headings.append((open: "<h\(heading.level) id=\"\(HTML(escaping: slug).string)\">", close: "</h\(heading.level)>"))
        }
        for link in document.links {
            plan.links.append((url: link.url, openTag: link.isImage ? nil : "<a href=\"\(HTML(escaping: link.url).string)\" class=\"external\">"))
        }
        plan.widgets = document.widgetFences.map { "<div data-widget=\"\(HTML(escaping: $0.name).string)\"></div>" }
        let html = document.renderHTML(plan) ?? ""
        _ = OutputScanner.scan(Array(html.utf8), pagePath: "page.html", existingFiles: ["page.html"])
        // A second plan on the same tree (as print.html's section is rendered) must give exactly what a
        // fresh parse gives: every other link changes between the page's form and a tag of its own.
        var paper = plan
        paper.headings = plan.headings.map { $0.map { (open: "<h6 class=\"p\">" + $0.open, close: $0.close + "</h6>") } }
        for (position, link) in document.links.enumerated() where !link.isImage && position % 2 == 0 {
            paper.links[position].openTag = "<a href=\"#p\" data-see=\"\(position)\">"
        }
        paper.imageWrappers = document.links.map { $0.isImage ? (before: "<picture>", after: "</picture>") : nil }
        paper.widgets = plan.widgets.map { "<p>paper</p>" + $0 }
        if let second = document.renderHTML(paper) {
            let fresh = MarkdownDocument(source, allowsRawHTML: allowsRawHTML).renderHTML(paper)
            precondition(second == fresh, "a second plan on one tree differs from a fresh parse")
        }
    }
    return 0
}
