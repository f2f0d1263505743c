import Foundation

/// What the last build learned about every page, kept beside the output so a build after a page's body
/// changed can render only that page: each page's record (what other pages see of it), what
/// `search.html` shows of it, and where its `print.html` section and search postings wait in two data
/// files (`PageParts`). Written by a build without a single message, under the output lock, with the
/// same token as the build cache (``BuildCache``), which is written last: a cache file of another
/// build, or none, means a full build.
struct PageCache {
    /// One page as the last build left it, in the build's page order.
    struct Page {
        var record: PageRecord
        var title: String
        var description: String?
        var outputPath: String
        var contents: [TableOfContentsEntry]
        /// Where its section of print.html is in the print data file.
        var printPart: PageParts.Range
        /// Where its search postings and record are in the search data file; `nil` with search off.
        var searchPart: PageParts.Range?
        /// A digest of what the page's output takes from other pages (``SiteDigests/context(of:in:)``).
        var contextDigest: UInt64
    }

    /// The build cache carries the same token, so a cache file and this one are known to belong together.
    var token: String
    var pages: [Page]
    /// Sources of pages left out as drafts.
    var drafts: [String]
    /// Whether `site.yml` turned the search index on.
    var indexesText: Bool
    /// A digest of what every page's body takes from the site (``SiteDigests/global(_:)``).
    var globalDigest: UInt64

    static let header = Array("docgen page cache 2\n".utf8)

