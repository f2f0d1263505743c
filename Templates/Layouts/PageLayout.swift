import DocgenCore

/// An ordinary page: breadcrumbs, title, table of contents, body, previous and next.
enum PageLayout {
    static func render(_ page: PageContext, showsContents: Bool, into out: inout HTMLWriter) {
        BaseLayout.render(page, into: &out) { out in
            Breadcrumbs.render(page, into: &out)
            let contents = showsContents && TableOfContents.isShown(page.tableOfContents)
            out.write(contents ? "<article class=\"page has-toc\">\n" : "<article class=\"page\">\n")
            out.write("<h1>\(page.page.title)</h1>\n")
            if contents { TableOfContents.render(page.tableOfContents, into: &out) }
            // The body is one block, so wide screens can set the contents in a column beside all of it.
            out.write("<div class=\"page-body\">\n")
            out.write(page.page.body)
            out.write("</div>\n")
            BackToTop.render(page.tableOfContents, into: &out)
            out.write("</article>\n")
            Pager.render(page, into: &out)
        }
    }
}

/// The home page: the site's description under the title, no breadcrumbs.
enum HomeLayout {
    static func render(_ page: PageContext, into out: inout HTMLWriter) {
        BaseLayout.render(page, into: &out) { out in
            let contents = TableOfContents.isShown(page.tableOfContents)
            out.write(contents ? "<article class=\"page home has-toc\">\n" : "<article class=\"page home\">\n")
            out.write("<h1>\(page.page.title)</h1>\n")
            if let description = page.page.description ?? page.site.description {
                out.write("<p class=\"lead\">\(description)</p>\n")
            }
            TableOfContents.render(page.tableOfContents, into: &out)
            out.write("<div class=\"page-body\">\n")
            out.write(page.page.body)
            out.write("</div>\n")
            BackToTop.render(page.tableOfContents, into: &out)
            out.write("</article>\n")
            Pager.render(page, into: &out)
        }
    }
}
