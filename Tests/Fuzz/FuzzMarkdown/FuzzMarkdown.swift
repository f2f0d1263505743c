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
    }
    return 0
}
