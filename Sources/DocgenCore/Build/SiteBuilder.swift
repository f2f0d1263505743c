import Foundation

/// Turns a content folder into a site. ``build(_:)`` is the list of stages a page goes through, each
/// in the folder of the same name:
///
/// 1. Settings (`1-Settings`) · 2. Scan (`2-Scan`) · 3. Read (`3-Read`, in parallel) · 4. Model
/// (`4-Model`) · 5–7. Markdown, render and check each page (`5-Markdown`, `6-Render`, `7-Check`, in
/// parallel) · 8. Write and swap (`8-Write`).
///
/// The first pass over the pages keeps only what other pages need (title, order, heading ids); the
/// second parses each page again and renders it, so memory holds one page per core, not the site.
public struct SiteBuilder: Sendable {
    public let theme: any Theme
    public let widgets: WidgetRegistry

    /// Files docgen writes besides the pages.
    static let printPagePath = "print.html"
    static let notFoundPagePath = "404.html"
    static let sitemapPath = "sitemap.xml"
    static let allPagesPath = "search.html"

    public init(theme: any Theme, widgets: WidgetRegistry = WidgetRegistry()) {
        self.theme = theme
        self.widgets = widgets
    }

    public func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        // Every stage that can still run does, so one build reports every problem it can find.
        var diagnostics: [Diagnostic] = []
        let folders = try stop { () throws(Diagnostic) in try BuildFolders(options) }
        let started = Self.now()
        var clock = StageClock()
        let cacheKey = BuildCache.key(
            theme: theme, widgets: widgets, options: options, contentRealPath: ContentScanner.realPath(folders.content.path) ?? "",
            contentNames: [folders.content.path, folders.contentDisplay])
        // --clean reads no cache, but records one like any build.
        let cache = options.isClean || cacheKey == nil ? nil : BuildCache.load(from: BuildCache.url(for: folders.output))
        // Under the lock, so a build running now cannot be half-way through replacing the output.
        let lock = cache != nil && options.writesOutput ? OutputStaging(output: folders.output) : nil
        try stop { () throws(Diagnostic) in try lock?.lockForReading() }
        defer { lock?.release() }
        // The content is scanned while the output is compared with the cache: both are mostly system calls.
        let (scanned, outputUnchanged) = scanComparingOutput(folders, with: cache)
        let files = try stop { () throws(Diagnostic) in try scanned.get() }
        clock.lap("scan and compare")
        if let cache, let cacheKey, outputUnchanged, cache.inputsMatch(key: cacheKey, files: files) {
            var upToDate = cache.report
            upToDate.stageSeconds = clock.laps
            return upToDate
        }
        // Only pages changed: render just those, when nothing other pages show of them changed.
        let pageCache = cache == nil ? nil : PageCache.load(for: folders.output)
        if pageCache != nil { clock.lap("read the page cache") }
        var whyEveryPage =
            cache == nil ? "no build cache" : !outputUnchanged ? "the output changed since the last build" : "the build's key changed"
        if let cache, !options.writesOutput, cache.key == cacheKey, let changed = cache.changedInputs(files),
            var report = checkChangedPages(
                changed, files: files, cache: cache, pageCache: pageCache, folders: folders, clock: &clock, whyNot: &whyEveryPage)
        {
            report.stageSeconds = clock.laps
            return report
        }
        if let cache, let lock, outputUnchanged, cache.key == cacheKey {
            if let changed = cache.changedInputs(files) {
                if var report = buildChangedPages(
                    changed, files: files, cache: cache, pageCache: pageCache, folders: folders, lock: lock, started: started, clock: &clock,
                    whyNot: &whyEveryPage)
                {
                    report.stageSeconds = clock.laps
                    return report
                }
            } else {
                whyEveryPage = "a content file was added or removed"
            }
        }
        // The lock stays held: the output compared above is the output this build replaces.
        let (settings, widgets) = loadSettings(files, folders, into: &diagnostics)
        let kept = keptRecords(cache, key: cacheKey, pageCache: pageCache, files: files)
        let parsed = ParsedPages()
        let pages = try readPages(files, settings: settings, folders: folders, kept: kept, keepingParsedIn: parsed, into: &diagnostics)
        clock.lap("read")
        let site = modelSite(pages, files: files, settings: settings, widgets: widgets, folders: folders, into: &diagnostics)
        clock.lap("model")
        // With errors already, the rest runs as a check: it finds more problems and writes nothing.
        let writes = options.writesOutput && !diagnostics.contains { $0.severity == .error }
        let staging: Staging?
        do throws(Diagnostic) {
            staging = writes ? try prepareOutput(site, folders: folders, locked: lock, isAsRecorded: outputUnchanged && lock != nil) : nil
        } catch {
            throw BuildFailure(Self.sorted(diagnostics + [error]))
        }
        var renderer = makeRenderer(site, settings: settings, widgets: widgets, options: options)
        let search = staging.map {
            SearchCollector(pageCount: site.model.pages.count, indexesText: settings.searchEnabled, scratch: $0.searchParts)
        }
        renderer.searchCollector = search
        renderer.previousOutput = staging?.previous
        renderer.parsedPages = parsed
        // What the next build compares: what each page takes from the others, and what every page can.
        let digests = staging == nil ? nil : siteDigests(site, renderer: renderer)
        let keptPages = digests.flatMap { digests in
            staging.flatMap { staging in
                outputUnchanged
                    ? KeptPages(
                        cache: cache, pageCache: pageCache, keptRecords: kept, site: site, digests: digests, renderer: renderer,
                        indexesText: settings.searchEnabled, output: folders.output, staging: staging) : nil
            }
        }
        clock.lap("prepare the output")
        let rendered = renderPages(renderer, site: site, staging: staging, keeping: keptPages, search: search)
        diagnostics += rendered.diagnostics
        clock.lap(keptPages == nil ? "render" : "render \(rendered.count) pages")
        // Independent files: assets and print.html on one core, the search index on the other.
        // Both write under assets/: made first, so neither races the other to create it.
        if let staging {
            try? FileManager.default.createDirectory(at: staging.root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        }
        let finishedRenderer = renderer
        let written = Parallel.map(2) { job, _ -> (diagnostics: [Diagnostic], index: SearchIndexFiles?) in
            if job == 0 { return (writeGeneratedFiles(finishedRenderer, site: site, staging: staging, folders: folders), nil) }
            var found: [Diagnostic] = []
            let index = writeSearch(search, renderer: finishedRenderer, site: site, staging: staging, diagnostics: &found)
            return (found, index)
        }
        diagnostics += written[0].diagnostics + written[1].diagnostics
        let searchIndex = written[1].index
        clock.lap("assets, print.html, search")
        diagnostics += checkThemeStylesheets(site)
        let record = cacheKey.map { (key: $0, files: files, started: started) }
        var report = try finish(
            diagnostics, site: site, staging: staging, options: options, search: search, searchIndex: searchIndex, cache: record,
            digests: digests)
        clock.lap("manifest, swap, cache")
        report.stageSeconds = clock.laps
        report.whyEveryPage = options.isClean ? "--clean" : whyEveryPage
        report.pagesRead = pages.filesRead
        if keptPages != nil { report.pagesRendered = rendered.count }
        return report
    }

