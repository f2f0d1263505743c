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

    init(pageCount: Int, indexesText: Bool) {
        self.indexesText = indexesText
        entries = Array(repeating: nil, count: pageCount)
    }

    /// Called by the worker rendering page `index`; the tokenising happens outside the lock.
    func collect(page index: Int, title: String, description: String?, outputPath: String, contents: [TableOfContentsEntry], body: HTML) {
        var entry = SearchPageEntry(title: title, description: description, outputPath: outputPath, contents: contents)
        if indexesText { entry.index(body: body) }
        lock.lock()
        entries[index] = entry
        lock.unlock()
    }

    /// The entries in `order` (page indices); pages that were not collected are left out.
    func entries(in order: [Int]) -> [SearchPageEntry] {
        lock.lock()
        defer { lock.unlock() }
        return order.compactMap { $0 < entries.count ? entries[$0] : nil }
    }
}

/// The index files: what they hold and how they are cut.
struct SearchIndexFiles {
    /// Where the index goes; docgen owns this folder of the output.
    static let folder = "assets/search/"
    static let manifestName = "manifest.js"
    /// A shard of terms or page records is cut before it grows past this, so a query loads little,
    /// and no file comes near the 2 MB a browser script should stay under.
    static let shardTarget = 256 * 1024
    static let pageChunkTarget = 128 * 1024

    /// Path (under ``folder``) → bytes, sorted by path.
    var files: [(path: String, bytes: [UInt8])] = []

    var totalBytes: Int { files.reduce(0) { $0 + $1.bytes.count } }

    /// Builds the index of `pages` (in reading order: a page's number is its place in that order).
    init(pages: [SearchPageEntry]) {
        var postingsByTerm: [String: [UInt8]] = [:]
        for (number, page) in pages.enumerated() {
            var prefix: [UInt8] = []
            Base36.append(number, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            for (termIndex, term) in page.terms.enumerated() {
                let postings = page.postings[page.postingStarts[termIndex]..<page.postingStarts[termIndex + 1]]
                postingsByTerm[term, default: []].appendEntry(prefix: prefix, postings: postings)
            }
        }
        // Sorted by UTF-16 code units, the order search.js compares strings in.
        let terms = postingsByTerm.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }

        // Term shards: consecutive terms; a term too big for one shard continues in the next ones.
        // (Plain variables, not an optional tuple, so the buffers grow in place.)
        var shards: [(first: String, last: String, terms: [UInt8], postings: [UInt8])] = []
        var first = "", last = ""
        var shardTerms: [UInt8] = []
        var shardPostings: [UInt8] = []
        for term in terms {
            var termJSON: [UInt8] = []
            JSONScript.appendString(term, to: &termJSON)
            for piece in Self.pieces(of: postingsByTerm[term] ?? [], limit: Self.shardTarget - termJSON.count - 64) {
                let size = termJSON.count + piece.count + 4
                if !shardTerms.isEmpty && shardTerms.count + shardPostings.count + size > Self.shardTarget {
                    shards.append((first, last, shardTerms, shardPostings))
                    shardTerms = []
                    shardPostings = []
                }
                if shardTerms.isEmpty {
                    first = term
                } else {
                    shardTerms.append(UInt8(ascii: ","))
                    shardPostings.append(UInt8(ascii: ","))
                }
                last = term
                shardTerms += termJSON
                shardPostings.append(UInt8(ascii: "\""))
                shardPostings += piece
                shardPostings.append(UInt8(ascii: "\""))
            }
        }
        if !shardTerms.isEmpty { shards.append((first, last, shardTerms, shardPostings)) }

        // Page records: consecutive pages, cut by size.
        var chunks: [(firstPage: Int, records: [UInt8])] = []
        for (number, page) in pages.enumerated() {
            if let last = chunks.last, last.records.count + page.record.count + 1 <= Self.pageChunkTarget {
                chunks[chunks.count - 1].records += [UInt8(ascii: ",")] + page.record
            } else {
                chunks.append((number, page.record))
            }
        }

        var manifest = Array("docgenSearch.manifest({\"format\":1,\"pages\":\(pages.count),\"shards\":[".utf8)
        for (number, shard) in shards.enumerated() {
            let name = "terms-\(number).js"
            files.append(
                (name, Array("docgenSearch.terms(\(number),[".utf8) + shard.terms + Array("],[".utf8) + shard.postings + Array("]);\n".utf8)))
            if number > 0 { manifest.append(UInt8(ascii: ",")) }
            manifest.append(UInt8(ascii: "["))
            JSONScript.appendString(shard.first, to: &manifest)
            manifest.append(UInt8(ascii: ","))
            JSONScript.appendString(shard.last, to: &manifest)
            manifest.append(UInt8(ascii: "]"))
        }
        manifest += Array("],\"chunks\":[".utf8)
        for (number, chunk) in chunks.enumerated() {
            files.append(
                ("pages-\(number).js", Array("docgenSearch.pages(\(number),\(chunk.firstPage),[".utf8) + chunk.records + Array("]);\n".utf8)))
            manifest += Array("\(number > 0 ? "," : "")\(chunk.firstPage)".utf8)
        }
        manifest += Array("]});\n".utf8)
        files.append((Self.manifestName, manifest))
        files.sort { $0.path < $1.path }
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

    /// Writes the files into `root/assets/search/`.
    func write(to root: URL) throws {
        let folder = root.appendingPathComponent(Self.folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            try FileWriter.write(file.bytes, to: folder.appendingPathComponent(file.path).path)
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendEntry(prefix: [UInt8], postings: ArraySlice<UInt8>) {
        if !isEmpty { append(UInt8(ascii: ",")) }
        append(contentsOf: prefix)
        append(contentsOf: postings)
    }
}