    /// `.Output.docgen-cache-pages`, and the two data files beside it.
    static func url(for output: URL, _ part: String) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).docgen-cache-\(part)")
    }

    /// A record's bytes without its file's stamp: equal bytes mean other pages see the page alike.
    static func publicBytes(of record: PageRecord) -> [UInt8] {
        var writer = CacheWriter()
        writer.record(record)
        return writer.bytes
    }

    var bytes: [UInt8] {
        var writer = CacheWriter()
        writer.bytes = Self.header
        writer.string(token)
        writer.bool(indexesText)
        writer.digest(globalDigest)
        writer.strings(drafts)
        writer.int(pages.count)
        for page in pages {
            writer.record(page.record)
            writer.string(page.title)
            writer.optional(page.description) { $0.string($1) }
            writer.string(page.outputPath)
            writer.contents(page.contents)
            writer.range(page.printPart)
            writer.optional(page.searchPart) { $0.range($1) }
            writer.digest(page.contextDigest)
        }
        return writer.bytes
    }

    /// Reads a page cache; `nil` for anything unexpected, which means a full build.
    init?(bytes: [UInt8]) {
        guard bytes.starts(with: Self.header) else { return nil }
        var reader = CacheReader(bytes: bytes, position: Self.header.count)
        guard let token = reader.string(), let indexesText = reader.bool(), let globalDigest = reader.digest(), let drafts = reader.strings(),
            let count = reader.int(), count >= 0, count <= bytes.count
        else { return nil }
        var pages: [Page] = []
        pages.reserveCapacity(count)
        for _ in 0..<count {
            guard let record = reader.record(), let title = reader.string(), let description = reader.optional({ $0.string() }),
                let outputPath = reader.string(), let contents = reader.contents(depth: 0), let printPart = reader.range(),
                let searchPart = reader.optional({ $0.range() }), let contextDigest = reader.digest()
            else { return nil }
            pages.append(
                Page(
                    record: record, title: title, description: description, outputPath: outputPath, contents: contents, printPart: printPart,
                    searchPart: searchPart, contextDigest: contextDigest))
        }
        guard reader.isAtEnd else { return nil }
        self.init(token: token, pages: pages, drafts: drafts, indexesText: indexesText, globalDigest: globalDigest)
    }

    init(token: String, pages: [Page], drafts: [String], indexesText: Bool, globalDigest: UInt64) {
        (self.token, self.pages, self.drafts, self.indexesText, self.globalDigest) = (token, pages, drafts, indexesText, globalDigest)
    }

    static func load(for output: URL) -> PageCache? {
        guard let data = FileManager.default.contents(atPath: url(for: output, "pages").path) else { return nil }
        return PageCache(bytes: [UInt8](data))
    }

    /// Written beside its final name and renamed over it, so a reader never sees half a file.
    func write(for output: URL) throws {
        let target = Self.url(for: output, "pages")
        let temporary = target.path + ".\(getpid())"
        do {
            try FileWriter.write(bytes, to: temporary)
            guard rename(temporary, target.path) == 0 else { throw FileWriteError(code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func remove(for output: URL) {
        for part in ["pages", "print", "search"] { unlink(url(for: output, part).path) }
    }
}

/// Little-endian variable-length numbers and length-prefixed UTF-8: the page cache's encoding.
private struct CacheWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        // Zigzag, so small negative numbers stay short too.
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func digest(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    mutating func range(_ range: PageParts.Range) {
        int(Int(range.offset))
        int(range.length)
    }

    mutating func location(_ location: SourceLocation) {
        string(location.path)
        optional(location.line) { $0.int($1) }
        optional(location.column) { $0.int($1) }
    }

    mutating func value(_ value: MetadataValue) {
        switch value {
        case .string(let text):
            bytes.append(0)
            string(text)
        case .int(let number):
            bytes.append(1)
            int(number)
        case .double(let number):
            bytes.append(2)
            int(Int(Int64(bitPattern: number.bitPattern)))
        case .bool(let flag):
            bytes.append(3)
            bool(flag)
        case .list(let items):
            bytes.append(4)
            int(items.count)
            for item in items { self.value(item) }
        case .map(let map):
            bytes.append(5)
            int(map.count)
            for (key, item) in map.sorted(by: { $0.key < $1.key }) {
                string(key)
                self.value(item)
            }
        case .null:
            bytes.append(6)
        }
    }

    mutating func contents(_ entries: [TableOfContentsEntry]) {
        int(entries.count)
        for entry in entries {
            string(entry.title)
            string(entry.id)
            contents(entry.children)
        }
    }

    /// Everything but the file's stamp, which the build cache keeps.
    mutating func record(_ record: PageRecord) {
        string(record.file.relativePath)
        string(record.file.absolutePath)
        bytes.append(record.file.kind == .page ? 0 : record.file.kind == .asset ? 1 : 2)
        optional(record.file.generatedText) { $0.string($1) }
        string(record.displayPath)
        let front = record.frontMatter
        optional(front.title) { $0.string($1) }
        optional(front.description) { $0.string($1) }
        optional(front.order) { $0.int($1) }
        bool(front.isDraft)
        optional(front.layout) { $0.string($1) }
        int(front.extra.count)
        for (key, item) in front.extra.sorted(by: { $0.key < $1.key }) {
            string(key)
            value(item)
        }
        int(front.locations.count)
        for (key, place) in front.locations.sorted(by: { $0.key < $1.key }) {
            string(key)
            location(place)
        }
        string(record.title)
        optional(record.titleHeading) { $0.int($1) }
        bool(record.isFolderIndex)
        string(record.layout)
        string(record.outputPath)
        strings(record.headingIDs.sorted())
        optional(record.titleID) { $0.string($1) }
        strings(record.widgetNames.sorted())
    }
}

/// Reads what ``CacheWriter`` wrote; every read returns `nil` past the end or on a malformed value.
private struct CacheReader {
    let bytes: [UInt8]
    var position: Int

    var isAtEnd: Bool { position == bytes.count }

    /// Nesting deeper than this in front-matter values or contents is not something docgen wrote.
    static let maxDepth = 64

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = byte() {
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                let decoded = Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
                return Int(decoded)
            }
            shift += 7
        }
        return nil
    }

    mutating func digest() -> UInt64? {
        guard bytes.count - position >= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += 8
        return value
    }

    mutating func bool() -> Bool? {
        switch byte() {
        case 0: return false
        case 1: return true
        default: return nil
        }
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<position + count], as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return values
    }

    /// `.some(nil)` for an absent value, `nil` for bad bytes.
    mutating func optional<T>(_ read: (inout CacheReader) -> T?) -> T?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    mutating func range() -> PageParts.Range? {
        guard let offset = int(), offset >= 0, let length = int(), length >= 0 else { return nil }
        return PageParts.Range(offset: UInt64(offset), length: length)
    }

    mutating func location() -> SourceLocation? {
        guard let path = string(), let line = optional({ $0.int() }), let column = optional({ $0.int() }) else { return nil }
        return SourceLocation(path: path, line: line, column: column)
    }

    mutating func value(depth: Int) -> MetadataValue? {
        guard depth < Self.maxDepth, let kind = byte() else { return nil }
        switch kind {
        case 0: return string().map { .string($0) }
        case 1: return int().map { .int($0) }
        case 2: return int().map { .double(Double(bitPattern: UInt64(bitPattern: Int64($0)))) }
        case 3: return bool().map { .bool($0) }
        case 4:
            guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
            var items: [MetadataValue] = []
            for _ in 0..<count {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .list(items)
        case 5:
            guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
            var map: [String: MetadataValue] = [:]
            for _ in 0..<count {
                guard let key = string(), let item = value(depth: depth + 1) else { return nil }
                map[key] = item
            }
            return .map(map)
        case 6: return .null
        default: return nil
        }
    }

    mutating func contents(depth: Int) -> [TableOfContentsEntry]? {
        guard depth < Self.maxDepth, let count = int(), count >= 0, count <= bytes.count - position else { return nil }
        var entries: [TableOfContentsEntry] = []
        for _ in 0..<count {
            guard let title = string(), let id = string(), let children = contents(depth: depth + 1) else { return nil }
            entries.append(TableOfContentsEntry(title: title, id: id, children: children))
        }
        return entries
    }

    mutating func record() -> PageRecord? {
        guard let relativePath = string(), let absolutePath = string(), let kindByte = byte(), kindByte <= 2,
            let generatedText = optional({ $0.string() }), let displayPath = string(),
            let title = optional({ $0.string() }), let description = optional({ $0.string() }), let order = optional({ $0.int() }),
            let isDraft = bool(), let layout = optional({ $0.string() }), let extraCount = int(), extraCount >= 0
        else { return nil }
        var extra: [String: MetadataValue] = [:]
        for _ in 0..<extraCount {
            guard let key = string(), let item = value(depth: 0) else { return nil }
            extra[key] = item
        }
        guard let locationCount = int(), locationCount >= 0 else { return nil }
        var locations: [String: SourceLocation] = [:]
        for _ in 0..<locationCount {
            guard let key = string(), let location = location() else { return nil }
            locations[key] = location
        }
        guard let pageTitle = string(), let titleHeading = optional({ $0.int() }), let isFolderIndex = bool(), let pageLayout = string(),
            let outputPath = string(), let headingIDs = strings(), let titleID = optional({ $0.string() }), let widgetNames = strings()
        else { return nil }
        let kind: ContentFile.Kind = kindByte == 0 ? .page : kindByte == 1 ? .asset : .settings
        var frontMatter = FrontMatter(title: title, description: description, order: order, isDraft: isDraft, layout: layout, extra: extra)
        frontMatter.locations = locations
        return PageRecord(
            file: ContentFile(relativePath: relativePath, absolutePath: absolutePath, kind: kind, generatedText: generatedText),
            displayPath: displayPath, frontMatter: frontMatter, title: pageTitle, titleHeading: titleHeading, isFolderIndex: isFolderIndex,
            layout: pageLayout, outputPath: outputPath, headingIDs: Set(headingIDs), titleID: titleID, widgetNames: Set(widgetNames))
    }
}

/// Digests of what a page's output takes from the rest of the site, so a build can tell which pages
/// would render exactly as they did: FNV-1a over the values' bytes, in a fixed order. A digest covers
/// values docgen made from content, so two different values giving one digest is a matter of chance
/// (one in 2⁶⁴ per comparison), which `--clean` rules out.
enum SiteDigests {
    /// What every page's body can take from other pages: each page's source and output paths, heading
    /// ids and print id and number (links and "(see 2.3)"), the widgets in use, and the files and drafts
    /// links may name. Titles are not here: a body never shows another page's title.
    static func global(
        model: SiteModel, printIDs: [String], printNumbers: [String], files: Set<String>, drafts: Set<String>, unreadable: Set<String>
    ) -> UInt64 {
        var writer = CacheWriter()
        writer.int(model.pages.count)
        for (index, page) in model.pages.enumerated() {
            writer.string(page.file.relativePath)
            writer.string(page.outputPath)
            writer.bool(page.isFolderIndex)
            writer.optional(page.titleID) { $0.string($1) }
            writer.strings(page.headingIDs.sorted())
            writer.strings(page.widgetNames.sorted())
            writer.string(printIDs.indices.contains(index) ? printIDs[index] : "")
            writer.string(printNumbers.indices.contains(index) ? printNumbers[index] : "")
        }
        for set in [files, drafts, unreadable] { writer.strings(set.sorted()) }
        return fnv(writer.bytes)
    }

    /// What page `index`'s templates see of other pages: the sidebar, breadcrumbs, previous and next,
    /// and its place in print.html; with its own record.
    static func context(of index: Int, in model: SiteModel) -> UInt64 {
        var writer = CacheWriter()
        writer.record(model.pages[index])
        func link(_ link: Link?) {
            writer.optional(link) {
                $0.string($1.title)
                $0.string($1.path)
            }
        }
        func navigation(_ items: [NavigationItem]) {
            writer.int(items.count)
            for item in items {
                writer.string(item.title)
                writer.optional(item.path) { $0.string($1) }
                for flag in [item.isCurrent, item.containsCurrent, item.isSection, item.isMoreLink] { writer.bool(flag) }
                navigation(item.children)
            }
        }
        navigation(model.navigation(for: index))
        let crumbs = model.breadcrumbs(for: index)
        writer.int(crumbs.count)
        for crumb in crumbs { link(crumb) }
        link(model.previous(of: index))
        link(model.next(of: index))
        writer.int(model.depth(of: index))
        return fnv(writer.bytes)
    }

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }
}
