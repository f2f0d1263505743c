import Foundation

/// A build after only pages changed: when each changed page still shows other pages exactly what it did
/// (its record: title, order, heading ids, front matter; and its contents as `search.html` lists them),
/// every other page's output is what a clean build would write again. So only the changed pages are
/// rendered; `print.html` and the search index are reassembled from the parts the last build kept
/// (``PageCache``), and the files that differ are renamed into the output one by one.
///
/// Anything unexpected returns `nil`, and the caller builds everything: a file added, removed or not a
/// page; a record that differs; a message of any kind; a cache that does not match. Errors are found
/// before the output is touched; the build cache is removed before the first rename and written after
/// the last, so a build killed in between is followed by a full one.
extension SiteBuilder {
    func buildChangedPages(
        _ changed: [ContentFile], files: [ContentFile], cache: BuildCache, pageCache: PageCache?, folders: BuildFolders, lock: OutputStaging,
        started: Int64, clock: inout StageClock, whyNot: inout String
    ) -> BuildReport? {
        func giveUp(_ reason: String) -> BuildReport? {
            whyNot = reason
            return nil
        }
        let options = folders.options
        guard options.writesOutput, var pageCache, pageCache.token == cache.token else {
            return giveUp("no page cache from the last build")
        }
        guard let changedSite = readChangedPages(changed, files: files, pageCache: pageCache, folders: folders, whyNot: &whyNot) else {
            return nil
        }
        let (settings, widgets, records, changedPages, site) = (
            changedSite.settings, changedSite.widgets, changedSite.records, changedSite.pages, changedSite.site
        )
        clock.lap("read changed pages")

        // The kept parts: the changed pages' new parts are appended to the same files.
        var printRanges: [Int: PageParts.Range] = [:]
        var searchRanges: [Int: PageParts.Range] = [:]
        for (index, page) in pageCache.pages.enumerated() {
            printRanges[index] = page.printPart
            if let part = page.searchPart { searchRanges[index] = part }
        }
        guard let printParts = PageParts(reopening: PageCache.url(for: folders.output, "print"), ranges: printRanges) else {
            return giveUp("the kept print.html parts are missing")
        }
        let searchParts = PageParts(reopening: PageCache.url(for: folders.output, "search"), ranges: searchRanges)
        guard searchParts != nil || !settings.searchEnabled else { return giveUp("the kept search parts are missing") }

        // What builds killed before left beside the output goes first, as in a full build.
        lock.recoverLeftovers()
        let root = lock.staging
        guard (try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)) != nil else {
            return giveUp("cannot create a staging folder")
        }
        defer { try? FileManager.default.removeItem(at: root) }
        guard (try? createFolders(for: changedPages.map { records[$0].outputPath }, in: root)) != nil else {
            return giveUp("cannot create a staging folder")
        }

        // The parts the changed pages had: when a page's new part is the same, the file it goes into is too.
        func parts(of page: Int) -> (print: [UInt8], search: [UInt8])? {
            guard let print = try? printParts.part(forPage: page) else { return nil }
            guard let searchParts else { return (print, []) }
            guard let search = try? searchParts.part(forPage: page) else { return nil }
            return (print, search)
        }
        var previousParts: [Int: (print: [UInt8], search: [UInt8])] = [:]
        for index in changedPages {
            guard let kept = parts(of: index) else { return giveUp("the kept parts cannot be read") }
            previousParts[index] = kept
        }

        // The changed pages, each checked whole by the output checker.
        var renderer = makeRenderer(site, settings: settings, widgets: widgets, options: options)
        renderer.checkedPages = nil
        let collector = SearchCollector(pageCount: records.count, indexesText: settings.searchEnabled, scratch: searchParts)
        renderer.searchCollector = collector
        let pagesToRender = changedPages
        let pageRenderer = renderer
        let problems = Parallel.map(pagesToRender.count) { job, writer in
            pageRenderer.render(page: pagesToRender[job], into: &writer, writingTo: root, printParts: printParts)
        }
        guard problems.allSatisfy(\.isEmpty) else { return giveUp("a changed page gave a message") }
        for index in changedPages {
            let kept = pageCache.pages[index]
            guard let entry = collector.entry(forPage: index), entry.title == kept.title, entry.description == kept.description,
                entry.outputPath == kept.outputPath, entry.contents == kept.contents
            else { return giveUp("a changed page's contents changed") }
        }
        clock.lap("render changed pages")