    /// The content folder's files, and whether the output is exactly what `cache` recorded (false
    /// without a cache), found on two threads at once.
    private func scanComparingOutput(_ folders: BuildFolders, with cache: BuildCache?) -> (Result<[ContentFile], Diagnostic>, Bool) {
        let jobs = Parallel.map(cache == nil ? 1 : 2) { job, _ -> (Result<[ContentFile], Diagnostic>?, Bool) in
            if job == 1 { return (nil, cache?.outputIsUnchanged(folders.output) ?? false) }
            do throws(Diagnostic) {
                return (.success(try scan(folders)), false)
            } catch {
                return (.failure(error), false)
            }
        }
        let scanned = jobs[0].0 ?? .success([])
        return (scanned, jobs.count > 1 && jobs[1].1)
    }

    /// The wall clock in nanoseconds since 1970, which file stamps are compared with.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Runs a stage that cannot go on after an error.
    func stop<T>(_ stage: () throws(Diagnostic) -> T) throws(BuildFailure) -> T {
        do {
            return try stage()
        } catch {
            throw BuildFailure([error])
        }
    }

    /// By file, then line and column, then message: how compilers list problems.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    // MARK: 1–2. Scan and settings

    private func scan(_ folders: BuildFolders) throws(Diagnostic) -> [ContentFile] {
        try ContentScanner(displayRoot: folders.contentDisplay, root: folders.content).scan()
    }

    /// The settings file, or defaults (with a note) when there is none. A broken one is reported and
    /// the build goes on with defaults, so the pages' problems are found in the same run.
    func loadSettings(_ files: [ContentFile], _ folders: BuildFolders, into diagnostics: inout [Diagnostic]) -> (SiteSettings, WidgetRegistry) {
        let defaults = SiteSettings(title: SiteModel.title(fromFolderName: folders.content.lastPathComponent))
        guard let settingsFile = files.first(where: { $0.kind == .settings }) else {
            diagnostics.append(
                .note(
                    .settings, at: SourceLocation(path: folders.display(SiteSettings.fileName)),
                    "no site settings file; using defaults (title '\(defaults.title)'); create it to set the title and more"))
            return (defaults, widgets)
        }
        let path = folders.display(settingsFile.relativePath)
        do throws(Diagnostic) {
            let text = try SourceReader.read(settingsFile, displayPath: path, stage: .settings)
            let settings = try SiteSettings.parse(text, path: path)
            return (settings, try widgets.configured(by: settings))
        } catch {
            diagnostics.append(error)
            return (defaults, widgets)
        }
    }

    // MARK: 3. Read: front matter, titles and heading ids of every page, in parallel

