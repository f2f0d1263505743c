// Search, per page. In: a page's title, description and rendered body. Out: its postings, already encoded,
// and its record for result lists. Runs inside the render workers, so it costs no extra pass.

/// What one page adds to the search index and to `search.html`.
struct SearchPageEntry: Sendable {
    var title: String
    var description: String?
    /// Root-relative output path, not encoded (`setup/dns.html`).
    var outputPath: String
    var contents: [TableOfContentsEntry]
    /// The page's terms, sorted; `postings[postingStarts[i]..<postingStarts[i + 1]]` belongs to `terms[i]`.
    var terms: [String] = []
    var postingStarts: [Int] = [0]
    var postings: [UInt8] = []
    /// `[url, title, [[anchor, heading, excerpt], …]]` as JSON, for result lists.
    var record: [UInt8] = []
    /// The page whose terms, postings and record wait on disk (``SearchCollector`` with a scratch
    /// file); `nil` when they are held here.
    var spilledPage: Int?

    /// Fields a term can be found in; a higher one ranks higher.
    enum Field: Int {
        case body = 1
        case heading = 2
        case title = 3
    }

    /// Longest stored texts, in UTF-8 bytes: they are for showing a result, not for matching.
    static let excerptBytes = 320
    static let headingBytes = 200
    static let anchorBytes = 256
    /// A page's record stays under this even with the most sections (``SearchTextExtractor/maxSections``).
    static let recordLimit = 1_800_000

    init(title: String, description: String?, outputPath: String, contents: [TableOfContentsEntry]) {
        self.title = title
        self.description = description
        self.outputPath = outputPath
        self.contents = contents
    }

    /// Tokenises the page. Postings per term: `section.weight[.position…]` joined by `|`, base 36,
    /// where weight is field × 16 + occurrences (at most 15), and positions (at most 4) count words
    /// from the start of the section (heading first; for section 0, the title).
    mutating func index(body: HTML) {
        let sections = SearchTextExtractor.sections(ofBody: body.bytes)
        var accumulator = TermAccumulator()
        for (number, section) in sections.enumerated() {
            var position = 0
            if number == 0 {
                accumulator.add(title, section: 0, field: .title, position: &position)
                if let description { accumulator.add(description, section: 0, field: .body, position: &position) }
            } else {
                accumulator.add(section.heading, section: number, field: .heading, position: &position)
            }
            accumulator.add(section.text, section: number, field: .body, position: &position)
        }
        (terms, postingStarts, postings) = accumulator.finish()
        record = Self.record(title: title, description: description, outputPath: outputPath, sections: sections, excerpts: true)
        if record.count > Self.recordLimit {
            record = Self.record(title: title, description: description, outputPath: outputPath, sections: sections, excerpts: false)
        }
    }

    private static func record(title: String, description: String?, outputPath: String, sections: [SearchSection], excerpts: Bool) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "[")]
        JSONScript.appendString(URLPath.encode(outputPath), to: &json)
        json.append(UInt8(ascii: ","))
        JSONScript.appendString(title, to: &json)
        json += Array(",[".utf8)
        for (number, section) in sections.enumerated() {
            if number > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            // An id too long to store sends the reader to the top of the page instead.
            let anchor = section.anchor.utf8.count <= anchorBytes ? URLPath.encode(section.anchor) : ""
            JSONScript.appendString(anchor, to: &json)
            json.append(UInt8(ascii: ","))
            JSONScript.appendString(truncated(section.heading, to: headingBytes), to: &json)
            json.append(UInt8(ascii: ","))
            let text = number == 0 && section.text.isEmpty ? (description ?? "") : section.text
            JSONScript.appendString(excerpts ? truncated(text, to: excerptBytes) : "", to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json += Array("]]".utf8)
        return json
    }

    /// At most `limit` bytes, cut at a space when there is one near the end, with `…` when cut. Works on
    /// the UTF-8 bytes: the cut never splits a character's bytes.
    static func truncated(_ text: String, to limit: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        var cut = utf8[..<end]
        if let space = cut.lastIndex(of: 0x20), cut.distance(from: space, to: cut.endIndex) < 40 { cut = cut[..<space] }
        return String(Substring(cut)) + "…"
    }
}

/// Collects one page's postings while its text is tokenised, section by section: every occurrence goes
/// into one flat list, grouped by term only at the end, so a term costs no buffers of its own.
private struct TermAccumulator {
    private struct Occurrence {
        var term: Int32
        var section: Int32
        var position: Int32
        var field: UInt8
    }