        // print.html and the search index, from the kept parts and the new ones, when a part changed.
        var printChanged = false
        var searchChanged = false
        for index in changedPages {
            guard let previous = previousParts[index], let new = parts(of: index) else { return giveUp("the new parts cannot be read") }
            printChanged = printChanged || new.print != previous.print
            searchChanged = searchChanged || new.search != previous.search
        }
        // print.html and the search index are independent: one core each.
        let output = folders.output
        let entries: [SearchPageEntry]? =
            settings.searchEnabled && searchChanged
            ? site.model.readingOrder.map { index in
                if let fresh = collector.entry(forPage: index) { return fresh }
                let kept = pageCache.pages[index]
                var entry = SearchPageEntry(title: kept.title, description: kept.description, outputPath: kept.outputPath, contents: kept.contents)
                entry.spilledPage = index
                return entry
            } : nil
        let order = site.model.readingOrder
        let printer = renderer
        let writesPrintPage = printChanged
        let assembled = Parallel.map(2) { job, _ -> (ok: Bool, index: SearchIndexFiles?) in
            if job == 0 {
                return (!writesPrintPage || printer.writePrintPage(order: order, parts: printParts, to: root).isEmpty, nil)
            }
            guard let entries else { return (true, nil) }
            // Index files equal to the output's are not written: a page's words reach only some of them.
            guard let index = try? SearchIndexFiles(pages: entries, scratch: searchParts),
                (try? index.write(to: root, skippingFilesEqualTo: output)) != nil
            else { return (false, nil) }
            return (true, index)
        }
        guard assembled[0].ok else { return giveUp("cannot assemble print.html") }
        guard assembled[1].ok else { return giveUp("cannot assemble the search index") }
        let searchIndex = assembled[1].index
        clock.lap("print.html and search index")

        // Into the output: the build cache goes first, so nothing half-done is ever trusted.
        let cacheURL = BuildCache.url(for: output)
        BuildCache.remove(at: cacheURL)
        var outputs = cache.outputs
        let staged = OutputManifest.listFiles(under: root)
        let added = staged.filter { cache.outputs[$0] == nil }
        if !added.isEmpty {
            // Listed before they appear, so a full build after a failure here may still replace the folder.
            guard (try? OutputManifest.write(in: output, adding: added)) != nil else { return giveUp("cannot write the manifest") }
        }
        let pageOutputs = Set(changedPages.map { records[$0].outputPath })
        for path in staged {
            let source = root.path + "/" + path
            let target = output.path + "/" + path
            // print.html and index files are here only when they changed; a page may render as it was.
            if pageOutputs.contains(path), Self.sameBytes(source, target) { continue }
            guard rename(source, target) == 0, let stamp = FileStamp.ofLink(target) else { return giveUp("cannot rename a file into the output") }
            outputs[path] = stamp
        }
        // Search files the new index no longer has.
        let indexFiles = searchIndex.map { Set($0.files.map { SearchIndexFiles.folder + $0.path }) }
        let gone = indexFiles.map { files in cache.outputs.keys.filter { $0.hasPrefix(SearchIndexFiles.folder) && !files.contains($0) } } ?? []
        if !gone.isEmpty || !added.isEmpty {
            for path in gone {
                unlink(output.path + "/" + path)
                outputs[path] = nil
            }
            guard (try? OutputManifest.write(in: output)) != nil,
                let stamp = FileStamp.ofLink(output.appendingPathComponent(OutputStaging.manifestName).path)
            else { return giveUp("cannot write the manifest") }
            outputs[OutputStaging.manifestName] = stamp
        }

