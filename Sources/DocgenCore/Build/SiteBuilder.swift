import Foundation

/// Turns a content folder into a site: settings → scan → read pages → check → render → write → swap.
///
/// Pages are independent, so both passes over them run on every core. The first pass keeps only what
/// other pages need (title, order, heading ids); the second parses each page again and renders it, so
/// memory holds one page per core, not the site.
public struct SiteBuilder: Sendable {
    public let theme: any Theme
    public let widgets: WidgetRegistry

    /// Files docgen writes besides the pages.
    static let printPagePath = "print.html"
    static let notFoundPagePath = "404.html"
    static let sitemapPath = "sitemap.xml"

    public init(theme: any Theme, widgets: WidgetRegistry = .standard) {
        self.theme = theme
        self.widgets = widgets
    }

    public func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let content =
            options.contentDirectory.hasSuffix("/") && options.contentDirectory.count > 1
            ? String(options.contentDirectory.dropLast()) : options.contentDirectory
        let contentURL = URL(fileURLWithPath: content).standardizedFileURL
        let outputURL = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL
        @Sendable func display(_ relative: String) -> String { content + "/" + relative }

        // Scan and settings.
        let files: [ContentFile]
        let settings: SiteSettings
        do throws(Diagnostic) {
            try checkFoldersDoNotOverlap(content: contentURL, output: outputURL, options: options)
            files = try ContentScanner(displayRoot: content, root: contentURL).scan()
            guard let settingsFile = files.first(where: { $0.kind == .settings }) else {
                throw Diagnostic.error(
                    .settings, at: SourceLocation(path: display(SiteSettings.fileName)),
                    "site settings file not found; create it with at least 'title: …'")
            }
            let text = try SourceReader.read(settingsFile, displayPath: display(settingsFile.relativePath), stage: .settings)
            settings = try SiteSettings.parse(text, path: display(settingsFile.relativePath))
        } catch let diagnostic {
            throw BuildFailure([diagnostic])
        }

        // First pass: front matter and heading ids of every page.
        let pageFiles = files.filter { $0.kind == .page }
        let firstPass = Parallel.map(pageFiles.count) { index, _ in
            readPage(pageFiles[index], displayPath: display(pageFiles[index].relativePath), settings: settings)
        }
        var diagnostics: [Diagnostic] = []
        var records: [PageRecord] = []
        var drafts: Set<String> = []
        for result in firstPass {
            switch result {
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            case .success(let record):
                if record.frontMatter.isDraft && !options.includesDrafts {
                    drafts.insert(record.file.relativePath)
                } else {
                    records.append(record)
                }
            }
        }
        guard diagnostics.isEmpty else { throw BuildFailure(diagnostics.sorted { $0.location < $1.location }) }
        guard !records.isEmpty else {
            throw BuildFailure([.error(.scanning, at: SourceLocation(path: content), "every page is a draft; nothing to build (use --drafts)")])
        }

        // Every output file has exactly one source.
        let assetFiles = files.filter { $0.kind == .asset }
        let themeAssets = listThemeAssets()
        let widgetAssets = listWidgetAssets()
        var outputs: [String: String] = [:]
        func claim(_ output: String, by source: String, location: SourceLocation) {
            if let earlier = outputs[output] {
                diagnostics.append(
                    .error(
                        .scanning, at: location,
                        "'\(earlier)' and '\(source)' would both be written to \(options.outputDirectory)/\(output); rename one of them"))
            } else {
                outputs[output] = source
            }
        }
        let generated = [Self.printPagePath, Self.notFoundPagePath] + (settings.baseURL != nil ? [Self.sitemapPath] : [])
        for path in generated { outputs[path] = "docgen's generated \(path)" }
        for (relative, _) in themeAssets { outputs["assets/" + relative] = "the theme's assets/\(relative)" }
        for (relative, _) in widgetAssets { outputs["assets/widgets/" + relative] = "the widget file assets/widgets/\(relative)" }
        for record in records.sorted(by: { $0.displayPath < $1.displayPath }) {
            claim(record.outputPath, by: record.file.relativePath, location: SourceLocation(path: record.displayPath))
        }
        for asset in assetFiles {
            claim(asset.relativePath, by: asset.relativePath, location: SourceLocation(path: display(asset.relativePath)))
        }
        guard diagnostics.isEmpty else { throw BuildFailure(diagnostics) }

