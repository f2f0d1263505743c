// Stage 6, render. In: a page's record and body. Out: the whole page from the theme's layout, its widgets'
// markup, and its section of `print.html`. Runs for every page in parallel.

import Foundation

/// The second pass for one page: Markdown to HTML with checked links, widgets, the theme's layout,
/// the output checks, and the page's section of `print.html`.
struct PageRenderer: Sendable {
    let theme: any Theme
    let widgets: WidgetRegistry
    let settings: SiteSettings
    let model: SiteModel
    let pageResolver: LinkResolver
    let printResolver: LinkResolver
    let printIDs: [String]
    /// Each page's number in `print.html` (`2.3`), shown in its heading, the contents and "(see 2.3)".
    var printNumbers: [String] = []
    let brokenLinksAreWarnings: Bool
    /// Every file the output folder will hold, for checking the URLs templates write.
    let outputFiles: Set<String>
    /// The pages the output checker re-reads; `nil` for every page.
    var checkedPages: Set<Int>? = nil
    /// The output folder being replaced, whose unchanged files are linked instead of written again.
    var previousOutput: String? = nil
    /// The stylesheets of the widgets the site uses: `print.html` shows their paper forms.
    var printStylesheets: [String] = []
    /// Receives each page's text for the search index and `search.html`; `nil` when nothing is written.
    var searchCollector: SearchCollector? = nil
    /// Trees the first pass parsed; a page found there is not read or parsed again.
    var parsedPages: ParsedPages? = nil

    /// Renders page `index`; writes it under `root` unless that is `nil` (checking only).
    func render(page index: Int, into writer: inout HTMLWriter, writingTo root: URL?, printParts: PageParts?) -> [Diagnostic] {
        let record = model.pages[index]
        var problems: [Diagnostic] = []
        let source: PageSource
        let document: MarkdownDocument
        if let kept = parsedPages?.take(path: record.file.relativePath) {
            source = kept.source
            document = kept.document
        } else {
            do {
                // The first pass parsed the front matter already; only the Markdown is needed again.
                let parts = try PageSource.split(try SourceReader.read(record.file, displayPath: record.displayPath), path: record.displayPath)
                source = PageSource(frontMatter: record.frontMatter, markdown: parts.markdown, markdownLineOffset: parts.markdownLineOffset)
            } catch {
                return [error]
            }
            document = parse(source, idPrefix: nil)
        }
        // Parsed once: the page and its section of print.html render from the same tree.
        let body = renderBody(source, page: index, resolver: pageResolver, idPrefix: nil, parsed: document, problems: &problems)
        if brokenLinksAreWarnings {
            // Only what the flag names: a missing page, file or heading. Offline guarantees stay errors.
            problems = problems.map { $0.category == .brokenTarget && $0.severity == .error ? Self.downgraded($0) : $0 }
        }

        let context = PageContext(
            site: settings,
            page: PageInfo(
                title: record.title, description: record.frontMatter.description,
                sourcePath: record.file.relativePath, outputPath: record.outputPath, layout: record.layout,
                isHome: record.isFolderIndex && !record.file.relativePath.contains("/"), metadata: record.frontMatter.extra, body: body.html),
            root: URLPath.rootPrefix(for: record.outputPath),
            navigation: model.navigation(for: index),
            breadcrumbs: model.breadcrumbs(for: index),
            tableOfContents: body.tableOfContents,
            previous: model.previous(of: index), next: model.next(of: index),
            scripts: body.scripts, stylesheets: body.stylesheets,
            canonicalURL: settings.baseURL.map { $0 + URLPath.encode(record.outputPath) })
        writer.reset()
        theme.render(context, into: &writer)
        // A link the Markdown checker already rejected would be reported twice; the page fails either way.
        let markdownErrors = problems.contains { $0.stage == .checking && $0.severity == .error }
        let markdownBrokenTargets = problems.contains { $0.category == .brokenTarget }
        let findings =
            checkedPages.map { $0.contains(index) } ?? true
            ? OutputScanner.scan(writer.bytes, pagePath: record.outputPath, existingFiles: outputFiles) : []
        for finding in findings where !markdownErrors {
            // A broken target the Markdown checker reported (as a warning, with the flag) is not reported again.
            if finding.category == .brokenTarget && markdownBrokenTargets { continue }
            problems.append(.error(.checking, category: finding.category, at: SourceLocation(path: record.displayPath), finding.message))
        }
        guard let root, let printParts else { return problems }
        do {
            try searchCollector?.collect(
                page: index, title: record.title, description: record.frontMatter.description, outputPath: record.outputPath,
                contents: body.tableOfContents, body: body.html)
        } catch {
            problems.append(
                .error(.writing, at: SourceLocation(path: record.displayPath), "cannot keep its search terms: \(ContentScanner.reason(error))"))
        }
        problems += write(
            writer.bytes, to: root.appendingPathComponent(record.outputPath), display: record.displayPath,
            previous: previousOutput.map { $0 + "/" + record.outputPath })

        // This page's part of print.html, kept on disk until the whole file is assembled.
        var ignored: [Diagnostic] = []
        let printBody = renderBody(
            source, page: index, resolver: printResolver, idPrefix: printIDs[index], parsed: document, problems: &ignored)
        writer.reset()
        theme.renderPrintSection(
            PrintSection(
                title: record.title, id: printIDs[index], depth: model.depth(of: index), body: printBody.html,
                number: printNumbers.indices.contains(index) ? printNumbers[index] : ""),
            into: &writer)
        do {
            try printParts.append(writer.bytes, forPage: index)
        } catch {
            problems.append(
                .error(.writing, at: SourceLocation(path: record.displayPath), "cannot write its part of print.html: \(ContentScanner.reason(error))")
            )
        }
        return problems
    }

