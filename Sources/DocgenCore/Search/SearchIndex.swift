// Search, index. In: every page's entry (collected while pages render). Out: the index as classic scripts
// under `assets/search/` (a manifest, term shards, page records), each loadable with `<script src>` from
// disk, since `fetch` does not work from `file://`. Deterministic: sorted terms, reading order.

import Foundation

/// Gathers each page's ``SearchPageEntry`` from the render workers.
final class SearchCollector: @unchecked Sendable {
    /// Whether terms are indexed (`search: false` in site.yml turns it off; `search.html` is written either way).
    let indexesText: Bool
    private var entries: [SearchPageEntry?]
    private let lock = NSLock()

    /// Where each page's postings and record wait until the index is assembled, so memory holds the
    /// titles and contents of every page but the postings of none; `nil` keeps them in memory.
    private let scratch: PageParts?

    init(pageCount: Int, indexesText: Bool, scratch: PageParts? = nil) {
        self.indexesText = indexesText
        self.scratch = scratch
        entries = Array(repeating: nil, count: pageCount)
    }

    /// Called by the worker rendering page `index`; the tokenising happens outside the lock.
    func collect(page index: Int, title: String, description: String?, outputPath: String, contents: [TableOfContentsEntry], body: HTML) throws {
        var entry = SearchPageEntry(title: title, description: description, outputPath: outputPath, contents: contents)
        if indexesText {
            entry.index(body: body)
            if let scratch {
                try scratch.append(entry.indexPart, forPage: index)
                entry.terms = []
                entry.postingStarts = [0]
                entry.postings = []
                entry.record = []
                entry.spilledPage = index
            }
        }
        lock.lock()
        entries[index] = entry
        lock.unlock()
    }

    /// The entry of page `index`, if it was collected.
    func entry(forPage index: Int) -> SearchPageEntry? {
        lock.lock()
        defer { lock.unlock() }
        return index < entries.count ? entries[index] : nil
    }

    /// The entries in `order` (page indices); pages that were not collected are left out.
    func entries(in order: [Int]) -> [SearchPageEntry] {
        lock.lock()
        defer { lock.unlock() }
        return order.compactMap { $0 < entries.count ? entries[$0] : nil }
    }
}

/// The index files: what they hold and how they are cut. The postings are merged when it is made; the
/// files are made one at a time as they are written, so no more than one is held at once.
final class SearchIndexFiles {
    /// Where the index goes; docgen owns this folder of the output.
    static let folder = "assets/search/"
    static let manifestName = "manifest.js"
    /// A shard of terms or page records is cut before it grows past this, so a query loads little,
    /// and no file comes near the 2 MB a browser script should stay under.
    static let shardTarget = 256 * 1024
    static let pageChunkTarget = 128 * 1024
    /// Sections in a very common term's head (`HEAD_ENTRIES` in search.js).
    static let headEntries = 1000

    /// The files written so far: path (under ``folder``) and size, in the order they were written.
    private(set) var files: [(path: String, size: Int)] = []

    var totalBytes: Int { files.reduce(0) { $0 + $1.size } }

    private let pages: [SearchPageEntry]
    /// Where spilled pages' postings and records are (see ``SearchCollector``).
    private let scratch: PageParts?
    /// Each term's postings over all pages: `page:…,page:…`, pages in reading order.
    private var postingsByTerm: [String: [UInt8]] = [:]