    struct ReadPages {
        var records: [PageRecord]
        var drafts: Set<String>
        /// Pages that could not be read; links to them are not reported again.
        var unreadable: Set<String>
        /// Page files the first pass read (the others' records were kept from the last build).
        var filesRead = 0
    }

    /// `kept`: records of unchanged pages from the last build (``keptRecords``), used instead of reading them.
    private func readPages(
        _ files: [ContentFile], settings: SiteSettings, folders: BuildFolders, kept: [String: PageRecord] = [:],
        keepingParsedIn parsed: ParsedPages? = nil, into diagnostics: inout [Diagnostic]
    ) throws(BuildFailure) -> ReadPages {
        let pageFiles = files.filter { $0.kind == .page }
        let indexes = Self.folderIndexes(pageFiles.map(\.relativePath))
        let results = Parallel.map(pageFiles.count) { index, _ -> Result<PageRecord, Diagnostic> in
            let file = pageFiles[index]
            let isFolderIndex = indexes.contains(file.relativePath)
            if var record = kept[file.relativePath], record.isFolderIndex == isFolderIndex {
                record.file = file
                return .success(record)
            }
            return readPage(
                file, displayPath: folders.display(file.relativePath), settings: settings, isFolderIndex: isFolderIndex, keepingParsedIn: parsed)
        }
        var pages = ReadPages(records: [], drafts: [], unreadable: [])
        pages.filesRead = pageFiles.count - pageFiles.filter { kept[$0.relativePath]?.isFolderIndex == indexes.contains($0.relativePath) }.count
        for (file, result) in zip(pageFiles, results) {
            switch result {
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                pages.unreadable.insert(file.relativePath)
            case .success(let record):
                if record.frontMatter.isDraft && !folders.options.includesDrafts {
                    pages.drafts.insert(record.file.relativePath)
                } else {
                    pages.records.append(record)
                }
            }
        }
        guard !pages.records.isEmpty else {
            if pages.unreadable.isEmpty {
                diagnostics.append(
                    .error(.scanning, at: SourceLocation(path: folders.contentDisplay), "every page is a draft; nothing to build (use --drafts)"))
            }
            throw BuildFailure(Self.sorted(diagnostics))
        }
        if !pages.records.contains(where: { $0.isFolderIndex && !$0.file.relativePath.contains("/") }) {
            let home = generatedHome(pages.records, settings: settings)
            diagnostics.append(
                .warning(
                    .scanning, at: SourceLocation(path: folders.contentDisplay),
                    "no home page (index.md or README.md at the top of the content folder); docgen wrote one that lists the sections"))
            if case .success(let record) = readPage(
                home, displayPath: folders.display(home.relativePath), settings: settings, isFolderIndex: true, keepingParsedIn: parsed)
            {
                pages.records.append(record)
            }
        }
        return pages
    }

    /// The last build's records of pages whose files are as it saw them (equal stamps, not racy), when
    /// the build's key and the settings file are unchanged too: reading them again would give the same
    /// records. Drafts and docgen's generated home page are read again.
    func keptRecords(_ cache: BuildCache?, key: String?, pageCache: PageCache?, files: [ContentFile]) -> [String: PageRecord] {
        guard let cache, let pageCache, let key, key == cache.key, pageCache.token == cache.token else { return [:] }
        func unchanged(_ file: ContentFile) -> Bool {
            file.stamp != nil && cache.inputs[file.relativePath] == file.stamp && !cache.racy.contains(file.relativePath)
        }
        let settings = files.first { $0.kind == .settings }
        let settingsUnchanged = settings.map(unchanged) ?? !cache.inputs.keys.contains(SiteSettings.fileName)
        guard settingsUnchanged else { return [:] }
        var unchangedPages: Set<String> = []
        for file in files where file.kind == .page && unchanged(file) { unchangedPages.insert(file.relativePath) }
        var kept: [String: PageRecord] = [:]
        for page in pageCache.pages where page.record.file.generatedText == nil && unchangedPages.contains(page.record.file.relativePath) {
            kept[page.record.file.relativePath] = page.record
        }
        return kept
    }

    /// Each folder's page: `index.md`, else `README.md` (or `readme.md`), as GitHub and MkDocs show them.
    static func folderIndexes(_ paths: [String]) -> Set<String> {
        var byFolder: [String: String] = [:]
        for path in paths.sorted(by: { $0.bytesPrecede($1) }) {
            let name = URLPath.fileName(of: path)
            let folder = URLPath.directory(of: path)
            if name == "index.md" {
                byFolder[folder] = path
            } else if name.lowercased() == "readme.md", byFolder[folder].map({ URLPath.fileName(of: $0) != "index.md" }) ?? true {
                if byFolder[folder] == nil { byFolder[folder] = path }
            }
        }
        return Set(byFolder.values)
    }