    private static func downgraded(_ diagnostic: Diagnostic) -> Diagnostic {
        var warning = diagnostic
        warning.severity = .warning
        return warning
    }

    struct RenderedBody {
        var html: HTML
        var tableOfContents: [TableOfContentsEntry]
        var scripts: [String]
        var stylesheets: [String]
    }

    private func parse(_ source: PageSource, idPrefix: String?) -> MarkdownDocument {
        MarkdownDocument(
            source.markdown, allowsRawHTML: settings.allowsRawHTML, settings: settings.markdown, idPrefix: idPrefix,
            lineOffset: source.markdownLineOffset)
    }

    /// Renders a page's Markdown, from `parsed` when given (a tree already rendered once is rendered
    /// again with this plan; see `MarkdownDocument.renderHTML`).
    func renderBody(
        _ source: PageSource, page index: Int, resolver: LinkResolver, idPrefix: String?, parsed: MarkdownDocument? = nil,
        problems: inout [Diagnostic]
    ) -> RenderedBody {
        let record = model.pages[index]
        let document = parsed ?? parse(source, idPrefix: idPrefix)
        var plan = MarkdownRenderPlan()
        var slugger = Slugger(reserved: theme.reservedIDs)
        var contents: [TableOfContentsEntry] = []
        for (position, heading) in document.headings.enumerated() {
            if position == record.titleHeading {
                // The heading became the page's title: the layout writes it as the <h1>. Its id is
                // still taken, so the other headings get the ids the first pass gave them.
                _ = slugger.uniqueID(for: heading)
                plan.headings.append(nil)
                continue
            }
            if heading.level == 1 && idPrefix == nil && record.frontMatter.title != nil {
                problems.append(
                    .warning(
                        .markdown, at: SourceLocation(path: record.displayPath, line: heading.line, column: heading.column),
                        "level-1 heading '\(heading.text)': the page title from the front matter is already the page's <h1>; start sections with '##'"
                    ))
            }
            let slug = slugger.uniqueID(for: heading)
            let id = idPrefix.map { "\($0)--\(slug)" } ?? slug
            let level = min(heading.level + (idPrefix == nil ? 0 : 1), 6)
            plan.headings.append(
                (
                    open: "<h\(level) id=\"\(HTML(escaping: id).string)\">",
                    // Out of the tab order (one stop per heading would bury the content); the contents
                    // list reaches each section, and the theme shows the mark on hover and as the target.
                    close:
                        "<a class=\"heading-anchor\" href=\"#\(HTML(escaping: URLPath.encode(id)).string)\" tabindex=\"-1\" aria-label=\"Section link: \(HTML(escaping: heading.text).string)\">#</a></h\(level)>"
                ))
            if heading.level == 2 {
                contents.append(TableOfContentsEntry(title: heading.text, id: id, children: []))
            } else if heading.level == 3 {
                if contents.isEmpty {
                    contents.append(TableOfContentsEntry(title: heading.text, id: id, children: []))
                } else {
                    contents[contents.count - 1].children.append(TableOfContentsEntry(title: heading.text, id: id, children: []))
                }
            }
        }
        if let omitted = document.firstOmittedHTML, idPrefix == nil {
            problems.append(
                .warning(
                    .markdown, at: SourceLocation(path: record.displayPath, line: omitted.line, column: omitted.column),
                    "raw HTML is left out of this page (first here); set 'raw-html: true' in site.yml to keep it"))
        }
        for link in document.links {
            switch resolver.resolve(link, on: index, problems: &problems) {
            case .local(let url):
                plan.links.append((url: url, openTag: nil))
            case .printSection(let url, let target):
                // On paper a link cannot be followed: the theme prints "(see 2.3)" from data-see.
                let number = printNumbers.indices.contains(target) ? printNumbers[target] : ""
                let names = target != index && !link.isImage && !number.isEmpty
                plan.links.append(
                    (
                        url: url,
                        openTag: names ? "<a href=\"\(URLPath.escapeHref(url))\" data-see=\"\(HTML(escaping: number).string)\">" : nil
                    ))
            case .external(let url):
                plan.links.append((url: url, openTag: link.isImage ? nil : externalLinkTag(url, link: link, page: record, problems: &problems)))
            }
        }
        plan.imageWrappers = document.links.enumerated().map { position, link in
            guard link.isImage, let source = narrowVariant(of: link, on: index, resolver: resolver) else { return nil }
            // A diagram drawn twice is a diagram: on screen it also links to its full-size file, to open
            // and zoom (print.html is for paper, and keeps its links inside itself).
            guard idPrefix == nil, !link.isInsideLink, plan.links.indices.contains(position) else {
                return (before: "<picture>" + source, after: "</picture>")
            }
            let href = URLPath.escapeHref(plan.links[position].url)
            return (before: "<a class=\"diagram-link\" href=\"\(href)\"><picture>" + source, after: "</picture></a>")
        }
        var scripts: [String] = []
        var stylesheets: [String] = []
        for (ordinal, fence) in document.widgetFences.enumerated() {
            let location = SourceLocation(path: record.displayPath, line: fence.line, column: fence.column)
            guard let widget = widgets[fence.name] else {
                let known = widgets.names.map { "'\($0)'" }.joined(separator: ", ")
                problems.append(
                    .error(
                        .widgets, at: location,
                        fence.name.isEmpty
                            ? "widget fence names no widget; known widgets: \(known)" : "unknown widget '\(fence.name)'; known widgets: \(known)"))
                plan.widgets.append("")
                continue
            }
            let placement = WidgetPlacement(location: location, body: fence.body, ordinal: ordinal + 1)
            if idPrefix != nil {
                // print.html is for paper: the widget's paper form, and a pointer to the interactive page.
                let name = HTML(escaping: String(widget.name.map { $0 == "-" ? " " : $0 })).string
                if let paper = (try? widget.renderPaperForm(placement, site: settings)) ?? nil {
                    plan.widgets.append(
                        "<p class=\"print-widget-note\">(On screen, this is an interactive \(name) tool.)</p>\n" + paper.string)
                } else {
                    plan.widgets.append(
                        "<p class=\"print-widget-note\">(On screen, the interactive \(name) tool appears here; it needs a browser.)</p>")
                }
                continue
            }
            do throws(Diagnostic) {
                let html = try widget.render(placement, site: settings)
                plan.widgets.append(html.string)
                for script in widget.scriptPaths where !scripts.contains(script) { scripts.append(script) }
                for sheet in widget.stylesheetPaths where !stylesheets.contains(sheet) { stylesheets.append(sheet) }
            } catch {
                problems.append(error)
                plan.widgets.append("")
            }
        }
        plan.codeBlocks = document.codeBlocks.map { CodeBlockMarkup.render(language: $0.language, code: $0.code) }
        let markup = document.renderHTML(plan, idPrefix: idPrefix) ?? parse(source, idPrefix: idPrefix).renderHTML(plan, idPrefix: idPrefix) ?? ""
        let html = HTML(renderedByDocgen: markup)
        return RenderedBody(html: html, tableOfContents: contents, scripts: scripts, stylesheets: stylesheets)
    }

