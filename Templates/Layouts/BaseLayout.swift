import DocgenCore

/// The frame every page shares: `<head>`, site header, sidebar, footer. `content` draws `<main>`'s inside.
enum BaseLayout {
    static func render(_ page: PageContext, into out: inout HTMLWriter, content: (inout HTMLWriter) -> Void) {
        let title = page.page.isHome ? page.site.title : "\(page.page.title) · \(page.site.title)"
        out.write(
            """
            <!DOCTYPE html>
            <html lang="\(page.site.language)">
            <head>
            <meta charset="utf-8">

            """)
        if let baseHref = page.baseHref {
            out.write("<base href=\"\(baseHref)\">\n")
        }
        out.write(
            """
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>

            """)
        if let description = page.page.description ?? page.site.description {
            out.write("<meta name=\"description\" content=\"\(description)\">\n")
        }
        if let canonical = page.canonicalURL {
            out.write("<link rel=\"canonical\" href=\"\(canonical)\">\n")
        }
        out.write(
            """
            <link rel="icon" href="\(page.url("assets/icon.svg"))" type="image/svg+xml">
            <link rel="stylesheet" href="\(page.url("assets/style.css"))">

            """)
        for sheet in page.stylesheets {
            out.write("<link rel=\"stylesheet\" href=\"\(page.url(sheet))\">\n")
        }
        out.write(
            """
            <script src="\(page.url("assets/theme.js"))"></script>

            """)
        if page.site.searchEnabled { SearchBox.renderScript(root: page.root, into: &out) }
        out.write(
            """
            </head>
            <body id="\(BackToTop.id)">
            <a class="skip-link" href="#main-content">Skip to content</a>

            """)
        SiteHeader.render(
            siteTitle: page.site.title, root: page.root, homePath: page.navigation.first?.path, hasNavigation: true,
            hasSearch: page.site.searchEnabled, into: &out)
        out.write("<div class=\"layout\">\n")
        Sidebar.render(page, into: &out)
        out.write("<main id=\"main-content\" tabindex=\"-1\">\n")
        content(&out)
        out.write("</main>\n</div>\n")
        SiteFooter.render(root: page.root, siteTitle: page.site.title, into: &out)
        for script in page.scripts {
            out.write("<script src=\"\(page.url(script))\"></script>\n")
        }
        out.write("</body>\n</html>\n")
    }
}

enum SiteHeader {
    /// - Parameter hasNavigation: whether the page has the sidebar the "Menu" button folds on narrow screens.
    /// - Parameter hasSearch: whether to show the search box (`search: false` in site.yml turns it off).
    static func render(siteTitle: String, root: String, homePath: String?, hasNavigation: Bool, hasSearch: Bool, into out: inout HTMLWriter) {
        out.write("<header class=\"site-header\">\n")
        if let homePath {
            out.write("<a class=\"site-title\" href=\"\(root + homePath)\">\(siteTitle)</a>\n")
        } else {
            out.write("<span class=\"site-title\">\(siteTitle)</span>\n")
        }
        if hasSearch { SearchBox.render(root: root, into: &out) }
        // Both buttons stay hidden until theme.js runs: without scripts the sidebar is simply open and
        // the colours follow the system.
        out.write("<div class=\"header-actions\">\n")
        if hasNavigation {
            out.write(
                """
                <button type="button" class="menu-toggle" data-role="menu-toggle" aria-controls="site-navigation" aria-expanded="true" hidden>Menu</button>

                """)
        }
        out.write(
            """
            <button type="button" class="theme-toggle" data-role="theme-toggle" hidden>Dark theme</button>
            </div>
            </header>

            """)
    }
}

enum SiteFooter {
    static func render(root: String, siteTitle: String, into out: inout HTMLWriter) {
        out.write(
            """
            <footer class="site-footer">
            <p>\(siteTitle) · <a href="\(root)print.html">The whole guide on one page</a> (for printing or reading offline) · <a href="\(root)search.html">All pages</a></p>
            </footer>

            """)
    }
}