    /// Merges the postings of `pages` (in reading order: a page's number is its place in that order).
    init(pages: [SearchPageEntry], scratch: PageParts? = nil) throws {
        self.pages = pages
        self.scratch = scratch
        for number in pages.indices {
            let page = try Self.loaded(pages[number], from: scratch)
            var prefix: [UInt8] = []
            Base36.append(number, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            for (termIndex, term) in page.terms.enumerated() {
                let postings = page.postings[page.postingStarts[termIndex]..<page.postingStarts[termIndex + 1]]
                postingsByTerm[term, default: []].appendEntry(prefix: prefix, postings: postings)
            }
        }
    }

    /// The page with its postings and record, read back from the scratch file when they wait there.
    private static func loaded(_ page: SearchPageEntry, from scratch: PageParts?) throws -> SearchPageEntry {
        guard let spilled = page.spilledPage else { return page }
        guard let scratch, let restored = page.restoring([UInt8](try scratch.part(forPage: spilled))) else {
            throw SearchScratchError()
        }
        return restored
    }

    /// Writes the files into `root/assets/search/`.
    func write(to root: URL) throws {
        let folder = root.appendingPathComponent(Self.folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try makeFiles { path, bytes in
            try FileWriter.write(bytes, to: folder.appendingPathComponent(path).path)
            files.append((path, bytes.count))
        }
    }

    /// Makes each file and hands it to `emit`; a term's postings are let go once they are in a shard.
    private func makeFiles(_ emit: (String, [UInt8]) throws -> Void) throws {
        // Sorted by UTF-16 code units, the order search.js compares strings in.
        let terms = postingsByTerm.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }

        // Term shards: consecutive terms; a term too big for one shard continues in the next ones, and a
        // very common term's head goes with its first piece. Each shard's file is assembled in place, and a
        // term's postings are let go once they are in it.
        var manifest = Array("docgenSearch.manifest({\"format\":2,\"pages\":\(pages.count),\"shards\":[".utf8)
        var shard = ShardWriter()
        var shardCount = 0
        func finishShard() throws {
            guard !shard.isEmpty else { return }
            let number = shardCount
            shardCount += 1
            try emit("terms-\(number).js", shard.file(number: number))
            if number > 0 { manifest.append(UInt8(ascii: ",")) }
            manifest.append(UInt8(ascii: "["))
            JSONScript.appendString(shard.first, to: &manifest)
            manifest.append(UInt8(ascii: ","))
            JSONScript.appendString(shard.last, to: &manifest)
            manifest.append(UInt8(ascii: "]"))
            shard = ShardWriter()
        }
        for term in terms {
            guard let postings = postingsByTerm.removeValue(forKey: term) else { continue }
            var termJSON: [UInt8] = []
            JSONScript.appendString(term, to: &termJSON)
            let head = Self.head(of: postings, entries: Self.headEntries) ?? []
            for (number, piece) in Self.pieces(of: postings, limit: Self.shardTarget - termJSON.count - head.count - 64).enumerated() {
                let pieceHead = number == 0 ? head : []
                if !shard.isEmpty && shard.size + termJSON.count + piece.count + pieceHead.count + 8 > Self.shardTarget { try finishShard() }
                shard.add(term: term, json: termJSON, postings: piece, head: pieceHead)
            }
        }
        try finishShard()

        // Page records: consecutive pages, cut by size.
        var chunkStarts: [Int] = []
        var records: [UInt8] = []
        func finishChunk() throws {
            guard let first = chunkStarts.last else { return }
            let number = chunkStarts.count - 1
            try emit("pages-\(number).js", Array("docgenSearch.pages(\(number),\(first),[".utf8) + records + Array("]);\n".utf8))
            records.removeAll(keepingCapacity: true)
        }
        for (number, spilled) in pages.enumerated() {
            let page = try Self.loaded(spilled, from: scratch)
            if chunkStarts.isEmpty || records.count + page.record.count + 1 > Self.pageChunkTarget {
                try finishChunk()
                chunkStarts.append(number)
            } else {
                records.append(UInt8(ascii: ","))
            }
            records += page.record
        }
        try finishChunk()

        manifest += Array("],\"chunks\":[".utf8)
        for (number, first) in chunkStarts.enumerated() {
            manifest += Array("\(number > 0 ? "," : "")\(first)".utf8)
        }
        manifest += Array("]});\n".utf8)
        try emit(Self.manifestName, manifest)
    }

    /// A very common term's head: its best ``headEntries`` sections by field, then occurrences (at most
    /// 5 count, as search.js scores them), then reading order, written back in reading order in the same
    /// form as postings; `nil` for a term with no more sections than that. search.js takes the pages of
    /// the heads as the candidates of a query whose every word is very common, and reads the full postings
    /// only for those pages, so such a query never decodes tens of thousands of sections.
    static func head(of postings: [UInt8], entries limit: Int) -> [UInt8]? {
        var sectionCount = 1
        for byte in postings where byte == UInt8(ascii: "|") || byte == UInt8(ascii: ",") { sectionCount += 1 }
        guard sectionCount > limit else { return nil }
        // Each section entry: its rank key, and where its page number and its own text are.
        struct Entry {
            var key: Int
            var ordinal: Int
            var pageStart: Int
            var pageEnd: Int
            var start: Int
            var end: Int
        }
        var all: [Entry] = []
        all.reserveCapacity(sectionCount)
        var index = 0
        var pageStart = 0
        var pageEnd = 0
        while index < postings.count {
            pageStart = index
            while index < postings.count && postings[index] != UInt8(ascii: ":") { index += 1 }
            pageEnd = index
            index += 1
            var done = false
            while !done {
                let start = index
                var dots = 0
                var weight = 0
                while index < postings.count {
                    let byte = postings[index]
                    if byte == UInt8(ascii: "|") || byte == UInt8(ascii: ",") { break }
                    if byte == UInt8(ascii: ".") {
                        dots += 1
                    } else if dots == 1 {
                        weight = weight * 36 + Base36.value(of: byte)
                    }
                    index += 1
                }
                let key = (weight >> 4) * 8 + min(weight & 15, 5)
                all.append(Entry(key: key, ordinal: all.count, pageStart: pageStart, pageEnd: pageEnd, start: start, end: index))
                done = index >= postings.count || postings[index] == UInt8(ascii: ",")
                index += 1
            }
        }
        all.sort { $0.key != $1.key ? $0.key > $1.key : $0.ordinal < $1.ordinal }
        var best = all.prefix(limit).sorted { $0.ordinal < $1.ordinal }[...]
        var head: [UInt8] = []
        var lastPage = -1
        while let entry = best.popFirst() {
            if entry.pageStart != lastPage {
                if !head.isEmpty { head.append(UInt8(ascii: ",")) }
                head += postings[entry.pageStart..<entry.pageEnd]
                head.append(UInt8(ascii: ":"))
                lastPage = entry.pageStart
            } else {
                head.append(UInt8(ascii: "|"))
            }
            head += postings[entry.start..<entry.end]
        }
        return head
    }

    /// Splits a term's postings (`page:…,page:…`) at page boundaries into pieces of at most `limit` bytes
    /// (a single page's postings are far smaller: sections and positions per page are bounded).
    static func pieces(of postings: [UInt8], limit: Int) -> [ArraySlice<UInt8>] {
        guard postings.count > limit else { return [postings[...]] }
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var lastComma = -1
        var index = 0
        while index < postings.count {
            if postings[index] == UInt8(ascii: ",") {
                if index - start > limit, lastComma > start {
                    pieces.append(postings[start..<lastComma])
                    start = lastComma + 1
                }
                lastComma = index
            }
            index += 1
        }
        if postings.count - start > limit, lastComma > start {
            pieces.append(postings[start..<lastComma])
            start = lastComma + 1
        }
        pieces.append(postings[start...])
        return pieces
    }

}

/// One term shard as it fills: `docgenSearch.terms(N,[terms],[postings],[heads]);`.
private struct ShardWriter {
    var first = ""
    var last = ""
    private var terms: [UInt8] = []
    private var postings: [UInt8] = []
    private var heads: [UInt8] = []