    /// Reads a page's record; with `parsed`, its parsed Markdown is kept there for the render pass.
    func readPage(
        _ file: ContentFile, displayPath: String, settings: SiteSettings, isFolderIndex: Bool, keepingParsedIn parsed: ParsedPages? = nil
    ) -> Result<PageRecord, Diagnostic> {
        do {
            let text = try SourceReader.read(file, displayPath: displayPath)
            let source = try PageSource.parse(text, path: displayPath)
            let folder = URLPath.directory(of: file.relativePath)
            let isHome = isFolderIndex && folder.isEmpty
            let layout = source.frontMatter.layout ?? (isHome ? theme.homeLayout : theme.defaultLayout)
            guard theme.layouts.contains(layout) else {
                return .failure(
                    .error(
                        .frontMatter, at: source.frontMatter.locations["layout"] ?? SourceLocation(path: displayPath, line: 1, column: 1),
                        "unknown layout '\(layout)'; the theme has \(theme.layouts.sorted().map { "'\($0)'" }.joined(separator: ", "))"))
            }
            let document = MarkdownDocument(
                source.markdown, allowsRawHTML: settings.allowsRawHTML, settings: settings.markdown, lineOffset: source.markdownLineOffset)
            parsed?.keep(document, source: source, forPath: file.relativePath)
            // Title: front matter, else the first level-1 heading (then not repeated in the body), else the file name.
            var title = source.frontMatter.title
            var titleHeading: Int?
            if title == nil, let first = document.headings.firstIndex(where: { $0.level == 1 }) {
                title = document.headings[first].text
                titleHeading = first
            }
            let name = isFolderIndex ? URLPath.fileName(of: folder) : String(URLPath.fileName(of: file.relativePath).dropLast(3))
            let resolvedTitle = title ?? (isHome ? settings.title : SiteModel.title(fromFolderName: name))
            var slugger = Slugger(reserved: theme.reservedIDs)
            // Every heading takes its id in order, the title's too, so the render pass gives the same ids.
            var ids: [String] = []
            var titleID: String?
            for (position, heading) in document.headings.enumerated() {
                let id = slugger.uniqueID(for: heading)
                if position == titleHeading { titleID = id } else { ids.append(id) }
            }
            let outputPath =
                isFolderIndex ? (folder.isEmpty ? "index.html" : folder + "/index.html") : String(file.relativePath.dropLast(3)) + ".html"
            return .success(
                PageRecord(
                    file: file, displayPath: displayPath, frontMatter: source.frontMatter, title: resolvedTitle, titleHeading: titleHeading,
                    isFolderIndex: isFolderIndex, layout: layout, outputPath: outputPath, headingIDs: Set(ids), titleID: titleID,
                    widgetNames: Set(document.widgetFences.map(\.name))))
        } catch {
            return .failure(error)
        }
    }

    /// A home page for a content folder without one: the top-level pages and sections, as Markdown, so it
    /// goes through the same checks as any page.
    private func generatedHome(_ records: [PageRecord], settings: SiteSettings) -> ContentFile {
        var pages: [(String, String)] = []
        var sections: [String: (title: String, path: String)] = [:]
        for record in records.sorted(by: { $0.file.relativePath.bytesPrecede($1.file.relativePath) }) {
            let path = record.file.relativePath
            guard let slash = path.firstIndex(of: "/") else {
                pages.append((record.title, path))
                continue
            }
            let folder = String(path[..<slash])
            let isSectionPage = record.isFolderIndex && URLPath.directory(of: path) == folder
            if sections[folder] == nil || isSectionPage {
                sections[folder] = (isSectionPage ? record.title : SiteModel.title(fromFolderName: folder), path)
            }
        }
        func item(_ title: String, _ path: String) -> String {
            let text = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(
                of: "]", with: "\\]")
            return "- [\(text)](<\(URLPath.encode(path))>)\n"
        }
        var markdown = "---\ntitle: \(JSONText.quoted(settings.title, forHTML: false))\n---\n\n"
        markdown += pages.map { item($0.0, $0.1) }.joined()
        markdown += sections.keys.sorted().compactMap { key in sections[key].map { item($0.title, $0.path) } }.joined()
        return ContentFile(relativePath: "index.md", absolutePath: "", kind: .page, generatedText: markdown)
    }

    // MARK: 4. Model: one source per output file, navigation, links

    /// Everything the render stage needs to know about the whole site.
    struct ModelledSite {
        var model: SiteModel
        var drafts: Set<String>
        var assetFiles: [ContentFile]
        var themeAssets: [AssetFile]
        /// The assets of the widgets some page uses, written under `assets/widgets/`.
        var widgetAssets: [AssetFile]
        /// Output path → what claimed it.
        var outputs: [String: String]
        var printIDs: [String]
        /// The stylesheets of the widgets in use, for their paper forms in `print.html`.
        var printStylesheets: [String]
        var pageResolver: LinkResolver
        var printResolver: LinkResolver
        var baseURL: String?
        /// The content folder has a `404.md`, so docgen does not write its own.
        var ownNotFoundPage: Bool
        /// Where pages that could not be read would be written: links to them are not reported twice.
        var unreadableOutputs: Set<String>
    }

