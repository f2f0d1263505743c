import DocgenCore

/// `print.html`: the whole site on one page, in reading order, for paper or for reading offline.
enum PrintLayout {
    static func renderStart(_ context: PrintContext, into out: inout HTMLWriter) {
        out.write(
            """
            <!DOCTYPE html>
            <html lang="\(context.site.language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(context.site.title) (all pages)</title>
            <meta name="description" content="Every page of \(context.site.title) on one page, for printing.">
            <link rel="icon" href="assets/icon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="assets/style.css">
            <script src="assets/theme.js"></script>

            """)
        if context.site.searchEnabled { SearchBox.renderScript(root: "", into: &out) }
        out.write(
            """
            </head>
            <body class="print-page">
            <a class="skip-link" href="#main-content">Skip to content</a>

            """)
        SiteHeader.render(
            siteTitle: context.site.title, root: "", homePath: nil, hasNavigation: false, hasSearch: context.site.searchEnabled, into: &out)
        out.write(
            """
            <main id="main-content" tabindex="-1">
            <h1>\(context.site.title)</h1>

            """)
        if let description = context.site.description {
            out.write("<p class=\"lead\">\(description)</p>\n")
        }
        out.write("<nav class=\"toc print-toc\" aria-label=\"Pages\">\n<p class=\"toc-title\">Pages</p>\n<ol>\n")
        for link in context.contents {
            out.write("<li><a href=\"\(link.path)\">\(link.title)</a></li>\n")
        }
        out.write("</ol>\n</nav>\n")
    }

    static func renderSection(_ section: PrintSection, into out: inout HTMLWriter) {
        out.write(
            """
            <section class="print-section depth-\(section.depth)" id="\(section.id)">
            <h2 class="print-page-title">\(section.title)</h2>
            \(section.body)</section>

            """)
    }

    static func renderEnd(_ context: PrintContext, into out: inout HTMLWriter) {
        out.write("</main>\n")
        out.write(
            "<footer class=\"site-footer\">\n<p>\(context.site.title) · <a href=\"index.html\">Back to the site</a></p>\n</footer>\n</body>\n</html>\n"
        )
    }
}
