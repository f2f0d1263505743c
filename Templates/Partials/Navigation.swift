import DocgenCore

/// The sidebar: every top-level page and section; the current page's sections open.
enum Sidebar {
    static func render(_ page: PageContext, into out: inout HTMLWriter) {
        out.write("<nav class=\"sidebar\" id=\"site-navigation\" aria-label=\"Guide\">\n")
        renderList(page.navigation, root: page.root, into: &out)
        out.write("</nav>\n")
    }

    private static func renderList(_ items: [NavigationItem], root: String, into out: inout HTMLWriter) {
        out.write("<ul>\n")
        for item in items {
            if item.isSection && !item.children.isEmpty {
                // The section's title stays a link to its page on every page; folding its list is a separate
                // control, a <summary> beside the link, so it works without scripts and says whether it is open.
                out.write("<li class=\"nav-section\">")
                link(item, root: root, into: &out)
                out.write("\n<details open>\n<summary class=\"nav-fold\"><span class=\"visually-hidden\">Pages in \(item.title)</span></summary>\n")
                // The section's own page is its title's link and is not among its entries, so it is not listed twice.
                renderList(item.children, root: root, into: &out)
                out.write("</details>")
            } else {
                out.write("<li>")
                link(item, root: root, into: &out)
            }
            out.write("</li>\n")
        }
        out.write("</ul>\n")
    }

    private static func link(_ item: NavigationItem, root: String, into out: inout HTMLWriter) {
        let sectionClass: HTML = item.isSection ? " class=\"section-link\"" : item.isMoreLink ? " class=\"more-link\"" : ""
        if let path = item.path {
            if item.isCurrent {
                out.write("<a\(sectionClass) href=\"\(root + path)\" aria-current=\"page\">\(item.title)</a>")
            } else {
                out.write("<a\(sectionClass) href=\"\(root + path)\">\(item.title)</a>")
            }
        } else {
            out.write("<span\(sectionClass)>\(item.title)</span>")
        }
    }
}

/// Home › Section › … for everything above the current page.
enum Breadcrumbs {
    static func render(_ page: PageContext, into out: inout HTMLWriter) {
        guard !page.breadcrumbs.isEmpty else { return }
        out.write("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>\n")
        for crumb in page.breadcrumbs {
            out.write("<li><a href=\"\(page.url(crumb.path))\">\(crumb.title)</a></li>\n")
        }
        out.write("<li aria-current=\"page\">\(page.page.title)</li>\n</ol>\n</nav>\n")
    }
}

/// The page's `h2` and `h3` headings: a `<details>` that starts closed, so on a phone the page begins
/// with its text; wide screens show it open in a column of its own (theme.js opens it there, and the
/// stylesheet shows its list even while closed where the browser allows).
enum TableOfContents {
    /// Whether the page has enough headings to be given contents.
    static func isShown(_ entries: [TableOfContentsEntry]) -> Bool {
        entries.count > 1 || entries.first?.children.isEmpty == false
    }

    static func render(_ entries: [TableOfContentsEntry], into out: inout HTMLWriter) {
        guard isShown(entries) else { return }
        out.write(
            "<nav class=\"toc page-toc\" aria-label=\"On this page\">\n<details class=\"toc-details\">\n<summary class=\"toc-title\">On this page</summary>\n"
        )
        renderList(entries, into: &out)
        out.write("</details>\n</nav>\n")
    }

    private static func renderList(_ entries: [TableOfContentsEntry], into out: inout HTMLWriter) {
        out.write("<ul>\n")
        for entry in entries {
            out.write("<li><a href=\"#\(entry.id)\">\(entry.title)</a>")
            if !entry.children.isEmpty { renderList(entry.children, into: &out) }
            out.write("</li>\n")
        }
        out.write("</ul>\n")
    }
}

/// "Back to top" at the end of a long page: a plain in-page link to the `<body>`, so it needs no script.
enum BackToTop {
    /// The id `BaseLayout` gives `<body>`.
    static let id = "top"

    /// A page is long when it has this many sections and subsections or more.
    static let minimumHeadings = 5

    static func isLong(_ entries: [TableOfContentsEntry]) -> Bool {
        entries.reduce(0) { $0 + 1 + $1.children.count } >= minimumHeadings
    }

    static func render(_ entries: [TableOfContentsEntry], into out: inout HTMLWriter) {
        guard isLong(entries) else { return }
        out.write("<p class=\"back-to-top\"><a href=\"#\(id)\">Back to top</a></p>\n")
    }
}

/// Previous and next page in reading order.
enum Pager {
    static func render(_ page: PageContext, into out: inout HTMLWriter) {
        guard page.previous != nil || page.next != nil else { return }
        out.write("<nav class=\"pager\" aria-label=\"Previous and next page\">\n")
        if let previous = page.previous {
            out.write(
                "<a class=\"pager-previous\" rel=\"prev\" href=\"\(page.url(previous.path))\"><span class=\"pager-label\">Previous</span> \(previous.title)</a>\n"
            )
        }
        if let next = page.next {
            out.write(
                "<a class=\"pager-next\" rel=\"next\" href=\"\(page.url(next.path))\"><span class=\"pager-label\">Next</span> \(next.title)</a>\n")
        }
        out.write("</nav>\n")
    }
}