    func modelSite(
        _ pages: ReadPages, files: [ContentFile], settings: SiteSettings, widgets: WidgetRegistry, folders: BuildFolders,
        checksOutputPaths: Bool = true, into diagnostics: inout [Diagnostic]
    ) -> ModelledSite {
        let records = pages.records
        let assetFiles = files.filter { $0.kind == .asset }
        let usedWidgets = records.reduce(into: Set<String>()) { $0.formUnion($1.widgetNames) }
        let widgetAssets = usedWidgets.sorted().compactMap { widgets[$0] }.flatMap(\.assets)

        // Every output file has one source, also where file systems ignore case or Unicode normalisation
        // (macOS, Windows): `Guide.md` and `guide.md` would overwrite each other there.
        var outputs: [String: String] = [:]
        var folded: [String: String] = [:]
        func claim(_ output: String, by source: String, location: SourceLocation) {
            if let earlier = outputs[output] {
                diagnostics.append(
                    .error(
                        .scanning, at: location,
                        "'\(earlier)' and '\(source)' would both be written to \(folders.outputDisplay)/\(output); rename one of them"))
                return
            }
            guard checksOutputPaths else {
                outputs[output] = source
                return
            }
            let key = output.precomposedStringWithCanonicalMapping.lowercased()
            if let other = folded[key], let earlier = outputs[other] {
                diagnostics.append(
                    .error(
                        .scanning, at: location,
                        "'\(earlier)' and '\(source)' would be written to \(folders.outputDisplay)/\(other) and \(folders.outputDisplay)/\(output), "
                            + "which are the same file where case or accents are not told apart (macOS, Windows); rename one of them"))
                return
            }
            outputs[output] = source
            folded[key] = output
        }
        // A content page named 404.md is the site's not-found page, as in mdBook and Jekyll.
        let ownNotFound = records.contains { $0.outputPath == Self.notFoundPagePath }
        var generated = [Self.printPagePath, Self.allPagesPath] + (ownNotFound ? [] : [Self.notFoundPagePath])
        if settings.baseURL != nil { generated.append(Self.sitemapPath) }
        for path in generated { claim(path, by: "docgen's generated \(path)", location: SourceLocation(path: path)) }
        for asset in theme.assets {
            claim("assets/" + asset.path, by: "the theme's assets/\(asset.path)", location: SourceLocation(path: asset.path))
        }
        for asset in widgetAssets {
            claim(
                WidgetRegistry.assetFolder + asset.fileName, by: "the widget file \(WidgetRegistry.assetFolder)\(asset.fileName)",
                location: SourceLocation(path: asset.fileName))
        }
        for record in records.sorted(by: { $0.displayPath < $1.displayPath }) {
            claim(record.outputPath, by: record.file.relativePath, location: SourceLocation(path: record.displayPath))
        }
        for asset in assetFiles where asset.relativePath.hasPrefix(SearchIndexFiles.folder) {
            diagnostics.append(
                .error(
                    .scanning, at: SourceLocation(path: folders.display(asset.relativePath)),
                    "'\(asset.relativePath)' is inside \(SearchIndexFiles.folder), where docgen writes the search index; move it elsewhere"))
        }
        for asset in assetFiles {
            claim(asset.relativePath, by: asset.relativePath, location: SourceLocation(path: folders.display(asset.relativePath)))
        }
        if checksOutputPaths { diagnostics += checkWritable(outputs, folders: folders) }

        let model = SiteModel(pages: records)
        var printSlugger = Slugger(reserved: theme.reservedIDs)
        // Folders become spaces (Foundation's `replacingOccurrences` cost more than the rest of the model).
        let printIDs = records.map { record in
            printSlugger.uniqueSlug(
                for: "page " + String(String.UnicodeScalarView(record.outputPath.dropLast(5).unicodeScalars.map { $0 == "/" ? " " : $0 })))
        }
        let knownFiles = Set(assetFiles.map(\.relativePath))
        func resolver(_ mode: LinkResolver.Mode) -> LinkResolver {
            LinkResolver(
                model: model, files: knownFiles, includesDrafts: folders.options.includesDrafts, draftSources: pages.drafts,
                unreadableSources: pages.unreadable, mode: mode, printIDs: printIDs)
        }
        return ModelledSite(
            model: model, drafts: pages.drafts, assetFiles: assetFiles, themeAssets: theme.assets, widgetAssets: widgetAssets,
            outputs: outputs, printIDs: printIDs,
            printStylesheets: usedWidgets.sorted().compactMap { widgets[$0] }.flatMap(\.stylesheetPaths), pageResolver: resolver(.pages),
            printResolver: resolver(.printPage),
            baseURL: settings.baseURL, ownNotFoundPage: ownNotFound,
            unreadableOutputs: Set(pages.unreadable.map { String($0.dropLast(3)) + ".html" }))
    }