        var report = cache.report
        report.isUpToDate = false
        report.pagesRendered = changedPages.count
        report.pagesRead = changedPages.count
        if let searchIndex {
            report.searchIndexBytes = searchIndex.totalBytes
            report.searchIndexFiles = searchIndex.files.count
        }
        for index in changedPages { pageCache.pages[index].record = records[index] }
        // The data files grow by the replaced parts; once those are more than half, they are copied without them.
        var kept = (print: printParts, search: searchParts)
        for (name, parts) in [("print", printParts), ("search", searchParts)] {
            guard let parts, parts.unusedBytes > parts.usedBytes else { continue }
            let compacted = try? parts.compacted(into: lock.staging.appendingPathExtension(name), pages: records.count)
            guard let compacted, (try? compacted.keep(at: PageCache.url(for: output, name))) != nil else {
                PageCache.remove(for: output)
                return report
            }
            if name == "print" { kept.print = compacted } else { kept.search = compacted }
        }
        for index in pageCache.pages.indices {
            guard let printPart = kept.print.range(forPage: index) else { return report }
            pageCache.pages[index].printPart = printPart
            pageCache.pages[index].searchPart = kept.search?.range(forPage: index)
        }
        if (try? pageCache.write(for: output)) != nil, let folder = FileStamp.ofLink(output.path),
            let record = BuildCache.record(
                key: cache.key, token: cache.token, files: files, started: started, outputFolder: folder, outputs: outputs, report: report,
                racyWindow: options.racyWindow)
        {
            record.write(to: cacheURL)
        }
        clock.lap("write changed files, cache")
        return report
    }

    /// The site with the changed pages read again, when only pages changed and each still shows other
    /// pages what it did (its record equals the kept one, stamps aside); `nil` otherwise, with the reason.
    func readChangedPages(_ changed: [ContentFile], files: [ContentFile], pageCache: PageCache, folders: BuildFolders, whyNot: inout String)
        -> (settings: SiteSettings, widgets: WidgetRegistry, records: [PageRecord], pages: [Int], site: ModelledSite)?
    {
        func giveUp(_ reason: String) -> (SiteSettings, WidgetRegistry, [PageRecord], [Int], ModelledSite)? {
            whyNot = reason
            return nil
        }
        guard !changed.isEmpty, !folders.options.isClean, changed.allSatisfy({ $0.kind == .page }) else {
            return giveUp("a file other than a page changed")
        }
        var diagnostics: [Diagnostic] = []
        let (settings, widgets) = loadSettings(files, folders, into: &diagnostics)
        guard diagnostics.isEmpty, settings.searchEnabled == pageCache.indexesText else {
            return giveUp("the settings gave a message, or search was turned on or off")
        }
        var records = pageCache.pages.map(\.record)
        var indexBySource: [String: Int] = [:]
        for (index, record) in records.enumerated() { indexBySource[record.file.relativePath] = index }
        var changedPages: [Int] = []
        for file in changed {
            guard let index = indexBySource[file.relativePath], records[index].file.generatedText == nil,
                case .success(let record) = readPage(
                    file, displayPath: folders.display(file.relativePath), settings: settings, isFolderIndex: records[index].isFolderIndex),
                !record.frontMatter.isDraft, PageCache.publicBytes(of: record) == PageCache.publicBytes(of: records[index])
            else { return giveUp("a changed page's title, order, headings or front matter changed, or it cannot be read") }
            records[index] = record
            changedPages.append(index)
        }
        // The same output paths as the recorded build, whose clashes were checked then.
        let site = modelSite(
            ReadPages(records: records, drafts: Set(pageCache.drafts), unreadable: []), files: files, settings: settings, widgets: widgets,
            folders: folders, checksOutputPaths: false, into: &diagnostics)
        guard diagnostics.isEmpty else { return giveUp("the site model gave a message") }
        return (settings, widgets, records, changedPages, site)
    }

    /// `docgen check` after only pages changed since a build without messages: other pages' messages
    /// depend on the changed pages only through their records, which are as they were, so checking the
    /// changed pages checks the site. Any message, and the whole site is checked, to report them all.
    func checkChangedPages(
        _ changed: [ContentFile], files: [ContentFile], cache: BuildCache, pageCache: PageCache?, folders: BuildFolders,
        clock: inout StageClock, whyNot: inout String
    ) -> BuildReport? {
        guard let pageCache, pageCache.token == cache.token else {
            whyNot = "no page cache from the last build"
            return nil
        }
        guard let changedSite = readChangedPages(changed, files: files, pageCache: pageCache, folders: folders, whyNot: &whyNot) else {
            return nil
        }
        clock.lap("read changed pages")
        var renderer = makeRenderer(changedSite.site, settings: changedSite.settings, widgets: changedSite.widgets, options: folders.options)
        renderer.checkedPages = nil
        let pages = changedSite.pages
        let checker = renderer
        let problems = Parallel.map(pages.count) { job, writer in
            checker.render(page: pages[job], into: &writer, writingTo: nil, printParts: nil)
        }
        clock.lap("check changed pages")
        guard problems.allSatisfy(\.isEmpty) else {
            whyNot = "a changed page gave a message"
            return nil
        }
        var report = cache.report
        report.isUpToDate = false
        report.pagesRendered = pages.count
        report.pagesRead = pages.count
        report.searchIndexBytes = 0
        report.searchIndexFiles = 0
        return report
    }

    /// Keeps what a later build needs to render only changed pages: the records, what `search.html`
    /// shows of each page, and the data files of `print.html` sections and search postings.
    func keepPageCache(
        _ site: ModelledSite, staging: Staging, search: SearchCollector?, digests: SiteDigests.Values, token: String, output: URL
    ) -> Bool {
        guard let search else { return false }
        var pages: [PageCache.Page] = []
        pages.reserveCapacity(site.model.pages.count)
        for (index, record) in site.model.pages.enumerated() {
            guard let entry = search.entry(forPage: index), let printPart = staging.printParts.range(forPage: index) else { return false }
            let searchPart = staging.searchParts.range(forPage: index)
            if search.indexesText && searchPart == nil { return false }
            pages.append(
                PageCache.Page(
                    record: record, title: entry.title, description: entry.description, outputPath: entry.outputPath, contents: entry.contents,
                    printPart: printPart, searchPart: searchPart, contextDigest: digests.context[index]))
        }
        do {
            try staging.printParts.keep(at: PageCache.url(for: output, "print"))
            try staging.searchParts.keep(at: PageCache.url(for: output, "search"))
            try PageCache(
                token: token, pages: pages, drafts: site.drafts.sorted(), indexesText: search.indexesText, globalDigest: digests.global
            ).write(for: output)
            return true
        } catch {
            return false
        }
    }

    /// Whether two regular files hold the same bytes: sizes first, then both mapped and compared.
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        let left = open(first, O_RDONLY | O_NOFOLLOW)
        guard left >= 0 else { return false }
        defer { close(left) }
        let right = open(second, O_RDONLY | O_NOFOLLOW)
        guard right >= 0 else { return false }
        defer { close(right) }
        var a = stat()
        var b = stat()
        guard fstat(left, &a) == 0, fstat(right, &b) == 0, (a.st_mode & S_IFMT) == S_IFREG, (b.st_mode & S_IFMT) == S_IFREG,
            a.st_size == b.st_size
        else { return false }
        let size = Int(a.st_size)
        guard size > 0 else { return true }
        guard let leftMap = mmap(nil, size, PROT_READ, MAP_PRIVATE, left, 0), leftMap != MAP_FAILED else { return false }
        defer { munmap(leftMap, size) }
        guard let rightMap = mmap(nil, size, PROT_READ, MAP_PRIVATE, right, 0), rightMap != MAP_FAILED else { return false }
        defer { munmap(rightMap, size) }
        return memcmp(leftMap, rightMap, size) == 0
    }
}