        let model = SiteModel(pages: records)
        var printSlugger = Slugger(reserved: theme.reservedIDs)
        let printIDs = records.map { printSlugger.uniqueSlug(for: "page " + $0.outputPath.dropLast(5).replacingOccurrences(of: "/", with: " ")) }
        let knownFiles = Set(assetFiles.map(\.relativePath))
        let pageResolver = LinkResolver(
            model: model, files: knownFiles, includesDrafts: options.includesDrafts, draftSources: drafts, mode: .pages, printIDs: printIDs)
        let printResolver = LinkResolver(
            model: model, files: knownFiles, includesDrafts: options.includesDrafts, draftSources: drafts, mode: .printPage, printIDs: printIDs)

        // Second pass: render and write every page.
        let staging = OutputStaging(output: outputURL)
        let stagingRoot = staging.staging
        var printParts: PrintParts?
        if options.writesOutput {
            do {
                try staging.prepare()
                try createFolders(for: records.map(\.outputPath) + assetFiles.map(\.relativePath), in: stagingRoot)
                printParts = try PrintParts(
                    url: outputURL.deletingLastPathComponent().appendingPathComponent(".\(outputURL.lastPathComponent).docgen-print"))
            } catch let diagnostic as Diagnostic {
                staging.discard()
                throw BuildFailure([diagnostic])
            } catch {
                staging.discard()
                throw BuildFailure([
                    .error(.writing, at: SourceLocation(path: options.outputDirectory), "cannot prepare the output: \(ContentScanner.reason(error))")
                ])
            }
        }
        let renderer = PageRenderer(
            theme: theme, widgets: widgets, settings: settings, model: model, pageResolver: pageResolver,
            printResolver: printResolver, printIDs: printIDs, brokenLinksAreWarnings: options.brokenLinksAreWarnings,
            outputFiles: Set(outputs.keys))
        let parts = printParts
        let secondPass = Parallel.map(records.count) { index, writer in
            renderer.render(page: index, into: &writer, writingTo: options.writesOutput ? stagingRoot : nil, printParts: parts)
        }
        for found in secondPass { diagnostics += found }

