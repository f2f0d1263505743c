import DocgenCore

/// An ordinary page: breadcrumbs, title, table of contents, body, previous and next.
enum PageLayout {
    static func render(_ page: PageContext, showsContents: Bool, into out: inout HTMLWriter) {
        BaseLayout.render(page, into: &out) { out in
            Breadcrumbs.render(page, into: &out)
            out.write("<article class=\"page\">\n<h1>\(page.page.title)</h1>\n")
            if showsContents { TableOfContents.render(page.tableOfContents, into: &out) }
            out.write(page.page.body)
            out.write("</article>\n")
            Pager.render(page, into: &out)
        }
    }
}

/// The home page: the site's description under the title, no breadcrumbs.
enum HomeLayout {
    static func render(_ page: PageContext, into out: inout HTMLWriter) {
        BaseLayout.render(page, into: &out) { out in
            out.write("<article class=\"page home\">\n<h1>\(page.page.title)</h1>\n")
            if let description = page.page.description ?? page.site.description {
                out.write("<p class=\"lead\">\(description)</p>\n")
            }
            TableOfContents.render(page.tableOfContents, into: &out)
            out.write(page.page.body)
            out.write("</article>\n")
            Pager.render(page, into: &out)
        }
    }
}