extension SiteBuilder {
    /// The digests of this build's site, for the page cache and for ``KeptPages``.
    func siteDigests(_ site: ModelledSite, renderer: PageRenderer) -> SiteDigests.Values {
        let model = site.model
        let context = Parallel.map(model.pages.count) { index, _ in SiteDigests.context(of: index, in: model) }
        let global = SiteDigests.global(
            model: model, printIDs: site.printIDs, printNumbers: renderer.printNumbers, files: Set(site.assetFiles.map(\.relativePath)),
            drafts: site.drafts, unreadable: site.unreadableOutputs)
        return SiteDigests.Values(global: global, context: context)
    }
}

/// The pages a full build takes from the last build instead of rendering them: those whose file is
/// unchanged (their record was kept) and that see the rest of the site as they did (equal digests),
/// when the output is exactly what the last build wrote. Such a page's file is linked from the
/// output being replaced, and its parts of print.html and the search index are copied from the page
/// cache. Pages the output checker reads are always rendered.
struct KeptPages: @unchecked Sendable {
    private let pageCache: PageCache
    /// For each page of this build, its index in the page cache, when it may be kept.
    private let previousIndex: [Int?]
    private let printParts: PageParts
    private let searchParts: PageParts?
    private let output: String

    init?(
        cache: BuildCache?, pageCache: PageCache?, keptRecords: [String: PageRecord], site: SiteBuilder.ModelledSite, digests: SiteDigests.Values,
        renderer: PageRenderer, indexesText: Bool, output: URL, staging: SiteBuilder.Staging
    ) {
        guard let cache, let pageCache, pageCache.token == cache.token, pageCache.globalDigest == digests.global,
            pageCache.indexesText == indexesText, staging.previous != nil, !keptRecords.isEmpty
        else { return nil }
        var printRanges: [Int: PageParts.Range] = [:]
        var searchRanges: [Int: PageParts.Range] = [:]
        var indexByPath: [String: Int] = [:]
        for (index, page) in pageCache.pages.enumerated() {
            printRanges[index] = page.printPart
            if let part = page.searchPart { searchRanges[index] = part }
            indexByPath[page.record.file.relativePath] = index
        }
        guard let printParts = PageParts(reopening: PageCache.url(for: output, "print"), ranges: printRanges) else { return nil }
        let searchParts = PageParts(reopening: PageCache.url(for: output, "search"), ranges: searchRanges)
        guard searchParts != nil || !indexesText else { return nil }
        let checked = renderer.checkedPages
        previousIndex = site.model.pages.enumerated().map { index, record in
            let path = record.file.relativePath
            guard keptRecords[path] != nil, checked.map({ !$0.contains(index) }) ?? true, let previous = indexByPath[path],
                pageCache.pages[previous].contextDigest == digests.context[index], pageCache.pages[previous].outputPath == record.outputPath,
                !indexesText || pageCache.pages[previous].searchPart != nil
            else { return nil }
            return previous
        }
        (self.pageCache, self.printParts, self.searchParts, self.output) = (pageCache, printParts, searchParts, output.path)
    }

