// Search, without scripts. In: every page's title, description and sections. Out: `search.html`, "All
// pages": every page in reading order with its description and sections, linked from every footer.

import Foundation

extension PageRenderer {
    /// Renders `search.html` through the theme's default layout and checks it like every other page.
    func renderAllPagesPage(_ pages: [SearchPageEntry], into writer: inout HTMLWriter) -> [Diagnostic] {
        var body = HTMLWriter()
        body.write(
            """
            <p>Every page of this site in reading order, with its sections.\(settings.searchEnabled ? " To search the text, use the search box at the top of any page." : "")</p>
            <ol class="all-pages">

            """)
        for page in pages {
            let url = URLPath.encode(page.outputPath)
            body.write("<li><a class=\"all-pages-title\" href=\"\(url)\">\(page.title)</a>")
            if let description = page.description { body.write("\n<p>\(description)</p>") }
            if !page.contents.isEmpty {
                body.write("\n<ul>\n")
                for entry in page.contents {
                    body.write("<li><a href=\"\(url)#\(URLPath.encode(entry.id))\">\(entry.title)</a>")
                    if !entry.children.isEmpty {
                        body.write("\n<ul>\n")
                        for child in entry.children {
                            body.write("<li><a href=\"\(url)#\(URLPath.encode(child.id))\">\(child.title)</a></li>\n")
                        }
                        body.write("</ul>\n")
                    }
                    body.write("</li>\n")
                }
                body.write("</ul>\n")
            }
            body.write("</li>\n")
        }
        body.write("</ol>\n")
        let home = model.homePage.map { model.link(to: $0) }
        let context = PageContext(
            site: settings,
            page: PageInfo(
                title: "All pages", description: "Every page of \(settings.title) with its sections.", sourcePath: "",
                outputPath: SiteBuilder.allPagesPath, layout: theme.defaultLayout, isHome: false, metadata: [:],
                body: HTML(bytes: body.bytes)),
            root: "", navigation: model.navigation(for: nil), breadcrumbs: home.map { [$0] } ?? [], tableOfContents: [],
            previous: nil, next: nil, scripts: [], stylesheets: [],
            canonicalURL: settings.baseURL.map { $0 + SiteBuilder.allPagesPath })
        writer.reset()
        theme.render(context, into: &writer)
        return OutputScanner.scan(writer.bytes, pagePath: SiteBuilder.allPagesPath, existingFiles: outputFiles).map {
            .error(.checking, category: $0.category, at: SourceLocation(path: SiteBuilder.allPagesPath), $0.message)
        }
    }
}
