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
            out.write("<li>")
            if item.isSection && item.containsCurrent {
                // The open section can be folded away; <summary> holds no link so it stays one control.
                out.write("<details open>\n<summary>\(item.title)</summary>\n")
                var children = item.children
                if let path = item.path, !children.contains(where: { $0.path == path }) {
                    children.insert(
                        NavigationItem(
                            title: item.title, path: path, isCurrent: item.isCurrent,
                            containsCurrent: item.isCurrent, isSection: false, children: []), at: 0)
                }
                renderList(children, root: root, into: &out)
                out.write("</details>")
            } else {
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

/// The page's `h2` and `h3` headings.
enum TableOfContents {
    static func render(_ entries: [TableOfContentsEntry], into out: inout HTMLWriter) {
        guard entries.count > 1 || entries.first?.children.isEmpty == false else { return }
        out.write("<nav class=\"toc\" aria-label=\"On this page\">\n<p class=\"toc-title\">On this page</p>\n")
        renderList(entries, into: &out)
        out.write("</nav>\n")
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
