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

    /// Takes page `index`'s entry as the last build made it, with its postings and record (an
    /// ``SearchPageEntry/indexPart``) when terms are indexed.
    func collectKept(page index: Int, entry: SearchPageEntry, indexPart: [UInt8]?) throws {
        var entry = entry
        if indexesText {
            guard let indexPart else { throw SearchScratchError() }
            if let scratch {
                try scratch.append(indexPart, forPage: index)
                entry.spilledPage = index
            } else {
                guard let restored = entry.restoring(indexPart) else { throw SearchScratchError() }
                entry = restored
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
    /// Every distinct term of the site, numbered as first met: its string, and its postings over all
    /// pages (`page:…,page:…`, pages in reading order). Terms are found by their bytes in ``terms``, so
    /// a term met on ten thousand pages becomes a string once.
    private var termStrings: [String] = []
    private var postingsOfTerm: [[UInt8]] = []
    private var terms = ByteTermTable()

    /// Merges the postings of `pages` (in reading order: a page's number is its place in that order).
    init(pages: [SearchPageEntry], scratch: PageParts? = nil) throws {
        self.pages = pages
        self.scratch = scratch
        var prefix: [UInt8] = []
        var numbers: [Int32] = []
        for number in pages.indices {
            let part: [UInt8]
            if let spilled = pages[number].spilledPage {
                guard let scratch else { throw SearchScratchError() }
                part = try scratch.part(forPage: spilled)
            } else {
                part = pages[number].indexPart
            }
            prefix.removeAll(keepingCapacity: true)
            Base36.append(number, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            guard merge(part, prefix: prefix, numbers: &numbers) else { throw SearchScratchError() }
        }
    }

    /// Adds one page's ``SearchPageEntry/indexPart`` to the postings; false when the bytes are not one.
    private func merge(_ part: [UInt8], prefix: [UInt8], numbers: inout [Int32]) -> Bool {
        part.withUnsafeBufferPointer { bytes in
            var offset = 0
            func number() -> Int? {
                guard offset + 4 <= bytes.count else { return nil }
                let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                offset += 4
                return Int(value)
            }
            guard let termCount = number() else { return false }
            numbers.removeAll(keepingCapacity: true)
            for _ in 0..<termCount {
                guard let length = number(), length <= bytes.count - offset else { return false }
                let term = UnsafeBufferPointer(rebasing: bytes[offset..<offset + length])
                offset += length
                let (known, isNew) = terms.number(of: term)
                if isNew {
                    termStrings.append(String(decoding: term, as: UTF8.self))
                    postingsOfTerm.append([])
                }
                numbers.append(known)
            }
            guard let startCount = number(), startCount == termCount + 1, startCount * 4 <= bytes.count - offset else { return false }
            let startsAt = offset
            offset += startCount * 4
            guard let postingsLength = number(), postingsLength <= bytes.count - offset else { return false }
            let postings = offset
            func start(_ index: Int) -> Int {
                let at = startsAt + index * 4
                return Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
            }
            for (index, known) in numbers.enumerated() {
                let from = start(index)
                let to = start(index + 1)
                guard from <= to, to <= postingsLength else { return false }
                let term = Int(known)
                if !postingsOfTerm[term].isEmpty { postingsOfTerm[term].append(UInt8(ascii: ",")) }
                postingsOfTerm[term].append(contentsOf: prefix)
                postingsOfTerm[term].append(contentsOf: UnsafeBufferPointer(rebasing: bytes[postings + from..<postings + to]))
            }
            return true
        }
    }

    /// The page's record, read back from the scratch file when it waits there.
    private static func record(of page: SearchPageEntry, from scratch: PageParts?) throws -> ArraySlice<UInt8> {
        guard let spilled = page.spilledPage else { return page.record[...] }
        guard let scratch, let record = SearchPageEntry.record(inIndexPart: try scratch.part(forPage: spilled)) else {
            throw SearchScratchError()
        }
        return record
    }

    /// Writes the files into `root/assets/search/`, except those that `unchanged/assets/search/` holds
    /// with the same bytes already.
    func write(to root: URL, skippingFilesEqualTo unchanged: URL? = nil) throws {
        let folder = root.appendingPathComponent(Self.folder)
        let existing = unchanged?.appendingPathComponent(Self.folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try makeFiles { path, bytes in
            files.append((path, bytes.count))
            if let existing, FileWriter.holdsExactly(bytes, mode: 0o644, at: existing.appendingPathComponent(path).path) { return }
            try FileWriter.write(bytes, to: folder.appendingPathComponent(path).path)
        }
    }

    /// Makes each file and hands it to `emit`; a term's postings are let go once they are in a shard.
    private func makeFiles(_ emit: (String, [UInt8]) throws -> Void) throws {
        // Sorted by UTF-16 code units, the order search.js compares strings in.
        let strings = termStrings
        let order = strings.indices.sorted { strings[$0].utf16.lexicographicallyPrecedes(strings[$1].utf16) }

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
        for termNumber in order {
            let term = strings[termNumber]
            let postings = postingsOfTerm[termNumber]
            postingsOfTerm[termNumber] = []
            guard !postings.isEmpty else { continue }
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
        for (number, page) in pages.enumerated() {
            let record = try Self.record(of: page, from: scratch)
            if chunkStarts.isEmpty || records.count + record.count + 1 > Self.pageChunkTarget {
                try finishChunk()
                chunkStarts.append(number)
            } else {
                records.append(UInt8(ascii: ","))
            }
            records += record
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
        head(of: postings, entries: limit, bySorting: false)
    }

    /// The same selection by sorting every section: the reference the counting selection is tested against,
    /// and the way for keys too large to count (which docgen's own postings never have).
    static func head(of postings: [UInt8], entries limit: Int, bySorting: Bool) -> [UInt8]? {
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
        // On the buffer: a very common term's postings run to megabytes, read once per byte.
        postings.withUnsafeBufferPointer { postings in
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
                            // Wrapping: bytes that are not docgen's (a damaged cache) must not trap.
                            weight = weight &* 36 &+ Base36.value(of: byte)
                        }
                        index += 1
                    }
                    let key = (weight >> 4) &* 8 &+ min(weight & 15, 5)
                    all.append(Entry(key: key, ordinal: all.count, pageStart: pageStart, pageEnd: pageEnd, start: start, end: index))
                    done = index >= postings.count || postings[index] == UInt8(ascii: ",")
                    index += 1
                }
            }
        }
        var best: ArraySlice<Entry>
        let maxKey = all.reduce(0) { max($0, $1.key) }
        if bySorting || maxKey >= 1024 || all.contains(where: { $0.key < 0 }) {
            all.sort { $0.key != $1.key ? $0.key > $1.key : $0.ordinal < $1.ordinal }
            best = all.prefix(limit).sorted { $0.ordinal < $1.ordinal }[...]
        } else {
            // The best `limit` by key, then reading order, without sorting: keys are small (field × 8 plus
            // at most 5), so count them, find the lowest key still taken, and keep entries in reading order.
            var counts = [Int](repeating: 0, count: maxKey + 1)
            for entry in all { counts[entry.key] += 1 }
            var threshold = maxKey
            var above = 0
            while threshold > 0 && above + counts[threshold] < limit {
                above += counts[threshold]
                threshold -= 1
            }
            var atThreshold = limit - above
            best =
                all.filter { entry in
                    if entry.key > threshold { return true }
                    guard entry.key == threshold, atThreshold > 0 else { return false }
                    atThreshold -= 1
                    return true
                }[...]
        }
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

/// Comparing a term's bytes with a stored range, by `memcmp` (the generic `elementsEqual` cost more
/// than hashing).
enum TermBytes {
    static func equal(_ all: [UInt8], _ range: Range<Int>, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == term.count else { return false }
        guard let other = term.baseAddress, !range.isEmpty else { return true }
        return all.withUnsafeBufferPointer { stored in
            guard let start = stored.baseAddress else { return false }
            return memcmp(start + range.lowerBound, other, range.count) == 0
        }
    }
}

/// Distinct terms by their bytes: an open-addressing table of term numbers keyed by a hash of the bytes.
private struct ByteTermTable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var table = [Int32](repeating: -1, count: 1 << 14)

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: value)
    }

    /// The number of `term`, and whether it was new (numbers count up from 0 in the order terms are met).
    mutating func number(of term: UnsafeBufferPointer<UInt8>) -> (Int32, Bool) {
        let mask = table.count - 1
        var slot = Self.hash(term) & mask
        while table[slot] >= 0 {
            let known = Int(table[slot])
            if TermBytes.equal(bytes, starts[known]..<starts[known + 1], term) { return (Int32(known), false) }
            slot = (slot + 1) & mask
        }
        let number = Int32(starts.count - 1)
        bytes.append(contentsOf: term)
        starts.append(bytes.count)
        table[slot] = number
        if starts.count * 2 > table.count { grow() }
        return (number, true)
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        bytes.withUnsafeBufferPointer { all in
            for known in 0..<starts.count - 1 {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: all[starts[known]..<starts[known + 1]])) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(known)
            }
        }
    }
}

/// The scratch file did not give back what was written to it.
struct SearchScratchError: Error, CustomStringConvertible {
    var description: String { "the search index's scratch file could not be read back" }
}