    /// What the file system would refuse, found before anything is written (so `docgen check` finds it
    /// too): a name longer than 255 bytes, and a file where another output needs a folder
    /// (`foo.md` beside `foo.html/index.md`).
    private func checkWritable(_ outputs: [String: String], folders: BuildFolders) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (output, source) in outputs.sorted(by: { $0.key < $1.key }) {
            let location = SourceLocation(path: source.hasPrefix("docgen's") || source.hasPrefix("the ") ? output : folders.display(source))
            let parts = output.split(separator: "/")
            if let long = parts.first(where: { $0.utf8.count > 255 }) {
                diagnostics.append(
                    .error(
                        .scanning, at: location,
                        "the output name '\(long.prefix(40))…' is \(long.utf8.count) bytes long; file systems allow 255, so shorten it"))
            }
            var folder = ""
            for part in parts.dropLast() {
                folder = folder.isEmpty ? String(part) : folder + "/" + part
                if let clash = outputs[folder] {
                    diagnostics.append(
                        .error(
                            .scanning, at: location,
                            "'\(source)' needs a folder \(folders.outputDisplay)/\(folder)/, but '\(clash)' is written as the file \(folders.outputDisplay)/\(folder); rename one of them"
                        ))
                    break
                }
            }
        }
        return diagnostics
    }

    // MARK: 5–7. Markdown, render, check: every page, in parallel

    /// The pages whose output shows what the theme's templates write: the first page of each layout,
    /// and every page with front-matter values of its own (templates may put them anywhere). With raw
    /// HTML off, the rest of a page is Markdown whose every URL the link resolver checked.
    static func pagesShowingTheTheme(_ model: SiteModel) -> Set<Int> {
        var layouts = Set<String>()
        var pages = Set<Int>()
        for (index, page) in model.pages.enumerated() where layouts.insert(page.layout).inserted || !page.frontMatter.extra.isEmpty {
            pages.insert(index)
        }
        return pages
    }

    /// Where pages are written while the build runs; `nil` for `docgen check`. Shared by the workers,
    /// which only read its paths and append to its parts files (which lock).
    struct Staging: @unchecked Sendable {
        var output: OutputStaging
        var printParts: PageParts
        /// Each page's search postings and record until the index is assembled.
        var searchParts: PageParts
        /// The output folder this build replaces, when there is one: files equal to its files are linked.
        var previous: String?
        var root: URL { output.staging }

        func previousFile(_ relativePath: String) -> String? { previous.map { $0 + "/" + relativePath } }
    }

    /// `locked`: the output's lock, held since the output was compared with the build cache;
    /// `isAsRecorded`: the output folder holds exactly the files the build cache says docgen wrote (so
    /// none is foreign, and it need not be listed again).
    private func prepareOutput(_ site: ModelledSite, folders: BuildFolders, locked: OutputStaging?, isAsRecorded: Bool) throws(Diagnostic)
        -> Staging?
    {
        guard folders.options.writesOutput else { return nil }
        let staging = locked ?? OutputStaging(output: folders.output)
        try staging.prepare()
        // Checked under the lock, so no other build changes the folder in between.
        if !folders.options.replacesAnyOutput, !isAsRecorded, let foreign = OutputManifest.foreignFile(in: folders.output) {
            staging.discard()
            throw .error(
                .writing, at: SourceLocation(path: folders.outputDisplay),
                "the output folder holds files docgen did not write (such as '\(foreign)'), and docgen replaces the whole folder; "
                    + "choose an empty or new folder, or pass --force to replace it anyway")
        }
        do {
            try createFolders(for: site.model.pages.map(\.outputPath) + site.assetFiles.map(\.relativePath), in: staging.staging)
            // Beside the staging folder, named like it, so a killed build's leftovers are cleaned up alike.
            let parts = try PageParts(url: staging.staging.appendingPathExtension("print"))
            let searchParts = try PageParts(url: staging.staging.appendingPathExtension("search"))
            var status = stat()
            let hasPrevious = lstat(folders.output.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            let reusesPrevious = hasPrevious && !folders.options.isClean
            return Staging(output: staging, printParts: parts, searchParts: searchParts, previous: reusesPrevious ? folders.output.path : nil)
        } catch {
            staging.discard()
            throw .error(.writing, at: SourceLocation(path: folders.outputDisplay), "cannot prepare the output: \(ContentScanner.reason(error))")
        }
    }

    func makeRenderer(_ site: ModelledSite, settings: SiteSettings, widgets: WidgetRegistry, options: BuildOptions) -> PageRenderer {
        var renderer = PageRenderer(
            theme: theme, widgets: widgets, settings: settings, model: site.model, pageResolver: site.pageResolver,
            printResolver: site.printResolver, printIDs: site.printIDs, brokenLinksAreWarnings: options.brokenLinksAreWarnings,
            outputFiles: Set(site.outputs.keys).union(site.model.pages.map(\.outputPath)).union(site.unreadableOutputs),
            checkedPages: options.checksEveryPage || settings.allowsRawHTML ? nil : Self.pagesShowingTheTheme(site.model))
        renderer.printNumbers = site.model.outlineNumbers()
        renderer.printStylesheets = site.printStylesheets
        return renderer
    }

    /// Renders every page, except those `kept` can take from the last build as they were.
    private func renderPages(_ renderer: PageRenderer, site: ModelledSite, staging: Staging?, keeping kept: KeptPages?, search: SearchCollector?)
        -> (diagnostics: [Diagnostic], count: Int)
    {
        let root = staging?.root
        let parts = staging?.printParts
        let results = Parallel.map(site.model.pages.count) { index, writer -> [Diagnostic]? in
            if let kept, let root, let parts, let search, kept.keep(page: index, root: root, printParts: parts, search: search) { return nil }
            return renderer.render(page: index, into: &writer, writingTo: root, printParts: parts)
        }
        return (results.compactMap { $0 }.flatMap { $0 }, results.filter { $0 != nil }.count)
    }

    // MARK: 8. Write: files copied as they are, the pages docgen adds, and the swap

    private func writeGeneratedFiles(_ renderer: PageRenderer, site: ModelledSite, staging: Staging?, folders: BuildFolders) -> [Diagnostic] {
        guard let staging else { return [] }
        var diagnostics: [Diagnostic] = []
        for asset in site.assetFiles {
            do {
                try FileWriter.copy(
                    from: asset.absolutePath, to: staging.root.appendingPathComponent(asset.relativePath).path,
                    reusing: staging.previousFile(asset.relativePath))
            } catch {
                diagnostics.append(
                    .error(
                        .writing, at: SourceLocation(path: folders.display(asset.relativePath)), "cannot copy file: \(ContentScanner.reason(error))"))
            }
        }
        let embedded =
            site.themeAssets.map { ("assets/" + $0.path, $0.bytes) }
            + site.widgetAssets.map { (WidgetRegistry.assetFolder + $0.fileName, $0.bytes) }
        for (path, bytes) in embedded {
            do {
                let destination = staging.root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileWriter.write(bytes, to: destination.path, reusing: staging.previousFile(path))
            } catch {
                diagnostics.append(.error(.writing, at: SourceLocation(path: path), "cannot write: \(ContentScanner.reason(error))"))
            }
        }
        if !site.ownNotFoundPage { diagnostics += renderer.writeNotFoundPage(to: staging.root) }
        diagnostics += renderer.writePrintPage(order: site.model.readingOrder, parts: staging.printParts, to: staging.root)
        if let baseURL = site.baseURL {
            diagnostics += writeSitemap(baseURL: baseURL, model: site.model, to: staging.root)
        }
        return diagnostics
    }

    /// `search.html` and the search index, from what the render workers collected.
    private func writeSearch(
        _ search: SearchCollector?, renderer: PageRenderer, site: ModelledSite, staging: Staging?, diagnostics: inout [Diagnostic]
    ) -> SearchIndexFiles? {
        guard let search, let staging else { return nil }
        let pages = search.entries(in: site.model.readingOrder)
        var writer = HTMLWriter()
        diagnostics += renderer.renderAllPagesPage(pages, into: &writer)
        do {
            try FileWriter.write(writer.bytes, to: staging.root.appendingPathComponent(Self.allPagesPath).path)
        } catch {
            diagnostics.append(.error(.writing, at: SourceLocation(path: Self.allPagesPath), "cannot write: \(ContentScanner.reason(error))"))
        }
        guard search.indexesText else { return nil }
        do {
            let index = try SearchIndexFiles(pages: pages, scratch: staging.searchParts)
            try index.write(to: staging.root)
            return index
        } catch {
            diagnostics.append(
                .error(.writing, at: SourceLocation(path: SearchIndexFiles.folder), "cannot write the search index: \(ContentScanner.reason(error))"))
            return nil
        }
    }

    /// The theme's and widgets' stylesheets go through the same network check as pages.
    private func checkThemeStylesheets(_ site: ModelledSite) -> [Diagnostic] {
        let sheets =
            site.themeAssets.map { ("assets/" + $0.path, $0.bytes) }
            + site.widgetAssets.map { (WidgetRegistry.assetFolder + $0.fileName, $0.bytes) }
        return sheets.filter { $0.0.hasSuffix(".css") }.flatMap { path, bytes in
            OutputScanner.scanCSS(String(decoding: bytes, as: UTF8.self)).map {
                Diagnostic.error(.checking, at: SourceLocation(path: path), $0.message)
            }
        }
    }

    private func finish(
        _ found: [Diagnostic], site: ModelledSite, staging: Staging?, options: BuildOptions, search: SearchCollector?,
        searchIndex: SearchIndexFiles?, cache: (key: String, files: [ContentFile], started: Int64)?, digests: SiteDigests.Values?
    ) throws(BuildFailure) -> BuildReport {
        let diagnostics = Self.sorted(found)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let hasWarnings = diagnostics.contains { $0.severity == .warning }
        if hasErrors || (options.isStrict && hasWarnings) {
            staging?.output.discard()
            throw BuildFailure(diagnostics)
        }
        var reported = diagnostics
        var report = BuildReport(
            pageCount: site.model.pages.count, assetCount: site.assetFiles.count + site.themeAssets.count + site.widgetAssets.count,
            draftsSkipped: site.drafts.count, warnings: [])
        report.searchIndexBytes = searchIndex?.totalBytes ?? 0
        report.searchIndexFiles = searchIndex?.files.count ?? 0
        if let staging {
            do throws(Diagnostic) {
                do {
                    try OutputManifest.write(in: staging.root)
                } catch {
                    throw Diagnostic.error(
                        .writing, at: SourceLocation(path: OutputStaging.manifestName), "cannot write: \(ContentScanner.reason(error))")
                }
                let output = staging.output.output
                let cacheURL = BuildCache.url(for: output)
                let leftover = try staging.output.commit { [report] in
                    // Only a build without a single message is recorded: a later up-to-date build
                    // reports nothing, which is then the truth. The page cache and its data files go
                    // first; the build cache, which names them by token, last.
                    BuildCache.remove(at: cacheURL)
                    let token = BuildCache.newToken()
                    guard diagnostics.isEmpty, let cache,
                        let digests, keepPageCache(site, staging: staging, search: search, digests: digests, token: token, output: output),
                        let record = BuildCache.record(
                            key: cache.key, token: token, files: cache.files, started: cache.started, output: output, report: report,
                            racyWindow: options.racyWindow)
                    else {
                        PageCache.remove(for: output)
                        return
                    }
                    record.write(to: cacheURL)
                }
                if let leftover { reported.append(leftover) }
            } catch {
                staging.output.discard()
                throw BuildFailure(diagnostics + [error])
            }
        }
        report.warnings = reported
        return report
    }

    // MARK: Helpers

    func createFolders(for paths: [String], in root: URL) throws {
        var folders = Set<String>()
        for path in paths {
            let folder = URLPath.directory(of: path)
            if !folder.isEmpty { folders.insert(folder) }
        }
        for folder in folders.sorted() {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
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

/// Wall time per stage, for `--timings`.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((stage, Double(now - last) / 1e9))
        last = now
    }
}

/// The content and output folders of one build: the paths read and written, and the names shown in
/// messages (which may differ, so tests and tools can build anywhere and still show `Content/…`).
struct BuildFolders {
    let options: BuildOptions
    let content: URL
    let output: URL
    let contentDisplay: String
    let outputDisplay: String

    init(_ options: BuildOptions) throws(Diagnostic) {
        self.options = options
        let contentPath =
            options.contentDirectory.hasSuffix("/") && options.contentDirectory.count > 1
            ? String(options.contentDirectory.dropLast()) : options.contentDirectory
        content = URL(fileURLWithPath: contentPath).standardizedFileURL
        output = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL
        contentDisplay = options.contentDisplayName ?? contentPath
        outputDisplay = options.outputDisplayName ?? options.outputDirectory
        try checkOutputFolder()
    }

    /// `Content/setup/dns.md` for `setup/dns.md`.
    func display(_ relative: String) -> String { contentDisplay + "/" + relative }

    /// The output folder must be one docgen may replace: never the content folder or anything holding it
    /// or held by it (compared after resolving symbolic links), never `/`, the home folder or the current
    /// folder, and never a file. (Whether it holds files docgen did not write is checked under the lock.)
    private func checkOutputFolder() throws(Diagnostic) {
        guard options.writesOutput else { return }
        let at = SourceLocation(path: outputDisplay.isEmpty ? "--output" : outputDisplay)
        func refuse(_ message: String) -> Diagnostic { .error(.writing, at: at, message) }
        guard !options.outputDirectory.isEmpty else { throw refuse("the output folder is empty; name a folder such as Output") }
        guard let parentReal = ContentScanner.realPath(output.deletingLastPathComponent().path) else {
            throw refuse("the folder that would hold the output does not exist: \(output.deletingLastPathComponent().path)")
        }
        let outputReal = parentReal == "/" ? "/" + output.lastPathComponent : parentReal + "/" + output.lastPathComponent
        var status = stat()
        let exists = lstat(output.path, &status) == 0
        if exists && (status.st_mode & S_IFMT) == S_IFLNK {
            throw refuse("the output folder is a symbolic link; name the folder it points to instead")
        }
        if exists && (status.st_mode & S_IFMT) != S_IFDIR {
            throw refuse("the output path is a file, not a folder; docgen replaces the output folder as a whole, so name a folder")
        }
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap(ContentScanner.realPath)
        let current = ContentScanner.realPath(FileManager.default.currentDirectoryPath)
        if output.path == "/" || outputReal == "/" || outputReal == home || outputReal == current {
            throw refuse(
                "docgen replaces the output folder as a whole, so it must not be '/', the home folder or the current folder; use a folder of its own such as Output"
            )
        }
        let contentReal = (ContentScanner.realPath(content.path) ?? content.path) + "/"
        let outputWithSlash = (outputReal == "/" ? "" : outputReal) + "/"
        if contentReal.hasPrefix(outputWithSlash) || outputWithSlash.hasPrefix(contentReal) {
            throw refuse("the output folder and the content folder must not contain each other; the output folder is replaced on every build")
        }
    }
}