    /// Takes page `index` from the last build; false when it must be rendered (nothing is left behind then).
    func keep(page index: Int, root: URL, printParts newPrintParts: PageParts, search: SearchCollector) -> Bool {
        guard let previous = previousIndex[index] else { return false }
        let page = pageCache.pages[previous]
        guard let print = try? printParts.part(forPage: previous) else { return false }
        let indexPart = try? searchParts?.part(forPage: previous)
        if searchParts != nil && indexPart == nil { return false }
        // Linked last, so a failure before leaves nothing in the staging folder.
        let target = root.path + "/" + page.outputPath
        guard link(output + "/" + page.outputPath, target) == 0 else { return false }
        do {
            try newPrintParts.append(print, forPage: index)
            try search.collectKept(
                page: index,
                entry: SearchPageEntry(title: page.title, description: page.description, outputPath: page.outputPath, contents: page.contents),
                indexPart: indexPart ?? nil)
            return true
        } catch {
            unlink(target)
            return false
        }
    }
}

extension SiteDigests {
    struct Values {
        var global: UInt64
        /// Per page, in the build's page order.
        var context: [UInt64]
    }
}

extension BuildCache {
    /// A token naming one build's caches: its time and process, and a random number.
    static func newToken() -> String {
        "\(SiteBuilder.now())-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }
}