    /// Below this width an image with a narrow variant shows that variant (a portrait diagram).
    static let narrowImageMedia = "(max-width: 40em)"

    /// `<source>` for the narrow variant of a local image — `diagram.svg` beside `diagram.narrow.svg` —
    /// so phones get a layout drawn for them; `nil` when the content folder has none.
    private func narrowVariant(of image: MarkdownLink, on page: Int, resolver: LinkResolver) -> String? {
        var path = Substring(image.url)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        guard LinkResolver.scheme(of: String(path)) == nil, let dot = path.lastIndex(of: "."),
            !path[dot...].contains("/"), !path[..<dot].hasSuffix(".narrow")
        else { return nil }
        var variant = image
        variant.url = String(path[..<dot]) + ".narrow" + path[dot...]
        variant.text = "narrow variant"
        var problems: [Diagnostic] = []
        guard case .local(let url) = resolver.resolve(variant, on: page, problems: &problems), problems.isEmpty else { return nil }
        // A comma would split the srcset candidate; spaces are already percent-encoded.
        let candidate = url.replacingOccurrences(of: ",", with: "%2C")
        return "<source media=\"\(Self.narrowImageMedia)\" srcset=\"\(HTML(escaping: candidate).string)\">"
    }

    /// Schemes docgen passes through without comment.
    static let knownSchemes: Set<String> = [
        "http", "https", "mailto", "tel", "sms", "ftp", "ftps", "sftp", "ssh", "git", "irc", "ircs", "news", "xmpp", "sip", "sips", "im",
        "callto", "skype", "magnet", "urn",
    ]
    /// Schemes libcmark empties in safe mode, and docgen with it.
    static let dangerousSchemes: Set<String> = ["javascript", "vbscript", "file", "data"]

