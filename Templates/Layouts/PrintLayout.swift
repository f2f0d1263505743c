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
        for sheet in context.stylesheets {
            out.write("<link rel=\"stylesheet\" href=\"\(sheet)\">\n")
        }
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
            <div class="print-cover">
            <h1>\(context.site.title)</h1>

            """)
        if let description = context.site.description {
            out.write("<p class=\"lead\">\(description)</p>\n")
        }
        if let asOf = context.asOf {
            out.write("<p class=\"print-as-of\">As of <time datetime=\"\(asOf)\">\(longDate(asOf))</time></p>\n")
        }
        out.write("</div>\n<nav class=\"toc print-toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n")
        renderContents(context.outline, into: &out)
        out.write("</nav>\n")
    }

    /// Nested lists following each page's depth, every entry with the number its heading shows.
    private static func renderContents(_ entries: [PrintContentsEntry], into out: inout HTMLWriter) {
        guard !entries.isEmpty else { return }
        out.write("<ol class=\"print-contents\">\n")
        var depth = 0
        for (position, entry) in entries.enumerated() {
            // A page never sits more than one level below the one before it in reading order.
            let target = position == 0 ? 0 : min(max(entry.depth, 0), depth + 1)
            if position > 0 {
                if target > depth {
                    out.write("\n<ol>\n")
                } else {
                    out.write("</li>\n")
                    while depth > target {
                        out.write("</ol>\n</li>\n")
                        depth -= 1
                    }
                }
            }
            depth = target
            let number: HTML = entry.number.isEmpty ? "" : "<span class=\"print-number\">\(entry.number)</span> "
            out.write("<li><a href=\"\(entry.path)\">\(number)\(entry.title)</a>")
        }
        out.write("</li>\n")
        while depth > 0 {
            out.write("</ol>\n</li>\n")
            depth -= 1
        }
        out.write("</ol>\n")
    }

    /// `2026-12-03` → `3 December 2026`; the date was checked when site.yml was read.
    static func longDate(_ isoDate: String) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        let parts = isoDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return isoDate }
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }

    static func renderSection(_ section: PrintSection, into out: inout HTMLWriter) {
        out.write(
            """
            <section class="print-section depth-\(section.depth)" id="\(section.id)">
            <h2 class="print-page-title">\(number(section.number))\(section.title)</h2>
            \(section.body)</section>

            """)
    }

    private static func number(_ number: String) -> HTML {
        number.isEmpty ? "" : "<span class=\"print-number\">\(number)</span> "
    }

    static func renderEnd(_ context: PrintContext, into out: inout HTMLWriter) {
        out.write("</main>\n")
        out.write(
            "<footer class=\"site-footer\">\n<p>\(context.site.title) · <a href=\"index.html\">Back to the site</a></p>\n</footer>\n</body>\n</html>\n"
        )
    }
}