        // Files copied as they are, and the pages docgen adds.
        if options.writesOutput {
            for asset in assetFiles {
                copy(
                    from: asset.absolutePath, to: stagingRoot.appendingPathComponent(asset.relativePath).path, display: display(asset.relativePath),
                    into: &diagnostics)
            }
            for (relative, source) in themeAssets {
                copy(
                    from: source, to: stagingRoot.appendingPathComponent("assets/" + relative).path, display: "Templates/assets/" + relative,
                    into: &diagnostics)
            }
            for (relative, source) in widgetAssets {
                copy(
                    from: source, to: stagingRoot.appendingPathComponent("assets/widgets/" + relative).path, display: "widgets/" + relative,
                    into: &diagnostics)
            }
            diagnostics += renderer.writeNotFoundPage(to: stagingRoot)
            if let parts { diagnostics += renderer.writePrintPage(order: model.readingOrder, parts: parts, to: stagingRoot) }
            if let baseURL = settings.baseURL {
                diagnostics += writeSitemap(baseURL: baseURL, model: model, to: stagingRoot)
            }
        }
        for (relative, source) in themeAssets + widgetAssets.map({ ("widgets/" + $0.0, $0.1) }) where relative.hasSuffix(".css") {
            if let css = try? String(contentsOfFile: source, encoding: .utf8) {
                for finding in OutputScanner.scanCSS(css) {
                    diagnostics.append(.error(.checking, at: SourceLocation(path: "assets/" + relative), finding.message))
                }
            }
        }

        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        let errors = diagnostics.filter { $0.severity == .error }
        let warnings = diagnostics.filter { $0.severity == .warning }
        if !errors.isEmpty || (options.isStrict && !warnings.isEmpty) {
            if options.writesOutput { staging.discard() }
            throw BuildFailure(diagnostics)
        }
        if options.writesOutput {
            do {
                try staging.commit()
            } catch let diagnostic {
                throw BuildFailure([diagnostic])
            }
        }
        return BuildReport(
            pageCount: records.count, assetCount: assetFiles.count + themeAssets.count + widgetAssets.count,
            draftsSkipped: drafts.count, warnings: warnings)
    }

    // MARK: First pass

    private func readPage(_ file: ContentFile, displayPath: String, settings: SiteSettings) -> Result<PageRecord, Diagnostic> {
        do {
            let text = try SourceReader.read(file, displayPath: displayPath)
            let source = try PageSource.parse(text, path: displayPath)
            let isHome = file.relativePath == "index.md"
            let layout = source.frontMatter.layout ?? (isHome ? theme.homeLayout : theme.defaultLayout)
            guard theme.layouts.contains(layout) else {
                let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("layout:") }.map { $0 + 1 }
                return .failure(
                    .error(
                        .frontMatter, at: SourceLocation(path: displayPath, line: line, column: line == nil ? nil : 9),
                        "unknown layout '\(layout)'; the theme has \(theme.layouts.sorted().map { "'\($0)'" }.joined(separator: ", "))"))
            }
            let document = MarkdownDocument(source.markdown, allowsRawHTML: settings.allowsRawHTML, lineOffset: source.markdownLineOffset)
            var slugger = Slugger(reserved: theme.reservedIDs)
            let ids = document.headings.map { slugger.uniqueSlug(for: $0.text) }
            let outputPath = String(file.relativePath.dropLast(3)) + ".html"
            return .success(
                PageRecord(
                    file: file, displayPath: displayPath, frontMatter: source.frontMatter, layout: layout, outputPath: outputPath,
                    headingIDs: Set(ids)))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Folders and files

    private func checkFoldersDoNotOverlap(content: URL, output: URL, options: BuildOptions) throws(Diagnostic) {
        guard options.writesOutput else { return }
        let contentPath = content.path.hasSuffix("/") ? content.path : content.path + "/"
        let outputPath = output.path.hasSuffix("/") ? output.path : output.path + "/"
        if contentPath.hasPrefix(outputPath) || outputPath.hasPrefix(contentPath) {
            throw .error(
                .writing, at: SourceLocation(path: options.outputDirectory),
                "the output folder and the content folder must not contain each other; the output folder is replaced on every build")
        }
    }

    private func createFolders(for paths: [String], in root: URL) throws {
        var folders = Set<String>()
        for path in paths {
            let folder = URLPath.directory(of: path)
            if !folder.isEmpty { folders.insert(folder) }
        }
        for folder in folders.sorted() {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    private func copy(from source: String, to destination: String, display: String, into diagnostics: inout [Diagnostic]) {
        do {
            let folder = (destination as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try Data(contentsOf: URL(fileURLWithPath: source))
            try FileWriter.write([UInt8](data), to: destination)
        } catch {
            diagnostics.append(.error(.writing, at: SourceLocation(path: display), "cannot copy file: \(ContentScanner.reason(error))"))
        }
    }

    /// Files of the theme's assets folder, relative path → absolute path, sorted.
    private func listThemeAssets() -> [(String, String)] {
        guard let directory = theme.assetsDirectory else { return [] }
        return Self.listFiles(in: directory.path)
    }

    private func listWidgetAssets() -> [(String, String)] {
        guard let directory = Bundle.module.url(forResource: "widgets", withExtension: nil) else { return [] }
        return Self.listFiles(in: directory.path)
    }

    static func listFiles(in directory: String) -> [(String, String)] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [(String, String)] = []
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                !(relative as NSString).lastPathComponent.hasPrefix(".")
            {
                files.append((relative, path))
            }
        }
        return files.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
    }

    private func writeSitemap(baseURL: String, model: SiteModel, to root: URL) -> [Diagnostic] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for index in model.readingOrder {
            xml += "  <url><loc>\(HTML(escaping: baseURL + URLPath.encode(model.pages[index].outputPath)).string)</loc></url>\n"
        }
        xml += "</urlset>\n"
        do {
            try FileWriter.write(Array(xml.utf8), to: root.appendingPathComponent(Self.sitemapPath).path)
            return []
        } catch {
            return [.error(.writing, at: SourceLocation(path: Self.sitemapPath), "cannot write: \(ContentScanner.reason(error))")]
        }
    }
}