    /// The opening tag of a link to another site, with its URL percent-encoded exactly as libcmark
    /// writes it. A scheme docgen does not know is kept but reported; a dangerous one is emptied.
    private func externalLinkTag(_ url: String, link: MarkdownLink, page record: PageRecord, problems: inout [Diagnostic]) -> String {
        var href = URLPath.escapeHref(url)
        if let scheme = LinkResolver.scheme(of: url), !Self.knownSchemes.contains(scheme) {
            let location = SourceLocation(path: record.displayPath, line: link.line, column: link.column)
            if Self.dangerousSchemes.contains(scheme) && !settings.allowsRawHTML {
                href = ""
                problems.append(.warning(.checking, at: location, "link to '\(url)': '\(scheme):' links are removed, as libcmark does"))
            } else {
                problems.append(
                    .warning(
                        .checking, at: location,
                        "link to '\(url)': docgen does not know the scheme '\(scheme):', so it cannot check it; kept as written"))
            }
        }
        return "<a href=\"\(href)\" class=\"external\" rel=\"external\">"
    }

    private func write(_ bytes: [UInt8], to url: URL, display: String, previous: String? = nil) -> [Diagnostic] {
        do {
            try FileWriter.write(bytes, to: url.path, reusing: previous)
            return []
        } catch {
            return [.error(.writing, at: SourceLocation(path: display), "cannot write \(url.lastPathComponent): \(ContentScanner.reason(error))")]
        }
    }

    // MARK: Pages docgen adds

    func writeNotFoundPage(to root: URL) -> [Diagnostic] {
        let home = model.homePage.map { model.link(to: $0) }
        let homeLink: HTML = home.map { "<a href=\"\($0.path)\">\($0.title)</a>" } ?? "the home page"
        let body: HTML = """
            <p>There is no page at this address. It may have been moved or renamed.</p>
            <p>Go to \(homeLink), or read the whole guide on <a href="\(SiteBuilder.printPagePath)">one page</a>.</p>

            """
        var context = PageContext(
            site: settings,
            page: PageInfo(
                title: "Page not found", description: nil, sourcePath: "", outputPath: SiteBuilder.notFoundPagePath,
                layout: theme.defaultLayout, isHome: false, metadata: [:], body: body),
            root: "", navigation: model.navigation(for: nil), breadcrumbs: home.map { [$0] } ?? [], tableOfContents: [],
            previous: nil, next: nil, scripts: [], stylesheets: [], canonicalURL: nil)
        context.baseHref = settings.baseURL
        var writer = HTMLWriter()
        theme.render(context, into: &writer)
        return write(writer.bytes, to: root.appendingPathComponent(SiteBuilder.notFoundPagePath), display: SiteBuilder.notFoundPagePath)
    }

    /// Joins the parts written by ``render(page:into:writingTo:printParts:)`` in reading order,
    /// streaming them so the whole site is never in memory at once.
    func writePrintPage(order: [Int], parts: PageParts, to root: URL) -> [Diagnostic] {
        var context = PrintContext(
            site: settings,
            contents: order.map { Link(title: model.pages[$0].title, path: "#" + printIDs[$0]) },
            scripts: [], stylesheets: printStylesheets)
        context.outline = order.map {
            PrintContentsEntry(
                title: model.pages[$0].title, path: "#" + printIDs[$0], number: printNumbers.indices.contains($0) ? printNumbers[$0] : "",
                depth: model.depth(of: $0))
        }
        context.asOf = settings.updated
        let destination = root.appendingPathComponent(SiteBuilder.printPagePath)
        do {
            let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw FileWriteError(code: errno) }
            defer { close(descriptor) }
            var writer = HTMLWriter()
            theme.renderPrintStart(context, into: &writer)
            try FileWriter.write(writer.bytes, toDescriptor: descriptor)
            // Each part is copied by the kernel from the parts file: print.html can be tens of megabytes.
            for index in order {
                try parts.copyPart(forPage: index, to: descriptor)
            }
            writer.reset()
            theme.renderPrintEnd(context, into: &writer)
            try FileWriter.write(writer.bytes, toDescriptor: descriptor)
            return []
        } catch {
            return [.error(.writing, at: SourceLocation(path: SiteBuilder.printPagePath), "cannot write: \(ContentScanner.reason(error))")]
        }
    }
}
