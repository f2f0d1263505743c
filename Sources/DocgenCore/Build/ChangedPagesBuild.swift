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
        _ changed: [ContentFile], files: [ContentFile], cache: BuildCache, folders: BuildFolders, lock: OutputStaging, started: Int64,
        clock: inout StageClock
    ) -> BuildReport? {
        let options = folders.options
        guard !changed.isEmpty, options.writesOutput, !options.isClean, changed.allSatisfy({ $0.kind == .page }),
            var pageCache = PageCache.load(for: folders.output), pageCache.token == cache.token
        else { return nil }
        var diagnostics: [Diagnostic] = []
        let (settings, widgets) = loadSettings(files, folders, into: &diagnostics)
        guard diagnostics.isEmpty, settings.searchEnabled == pageCache.indexesText else { return nil }

        // The changed pages' records must equal the recorded ones, stamps aside.
        var records = pageCache.pages.map(\.record)
        var indexBySource: [String: Int] = [:]
        for (index, record) in records.enumerated() { indexBySource[record.file.relativePath] = index }
        var changedPages: [Int] = []
        for file in changed {
            guard let index = indexBySource[file.relativePath], records[index].file.generatedText == nil,
                case .success(let record) = readPage(
                    file, displayPath: folders.display(file.relativePath), settings: settings, isFolderIndex: records[index].isFolderIndex),
                !record.frontMatter.isDraft, PageCache.publicBytes(of: record) == PageCache.publicBytes(of: records[index])
            else { return nil }
            records[index] = record
            changedPages.append(index)
        }
        let site = modelSite(
            ReadPages(records: records, drafts: Set(pageCache.drafts), unreadable: []), files: files, settings: settings, widgets: widgets,
            folders: folders, into: &diagnostics)
        guard diagnostics.isEmpty else { return nil }
        clock.lap("read changed pages")

        // The kept parts; a data file more than half of whose bytes are replaced parts is rewritten by a full build.
        var printRanges: [Int: PageParts.Range] = [:]
        var searchRanges: [Int: PageParts.Range] = [:]
        for (index, page) in pageCache.pages.enumerated() {
            printRanges[index] = page.printPart
            if let part = page.searchPart { searchRanges[index] = part }
        }
        guard let printParts = PageParts(reopening: PageCache.url(for: folders.output, "print"), ranges: printRanges) else { return nil }
        let searchParts = PageParts(reopening: PageCache.url(for: folders.output, "search"), ranges: searchRanges)
        guard searchParts != nil || !settings.searchEnabled else { return nil }

        let root = lock.staging
        guard (try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: root) }
        guard (try? createFolders(for: changedPages.map { records[$0].outputPath }, in: root)) != nil else { return nil }

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
        guard problems.allSatisfy(\.isEmpty) else { return nil }
        for index in changedPages {
            let kept = pageCache.pages[index]
            guard let entry = collector.entry(forPage: index), entry.title == kept.title, entry.description == kept.description,
                entry.outputPath == kept.outputPath, entry.contents == kept.contents
            else { return nil }
        }
        clock.lap("render changed pages")

        // print.html and the search index, from the kept parts and the new ones.
        guard renderer.writePrintPage(order: site.model.readingOrder, parts: printParts, to: root).isEmpty else { return nil }
        var searchIndex: SearchIndexFiles?
        if settings.searchEnabled {
            let entries = site.model.readingOrder.map { index in
                if let fresh = collector.entry(forPage: index) { return fresh }
                let kept = pageCache.pages[index]
                var entry = SearchPageEntry(title: kept.title, description: kept.description, outputPath: kept.outputPath, contents: kept.contents)
                entry.spilledPage = index
                return entry
            }
            guard let index = try? SearchIndexFiles(pages: entries, scratch: searchParts), (try? index.write(to: root)) != nil else {
                return nil
            }
            searchIndex = index
        }
        clock.lap("print.html, search")

        // Into the output: the build cache goes first, so nothing half-done is ever trusted.
        let output = folders.output
        let cacheURL = BuildCache.url(for: output)
        BuildCache.remove(at: cacheURL)
        var outputs = cache.outputs
        let staged = OutputManifest.listFiles(under: root)
        for path in staged {
            let source = root.path + "/" + path
            let target = output.path + "/" + path
            if outputs[path] != nil, Self.sameBytes(source, target) { continue }
            guard rename(source, target) == 0, let stamp = FileStamp.ofLink(target) else { return nil }
            outputs[path] = stamp
        }
        // Search files the new index no longer has.
        let stagedSet = Set(staged)
        let gone = cache.outputs.keys.filter { $0.hasPrefix(SearchIndexFiles.folder) && !stagedSet.contains($0) }
        if !gone.isEmpty || staged.contains(where: { cache.outputs[$0] == nil }) {
            for path in gone {
                unlink(output.path + "/" + path)
                outputs[path] = nil
            }
            guard (try? OutputManifest.write(in: output)) != nil, let stamp = FileStamp.ofLink(output.appendingPathComponent(OutputStaging.manifestName).path)
            else { return nil }
            outputs[OutputStaging.manifestName] = stamp
        }

        var report = cache.report
        report.isUpToDate = false
        report.pagesRendered = changedPages.count
        report.searchIndexBytes = searchIndex?.totalBytes ?? 0
        report.searchIndexFiles = searchIndex?.files.count ?? 0
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

    /// Keeps what a later build needs to render only changed pages: the records, what `search.html`
    /// shows of each page, and the data files of `print.html` sections and search postings.
    func keepPageCache(_ site: ModelledSite, staging: Staging, search: SearchCollector?, token: String, output: URL) -> Bool {
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
                    printPart: printPart, searchPart: searchPart))
        }
        do {
            try staging.printParts.keep(at: PageCache.url(for: output, "print"))
            try staging.searchParts.keep(at: PageCache.url(for: output, "search"))
            try PageCache(token: token, pages: pages, drafts: site.drafts.sorted(), indexesText: search.indexesText).write(for: output)
            return true
        } catch {
            return false
        }
    }

    /// Whether two files hold the same bytes (sizes first, then contents).
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        guard let a = FileStamp.ofLink(first), let b = FileStamp.ofLink(second), a.size == b.size else { return false }
        guard let left = FileManager.default.contents(atPath: first), let right = FileManager.default.contents(atPath: second) else {
            return false
        }
        return left == right
    }
}

extension BuildCache {
    /// A token naming one build's caches: its time and process, and a random number.
    static func newToken() -> String {
        "\(SiteBuilder.now())-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }
}
