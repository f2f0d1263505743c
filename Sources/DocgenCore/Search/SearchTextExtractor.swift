// Search, text. In: a page's rendered body HTML (what stage 5 produced). Out: its plain text per heading
// section, in one linear pass over the bytes: no second Markdown parse.

/// One heading section of a page: the text from a heading up to the next one. Section 0 is the text
/// before the first heading, and has no anchor or heading.
struct SearchSection: Equatable {
    var anchor: String
    var heading: String
    var text: String
}

/// Reads the body HTML docgen rendered (libcmark's markup, docgen's headings with ids and permalinks,
/// widget markup) and keeps its text, split at headings that have an id.
enum SearchTextExtractor {
    /// More headings than this on one page join the last section, which bounds a page's entry in the index.
    static let maxSections = 500

    /// Elements that flow inside a line: no word break at their tags.
    private static let inlineTags: Set<UInt64> = Set(
        [
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
            "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
        ].map { packed(Array($0.utf8)[...]) })
    /// Elements whose content is not reading text (scripts, controls' labels, fallbacks shown elsewhere).
    private static let skippedTags: Set<UInt64> = Set(
        ["script", "style", "button", "template", "svg", "noscript", "select", "textarea"].map { packed(Array($0.utf8)[...]) })
    private static let anchorTag = packed(Array("a".utf8)[...])

    /// A tag name of at most 8 bytes, lower-cased, as one number (0 for longer names), so telling tags
    /// apart needs no string.
    private static func packed(_ name: ArraySlice<UInt8>) -> UInt64 {
        guard name.count <= 8 else { return 0 }
        var value: UInt64 = 0
        for byte in name { value = value << 8 | UInt64(byte | 0x20) }
        return value
    }

    static func sections(ofBody html: [UInt8]) -> [SearchSection] {
        var sections = [SearchSection(anchor: "", heading: "", text: "")]
        var text: [UInt8] = []
        var heading: [UInt8] = []
        var inHeading: UInt64?  // the closing tag name (packed) while inside a heading that starts a section
        var pendingSpace = false
        var index = 0
        let count = html.count

        func append(_ byte: UInt8) {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = true
                return
            }
            if inHeading != nil {
                if pendingSpace && !heading.isEmpty { heading.append(0x20) }
                heading.append(byte)
            } else {
                if pendingSpace && !text.isEmpty { text.append(0x20) }
                text.append(byte)
            }
            pendingSpace = false
        }
        func finishSection() {
            sections[sections.count - 1].text += String(decoding: text, as: UTF8.self)
            text.removeAll(keepingCapacity: true)
        }

        while index < count {
            let byte = html[index]
            if byte == UInt8(ascii: "&") {
                let (decoded, next) = decodeEntity(html, at: index)
                for scalarByte in decoded { append(scalarByte) }
                index = next
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < count else {
                append(byte)
                index += 1
                continue
            }
            if html[index + 1] == UInt8(ascii: "!") {
                // A comment or doctype: skip to its end.
                let isComment = index + 3 < count && html[index + 2] == UInt8(ascii: "-") && html[index + 3] == UInt8(ascii: "-")
                index = isComment ? (find(Array("-->".utf8), in: html, from: index + 4).map { $0 + 3 } ?? count) : tagEnd(html, from: index)
                continue
            }
            let closing = html[index + 1] == UInt8(ascii: "/")
            let nameStart = index + (closing ? 2 : 1)
            var nameEnd = nameStart
            while nameEnd < count, isNameByte(html[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart else {
                append(byte)
                index += 1
                continue
            }
            let name = packed(html[nameStart..<nameEnd])
            let end = tagEnd(html, from: nameEnd)
            let tag = html[index..<end]
            index = end
            if !inlineTags.contains(name) { pendingSpace = true }
            if closing {
                if name == inHeading {
                    inHeading = nil
                    sections[sections.count - 1].heading = String(decoding: heading, as: UTF8.self)
                    heading.removeAll(keepingCapacity: true)
                    pendingSpace = false
                }
                continue
            }
            if skippedTags.contains(name) || (name == anchorTag && contains(tag, Array("heading-anchor".utf8))) {
                // Skip the element's content; these never nest in what docgen writes.
                let close = [UInt8(ascii: "<"), UInt8(ascii: "/")] + html[nameStart..<nameEnd].map { $0 | 0x20 }
                index = find(close, in: html, from: index).map { tagEnd(html, from: $0 + close.count) } ?? count
                continue
            }
            if nameEnd - nameStart == 2, html[nameStart] | 0x20 == UInt8(ascii: "h"),
                (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(html[nameStart + 1]),
                inHeading == nil,
                let id = attribute("id", in: tag), sections.count < maxSections
            {
                finishSection()
                sections.append(SearchSection(anchor: id, heading: "", text: ""))
                inHeading = name
                pendingSpace = false
            }
        }
        if inHeading != nil { sections[sections.count - 1].heading = String(decoding: heading, as: UTF8.self) }
        finishSection()
        return sections
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    /// The index after the `>` that ends the tag, skipping quoted attribute values.
    private static func tagEnd(_ html: [UInt8], from start: Int) -> Int {
        var index = start
        var quote: UInt8?
        while index < html.count {
            let byte = html[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return html.count
    }

    /// The decoded value of `name="…"` in a tag docgen wrote.
    private static func attribute(_ name: String, in tag: ArraySlice<UInt8>) -> String? {
        let needle = Array(" \(name)=\"".utf8)
        let bytes = Array(tag)
        guard let start = find(needle, in: bytes, from: 0) else { return nil }
        let valueStart = start + needle.count
        guard let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        var value: [UInt8] = []
        var index = valueStart
        while index < valueEnd {
            if bytes[index] == UInt8(ascii: "&") {
                let (decoded, next) = decodeEntity(bytes, at: index)
                value += decoded
                index = min(next, valueEnd)
            } else {
                value.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Decodes the character reference at `start` (`&amp;`, `&#39;`, `&#x2014;`, `&nbsp;`); anything
    /// else is kept as written.
    static func decodeEntity(_ bytes: [UInt8], at start: Int) -> ([UInt8], Int) {
        var end = start + 1
        while end < bytes.count, end - start <= 10, bytes[end] != UInt8(ascii: ";"), isNameByte(bytes[end]) || bytes[end] == UInt8(ascii: "#") {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > start + 1 else { return ([bytes[start]], start + 1) }
        let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        let scalar: Unicode.Scalar?
        switch name {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        case "nbsp": scalar = " "
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            } else {
                scalar = nil
            }
        }
        guard let scalar else { return ([bytes[start]], start + 1) }
        return (Array(String(Character(scalar)).utf8), end + 1)
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        find(needle, in: Array(haystack), from: 0) != nil
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start < bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