    /// The page's terms: their strings, and their bytes in one buffer (`termBytes[termStarts[i]..<termStarts[i + 1]]`),
    /// found by an open-addressing table of term numbers keyed by a hash of the bytes, so a term seen
    /// before on the page costs no string.
    private var terms: [String] = []
    private var termBytes: [UInt8] = []
    private var termStarts: [Int] = [0]
    private var table = [Int32](repeating: -1, count: 1024)
    private var occurrences: [Occurrence] = []

    init() {
        terms.reserveCapacity(512)
        termBytes.reserveCapacity(8192)
        termStarts.reserveCapacity(513)
        occurrences.reserveCapacity(2048)
    }

    mutating func add(_ text: String, section: Int, field: SearchPageEntry.Field, position: inout Int) {
        guard !text.isEmpty else { return }
        var tokenStart = position
        var wordPosition = position
        SearchTerms.forEachTerm(text) { term, role in
            switch role {
            case .word(let positions):
                record(term, section: section, field: field, position: position)
                wordPosition = position
                position += positions
            case .part(let offset):
                record(term, section: section, field: field, position: wordPosition + offset)
            case .compound:
                record(term, section: section, field: field, position: tokenStart)
                tokenStart = position
            case .end:
                tokenStart = position
            case .skipped:
                position += 1
                tokenStart = position
            }
        }
    }

    private mutating func record(_ term: UnsafeBufferPointer<UInt8>, section: Int, field: SearchPageEntry.Field, position: Int) {
        occurrences.append(
            Occurrence(term: number(of: term), section: Int32(section), position: Int32(clamping: position), field: UInt8(field.rawValue)))
    }

    private static func equal(_ all: [UInt8], _ range: Range<Int>, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        TermBytes.equal(all, range, term)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: value)
    }

    /// The term's number on this page, adding it when it is new.
    private mutating func number(of term: UnsafeBufferPointer<UInt8>) -> Int32 {
        let mask = table.count - 1
        var slot = Self.hash(term) & mask
        while table[slot] >= 0 {
            let known = Int(table[slot])
            if Self.equal(termBytes, termStarts[known]..<termStarts[known + 1], term) { return Int32(known) }
            slot = (slot + 1) & mask
        }
        let number = Int32(terms.count)
        terms.append(String(decoding: term, as: UTF8.self))
        termBytes.append(contentsOf: term)
        termStarts.append(termBytes.count)
        table[slot] = number
        if terms.count * 2 > table.count { grow() }
        return number
    }

    /// Doubles the table and puts every term back.
    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        termBytes.withUnsafeBufferPointer { bytes in
            for known in terms.indices {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: bytes[termStarts[known]..<termStarts[known + 1]])) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(known)
            }
        }
    }

    /// The terms in order, and their postings: per section `section.weight[.position…]` joined by `|`.
    mutating func finish() -> ([String], [Int], [UInt8]) {
        // Occurrences grouped by term, in the order they came (so by section, then position).
        var starts = [Int](repeating: 0, count: terms.count + 1)
        for occurrence in occurrences { starts[Int(occurrence.term) + 1] += 1 }
        for index in terms.indices { starts[index + 1] += starts[index] }
        var next = starts
        var grouped = [Int32](repeating: 0, count: occurrences.count)
        for (number, occurrence) in occurrences.enumerated() {
            grouped[next[Int(occurrence.term)]] = Int32(number)
            next[Int(occurrence.term)] += 1
        }
        let order = terms.indices.sorted { terms[$0] < terms[$1] }
        var postingStarts: [Int] = [0]
        postingStarts.reserveCapacity(order.count + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(occurrences.count * 6)
        for term in order {
            var at = starts[term]
            var first = true
            while at < starts[term + 1] {
                let section = occurrences[Int(grouped[at])].section
                var field: UInt8 = 0
                var count = 0
                var positions = 0
                if !first { bytes.append(UInt8(ascii: "|")) }
                first = false
                Base36.append(Int(section), to: &bytes)
                while at < starts[term + 1], occurrences[Int(grouped[at])].section == section {
                    field = max(field, occurrences[Int(grouped[at])].field)
                    count += 1
                    at += 1
                }
                bytes.append(UInt8(ascii: "."))
                Base36.append(Int(field) * 16 + min(count, 15), to: &bytes)
                var walk = at - count
                while walk < at && positions < 4 {
                    bytes.append(UInt8(ascii: "."))
                    Base36.append(Int(occurrences[Int(grouped[walk])].position), to: &bytes)
                    positions += 1
                    walk += 1
                }
            }
            postingStarts.append(bytes.count)
        }
        return (order.map { terms[$0] }, postingStarts, bytes)
    }
}