    var isEmpty: Bool { terms.isEmpty }
    var size: Int { terms.count + postings.count + heads.count }

    mutating func add(term: String, json: [UInt8], postings piece: ArraySlice<UInt8>, head: [UInt8]) {
        if terms.isEmpty {
            first = term
        } else {
            terms.append(UInt8(ascii: ","))
            postings.append(UInt8(ascii: ","))
            heads.append(UInt8(ascii: ","))
        }
        last = term
        terms += json
        // Postings and heads hold only base-36 digits and `: . | ,`: no escaping needed.
        postings.append(UInt8(ascii: "\""))
        postings += piece
        postings.append(UInt8(ascii: "\""))
        heads.append(UInt8(ascii: "\""))
        heads += head
        heads.append(UInt8(ascii: "\""))
    }

    func file(number: Int) -> [UInt8] {
        var bytes = Array("docgenSearch.terms(\(number),[".utf8)
        bytes.reserveCapacity(bytes.count + size + 16)
        bytes += terms
        bytes += Array("],[".utf8)
        bytes += postings
        bytes += Array("],[".utf8)
        bytes += heads
        bytes += Array("]);\n".utf8)
        return bytes
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendEntry(prefix: [UInt8], postings: ArraySlice<UInt8>) {
        if !isEmpty { append(UInt8(ascii: ",")) }
        append(contentsOf: prefix)
        append(contentsOf: postings)
    }
}

/// The scratch file did not give back what was written to it.
struct SearchScratchError: Error, CustomStringConvertible {
    var description: String { "the search index's scratch file could not be read back" }
}