enum Base36 {
    private static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    static func append(_ value: Int, to bytes: inout [UInt8]) {
        guard value >= 36 else {
            bytes.append(digits[max(0, value)])
            return
        }
        append(value / 36, to: &bytes)
        bytes.append(digits[value % 36])
    }

    /// The value of one digit (0 for anything else).
    static func value(of digit: UInt8) -> Int {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(digit - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(digit - UInt8(ascii: "a")) + 10
        default: return 0
        }
    }
}

/// Strings for the index's classic scripts: JSON, with `<`, `>` and `&` escaped so no file can ever read
/// as markup, and the line separators JavaScript once rejected escaped too.
enum JSONScript {
    private static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = Array(string.utf8)[...]
        while let byte = utf8.popFirst() {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): appendEscape(UInt32(byte), to: &bytes)
            case 0..<0x20: appendEscape(UInt32(byte), to: &bytes)
            case 0xE2
            where utf8.count >= 2 && utf8[utf8.startIndex] == 0x80 && (utf8[utf8.startIndex + 1] == 0xA8 || utf8[utf8.startIndex + 1] == 0xA9):
                // U+2028 and U+2029
                appendEscape(0x2000 + UInt32(utf8[utf8.startIndex + 1]) - 0x80, to: &bytes)
                utf8 = utf8.dropFirst(2)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}

// MARK: Spilling to disk

extension SearchPageEntry {
    /// Terms, posting starts, postings and record as bytes: counts and lengths as 32-bit little-endian
    /// numbers, then the bytes they count.
    var indexPart: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(postings.count + record.count + terms.count * 12 + 16)
        func number(_ value: Int) {
            let value = UInt32(truncatingIfNeeded: value)
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        number(terms.count)
        for term in terms {
            number(term.utf8.count)
            bytes += term.utf8
        }
        number(postingStarts.count)
        for start in postingStarts { number(start) }
        number(postings.count)
        bytes += postings
        number(record.count)
        bytes += record
        return bytes
    }

    /// The record in an ``indexPart``, skipping the terms and postings; `nil` when the bytes are not one.
    static func record(inIndexPart bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var reader = IndexPartReader(bytes: bytes)
        guard let termCount = reader.count() else { return nil }
        for _ in 0..<termCount {
            guard let length = reader.number(), reader.slice(length) != nil else { return nil }
        }
        guard let startCount = reader.count(), reader.slice(startCount * 4) != nil, let postingsLength = reader.number(),
            reader.slice(postingsLength) != nil, let recordLength = reader.number()
        else { return nil }
        return reader.slice(recordLength)
    }

    /// This entry with the fields of an ``indexPart`` put back; `nil` when the bytes are not one.
    func restoring(_ bytes: [UInt8]) -> SearchPageEntry? {
        var entry = self
        var reader = IndexPartReader(bytes: bytes)
        func number() -> Int? { reader.number() }
        func slice(_ length: Int) -> ArraySlice<UInt8>? { reader.slice(length) }
        guard let termCount = reader.count() else { return nil }
        entry.terms = []
        entry.terms.reserveCapacity(termCount)
        for _ in 0..<termCount {
            guard let length = number(), let term = slice(length) else { return nil }
            entry.terms.append(String(decoding: term, as: UTF8.self))
        }
        guard let startCount = reader.count() else { return nil }
        entry.postingStarts = []
        entry.postingStarts.reserveCapacity(startCount)
        for _ in 0..<startCount {
            guard let start = number() else { return nil }
            entry.postingStarts.append(start)
        }
        guard let postingsLength = number(), let postings = slice(postingsLength) else { return nil }
        entry.postings = Array(postings)
        guard let recordLength = number(), let record = slice(recordLength) else { return nil }
        entry.record = Array(record)
        entry.spilledPage = nil
        return entry
    }
}

/// Reads an ``SearchPageEntry/indexPart``: 32-bit little-endian numbers and the bytes they count.
private struct IndexPartReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func number() -> Int? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        offset += 4
        return Int(value)
    }

    /// A count of items of at least 4 bytes each: never more than the bytes left could hold, so damaged
    /// bytes cannot ask for a huge allocation.
    mutating func count() -> Int? {
        guard let value = number(), value <= (bytes.count - offset) / 4 + 1 else { return nil }
        return value
    }

    mutating func slice(_ length: Int) -> ArraySlice<UInt8>? {
        guard length >= 0, length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return bytes[offset..<offset + length]
    }
}
