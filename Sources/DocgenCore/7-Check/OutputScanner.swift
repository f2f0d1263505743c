// Stage 7, check. In: each generated page's bytes. Out: findings: anything that would load from the network, root-absolute
// URLs, duplicate ids, broken in-site links, invalid hrefs. Reads tags as the HTML tokenizer does; linear in the page size.

import Foundation

/// Reads a generated page the way a browser would look for what it loads, and reports what would
/// break offline: root-absolute URLs, anything loaded from the network, hrefs that are not valid URLs,
/// and duplicate element ids.
///
/// This is the last line of defence behind the Markdown link checker: it also covers templates,
/// widgets, and raw HTML when the site allows it. Tags and attributes are read as the HTML tokenizer
/// reads them (names in any case, spaces around `=`, any quoting, character references decoded, comments
/// ended as the spec ends them). Where the browser's reading depends on the tree (SVG `CDATA`, raw text
/// inside SVG), the checker takes the reading that shows more markup, so it may report too much but
/// never too little. Every URL-carrying attribute is listed in ``urlAttribute(_:tag:)``; CSS in `style`
/// attributes, `<style>` and SVG attributes is read by ``scanCSS(_:)``. JavaScript is not interpreted.
struct OutputScanner {
    struct Finding: Equatable {
        var message: String
        /// Decides severity: only ``DiagnosticCategory/brokenTarget`` may be relaxed by a flag.
        var category: DiagnosticCategory = .other
    }

    /// How deep documents inside documents (`srcdoc`, `data:` URLs) are read before the page is refused.
    private static let nestingLimit = 4

    static func scan(_ bytes: [UInt8]) -> [Finding] {
        scan(bytes, pagePath: nil, existingFiles: [])
    }

    /// Also checks that every relative URL on the page (from Markdown or a template) reaches a file in
    /// `existingFiles` (output paths) and that every `#id` on the page exists, when `pagePath` is given.
    static func scan(_ bytes: [UInt8], pagePath: String?, existingFiles: Set<String>) -> [Finding] {
        var scanner = Scanner(depth: 0)
        bytes.withUnsafeBufferPointer { scanner.scanDocument($0) }
        var findings = scanner.findings
        if let pagePath {
            findings += checkLocalURLs(scanner.localURLs, pagePath: pagePath, ids: scanner.ids, existingFiles: existingFiles)
        }
        return findings
    }

    // MARK: Which attributes carry URLs

    enum URLUse {
        /// The browser fetches it on its own (`<img src>`).
        case loads
        /// Followed only when the reader acts (`<a href>`, `<form action>`).
        case navigates
        /// Several URLs: `srcset` candidates.
        case sourceSet
        /// Several URLs separated by spaces, each fetched (`ping`).
        case urlList
    }

    /// The allow-list: every attribute whose value the browser takes as a URL, and how. Attributes not
    /// listed here carry no URL (a `data` attribute on anything but `<object>`, for example).
    static func urlAttribute(_ name: String, tag: String, rel: String?) -> URLUse? {
        switch name {
        case "src", "poster", "background", "lowsrc", "dynsrc", "manifest", "codebase", "archive":
            return .loads
        case "srcset", "imagesrcset":
            return .sourceSet
        case "ping":
            return .urlList
        case "data":
            return tag == "object" ? .loads : nil
        case "action", "formaction", "cite", "longdesc":
            return .navigates
        case "href", "xlink:href":
            switch tag {
            case "a", "area": return .navigates
            case "link": return linkLoads(rel: rel) ? .loads : .navigates
            // SVG `image`, `use`, `feImage`, `script`, gradients, patterns…: references the browser resolves.
            default: return .loads
            }
        default:
            return nil
        }
    }

    /// `<link rel>` values that never make the browser fetch `href`; every other one may.
    private static let nonLoadingRels: Set<String> = [
        "canonical", "alternate", "author", "license", "help", "next", "prev", "previous", "search", "bookmark", "external", "nofollow",
        "noopener", "noreferrer", "tag", "me", "privacy-policy", "terms-of-service", "edit", "shortlink", "sitemap",
    ]

    private static func linkLoads(rel: String?) -> Bool {
        let tokens = (rel ?? "").lowercased().split { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        // `alternate stylesheet` loads; `alternate` alone (a feed, a translation) does not.
        return tokens.contains { !nonLoadingRels.contains(String($0)) }
    }

    // MARK: The tokenizer

    private struct Attribute {
        var name: String
        var value: String
    }

    private struct Scanner {
        let depth: Int
        var findings: [Finding] = []
        var localURLs: [(tag: String, attribute: String, url: String)] = []
        var ids: Set<String> = []
        var reportedIDs: Set<String> = []
        /// Whether an `<svg>` or `<math>` element was opened: from there on, raw text is read as markup too.
        var sawForeignContent = false
        var cssCheckedUpTo = 0
        /// Per raw-text element name, the last search for its end tag: where it began and what it found.
        var endTagSearches: [String: (from: Int, found: Int)] = [:]

        init(depth: Int) { self.depth = depth }

        mutating func scanDocument(_ bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            var index = 0
            while index < count {
                guard let open = nextOpenBracket(bytes, from: index) else { break }
                index = open + 1
                guard index < count else { break }
                let next = bytes[index]
                if next == UInt8(ascii: "!") {
                    index = skipMarkupDeclaration(bytes, from: index + 1)
                } else if next == UInt8(ascii: "?") {
                    index = skipBogusComment(bytes, from: index)
                } else if next == UInt8(ascii: "/") {
                    index += 1
                    guard index < count else { break }
                    if isASCIILetter(bytes[index]) {
                        index = readTag(bytes, from: index, isEndTag: true).end
                    } else if bytes[index] == UInt8(ascii: ">") {
                        index += 1
                    } else {
                        index = skipBogusComment(bytes, from: index)
                    }
                } else if isASCIILetter(next) {
                    let tag = readTag(bytes, from: index, isEndTag: false)
                    index = tag.end
                    check(tag)
                    if tag.name == "svg" || tag.name == "math" { sawForeignContent = true }
                    index = afterContent(of: tag, bytes, from: index)
                }
            }
        }

        /// Reads `<style>` as CSS and skips the text of `script`, `style`, `textarea` and `title`, which the
        /// browser does not read as markup in HTML content. Once the page has opened `<svg>` or `<math>`,
        /// whether the browser is back in HTML content depends on the tree (a `</svg>` may be ignored), so
        /// nothing is skipped from then on: the text is checked as markup too.
        private mutating func afterContent(of tag: Tag, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            let name = tag.name
            guard name == "script" || name == "style" || name == "textarea" || name == "title" else { return start }
            let end: Int
            if let known = endTagSearches[name], known.from <= start, known.found >= start {
                end = known.found
            } else {
                end = findEndTag(name, bytes, from: start) ?? bytes.count
                // Remembered: `<svg><title><title>…` would otherwise search the same text once per tag.
                endTagSearches[name] = (start, end)
            }
            if name == "style" && start >= cssCheckedUpTo {
                findings += scanCSSBytes(UnsafeBufferPointer(rebasing: bytes[start..<end]), decodeReferences: sawForeignContent)
                // Nested `<style>` tags in SVG would otherwise read the same text again and again.
                cssCheckedUpTo = end
            }
            return sawForeignContent ? start : end
        }

        // MARK: Checks on one tag

        private mutating func check(_ tag: Tag) {
            let rel = tag.attributes.first { $0.name == "rel" }?.value
            var seen: Set<String> = []
            for attribute in tag.attributes {
                // The tokenizer drops a repeated attribute; the first one counts.
                guard seen.insert(attribute.name).inserted else { continue }
                let name = attribute.name
                let value = attribute.value
                if name == "id" {
                    if depth == 0 && !ids.insert(value).inserted && reportedIDs.insert(value).inserted {
                        findings.append(Finding(message: "duplicate id '\(value)' on the page"))
                    }
                    continue
                }
                if name == "style" || sawForeignContent && mightHoldCSSFunction(value) {
                    findings += OutputScanner.scanCSS(value)
                }
                if name == "srcdoc" {
                    checkNestedDocument(value, label: "<\(tag.name) srcdoc>")
                    continue
                }
                if tag.name == "base" && (name == "href" || name == "xlink:href") {
                    findings.append(
                        Finding(message: "<base href='\(value)'> changes where every relative URL on the page leads; remove it"))
                    continue
                }
                if let use = urlAttribute(name, tag: tag.name, rel: rel) {
                    checkURLs(value, use: use, tag: tag.name, attribute: name)
                }
            }
            if tag.name == "meta" {
                checkMetaRefresh(tag)
            }
            if tag.name == "set" || tag.name == "animate" {
                // SMIL can set an `href` after the page has loaded.
                let target = tag.attributes.first { $0.name == "attributename" }?.value.lowercased()
                if target == "href" || target == "xlink:href" || target == "src" {
                    for attribute in tag.attributes where ["to", "from", "by", "values"].contains(attribute.name) {
                        for url in attribute.value.split(separator: ";") {
                            checkURLs(String(url), use: .loads, tag: tag.name, attribute: attribute.name)
                        }
                    }
                }
            }
        }

        private mutating func checkURLs(_ value: String, use: URLUse, tag: String, attribute: String) {
            switch use {
            case .loads, .navigates:
                checkURL(value, loads: use == .loads, tag: tag, attribute: attribute)
            case .sourceSet:
                for url in sourceSetURLs(value) { checkURL(url, loads: true, tag: tag, attribute: attribute) }
            case .urlList:
                for url in value.split(whereSeparator: { isHTMLSpace($0) }) { checkURL(String(url), loads: true, tag: tag, attribute: attribute) }
            }
        }

        private mutating func checkURL(_ raw: String, loads: Bool, tag: String, attribute: String) {
            let url = OutputScanner.browserURL(raw)
            if OutputScanner.isNetworkPath(url) {
                if loads {
                    findings.append(Finding(message: "<\(tag) \(attribute)> loads '\(raw.trimmingSpaces)' from the network", category: .networkLoad))
                }
                return
            }
            if url.hasPrefix("/") {
                findings.append(
                    Finding(
                        message: "root-absolute URL '\(raw.trimmingSpaces)' in <\(tag) \(attribute)> breaks from disk and under a sub-path",
                        category: .rootAbsoluteURL))
                return
            }
            if let scheme = OutputScanner.scheme(of: url) {
                if loads && !OutputScanner.localSchemes.contains(scheme) {
                    findings.append(Finding(message: "<\(tag) \(attribute)> loads '\(raw.trimmingSpaces)' from the network", category: .networkLoad))
                }
                // A `data:` document or stylesheet loads what it names in turn.
                if loads && scheme == "data", let document = OutputScanner.dataURLContent(url) {
                    let label = "a data: URL in <\(tag) \(attribute)>"
                    if document.isStylesheet {
                        findings += OutputScanner.scanCSS(document.text, depth: depth + 1).map {
                            Finding(message: "in \(label): \($0.message)", category: $0.category)
                        }
                    } else {
                        checkNestedDocument(document.text, label: label)
                    }
                }
            }
            if attribute == "href" && !OutputScanner.isValidURL(raw) {
                findings.append(Finding(message: "<\(tag) href> '\(raw)' is not a valid URL; percent-encode its spaces and special characters"))
                return
            }
            if depth == 0 && !url.isEmpty && OutputScanner.scheme(of: url) == nil {
                localURLs.append((tag, attribute, url))
            }
        }

        private mutating func checkMetaRefresh(_ tag: Tag) {
            guard tag.attributes.first(where: { $0.name == "http-equiv" })?.value.trimmingSpaces.lowercased() == "refresh",
                let content = tag.attributes.first(where: { $0.name == "content" })?.value
            else { return }
            // `5; url=next.html`, `0,URL='x'`: the URL follows the first `;` or `,`.
            guard let separator = content.firstIndex(where: { $0 == ";" || $0 == "," }) else { return }
            var rest = Substring(content[content.index(after: separator)...]).drop { isHTMLSpace($0) }
            if rest.prefix(3).lowercased() == "url" {
                let afterURL = rest.dropFirst(3).drop { isHTMLSpace($0) }
                if afterURL.first == "=" { rest = afterURL.dropFirst().drop { isHTMLSpace($0) } }
            }
            if let quote = rest.first, quote == "\"" || quote == "'" {
                rest = rest.dropFirst()
                if let close = rest.firstIndex(of: quote) { rest = rest[..<close] }
            }
            checkURL(String(rest), loads: true, tag: "meta http-equiv=refresh", attribute: "content")
        }

        /// Reads a document inside the page (`srcdoc`, a `data:` URL) as HTML.
        private mutating func checkNestedDocument(_ html: String, label: String) {
            guard depth < OutputScanner.nestingLimit else {
                findings.append(Finding(message: "\(label) nests documents more than \(OutputScanner.nestingLimit) deep"))
                return
            }
            var inner = Scanner(depth: depth + 1)
            var text = html
            text.withUTF8 { inner.scanDocument($0) }
            findings += inner.findings.map { Finding(message: "in \(label): \($0.message)", category: $0.category) }
        }
    }

    // MARK: Tags

    private struct Tag {
        var name: String
        var attributes: [Attribute]
        var selfClosing: Bool
        var end: Int
    }

    /// Attributes whose values the checks read; others are skipped without being decoded (except in SVG).
    private static let readAttributes: Set<String> = [
        "id", "style", "rel", "srcdoc", "http-equiv", "content", "attributename", "to", "from", "by", "values", "src", "poster",
        "background", "lowsrc", "dynsrc", "manifest", "codebase", "longdesc", "archive", "srcset", "imagesrcset", "ping",
        "data", "action", "formaction", "cite", "href", "xlink:href",
    ]
    private static let readNameLengths = Set(readAttributes.map(\.utf8.count))

    /// Reads a tag from its name's first letter through its `>` as the HTML tokenizer does.
    private static func readTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isEndTag: Bool) -> Tag {
        let count = bytes.count
        var index = start
        while index < count, !isSpaceByte(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") {
            index += 1
        }
        let name = lowercasedString(bytes, start..<index)
        var attributes: [Attribute] = []
        var selfClosing = false
        while index < count {
            // Before an attribute name.
            while index < count, isSpaceByte(bytes[index]) || bytes[index] == UInt8(ascii: "/") {
                selfClosing = bytes[index] == UInt8(ascii: "/")
                index += 1
            }
            guard index < count else { break }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return Tag(name: name, attributes: attributes, selfClosing: selfClosing, end: index)
            }
            selfClosing = false
            // The name: a leading `=` belongs to it; then anything up to space, `/`, `>` or `=`.
            let nameStart = index
            index += 1
            while index < count {
                let byte = bytes[index]
                if isSpaceByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") { break }
                index += 1
            }
            let nameRange = nameStart..<index
            while index < count, isSpaceByte(bytes[index]) { index += 1 }
            var valueRange = index..<index
            if index < count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < count, isSpaceByte(bytes[index]) { index += 1 }
                if index < count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < count, bytes[index] != quote { index += 1 }
                    valueRange = valueStart..<index
                    if index < count { index += 1 }
                } else {
                    let valueStart = index
                    while index < count, !isSpaceByte(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    valueRange = valueStart..<index
                }
            }
            if isEndTag { continue }
            let attributeName = lowercasedString(bytes, nameRange)
            // Most attributes (class, aria-*, data-*) are not read; SVG's may hold CSS `url()`.
            if readNameLengths.contains(nameRange.count) && readAttributes.contains(attributeName) || mightHoldCSSFunction(bytes, valueRange) {
                attributes.append(Attribute(name: attributeName, value: decodeCharacterReferences(bytes, valueRange, inAttribute: true)))
            }
        }
        return Tag(name: name, attributes: attributes, selfClosing: selfClosing, end: count)
    }

    /// `<!--…-->` (ended early by `<!-->` and `<!--->`, or by `--!>`), `<!DOCTYPE …>`, and every other
    /// `<!…>` up to its first `>`. `<![CDATA[` is a section only inside SVG and MathML; read as a comment
    /// to its first `>`, its rest is then checked as markup, which is the stricter of the two readings.
    private static func skipMarkupDeclaration(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard start + 1 < count, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: "-") else {
            return skipBogusComment(bytes, from: start)
        }
        var index = start + 2
        if index < count, bytes[index] == UInt8(ascii: ">") { return index + 1 }
        if index + 1 < count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: ">") { return index + 2 }
        while index < count {
            if bytes[index] == UInt8(ascii: "-"), index + 2 < count, bytes[index + 1] == UInt8(ascii: "-") {
                if bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                if bytes[index + 2] == UInt8(ascii: "!"), index + 3 < count, bytes[index + 3] == UInt8(ascii: ">") { return index + 4 }
            }
            index += 1
        }
        return count
    }

    private static func skipBogusComment(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
        return min(index + 1, bytes.count)
    }

    private static func nextOpenBracket(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") { return index }
            index += 1
        }
        return nil
    }

    /// The start of `</name` followed by a space, `/` or `>`, in any case.
    private static func findEndTag(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let nameBytes = Array(name.utf8)
        let count = bytes.count
        var index = start
        while index + 1 + nameBytes.count < count {
            if bytes[index] == UInt8(ascii: "<") && bytes[index + 1] == UInt8(ascii: "/") {
                var matches = true
                for (offset, letter) in nameBytes.enumerated() where bytes[index + 2 + offset] | 0x20 != letter {
                    matches = false
                    break
                }
                let after = index + 2 + nameBytes.count
                if matches && (after >= count || isSpaceByte(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">"))
                {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    // MARK: URLs

    /// Schemes that never leave the machine.
    static let localSchemes: Set<String> = ["data", "blob", "about", "javascript"]

    /// The URL as the browser's URL parser sees it: leading and trailing spaces and controls removed,
    /// tabs and newlines dropped, `\` read as `/` (as it is for `file:` and `http:` pages).
    static func browserURL(_ raw: String) -> String {
        var scalars = Substring(raw).unicodeScalars
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        var result = String.UnicodeScalarView()
        for scalar in scalars where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            result.append(scalar == "\\" ? "/" : scalar)
        }
        return String(result)
    }

    static func isNetworkPath(_ url: String) -> Bool { url.hasPrefix("//") }

    /// The lower-cased scheme, when the URL starts with one (`letter (letter | digit | + - .)* :`).
    static func scheme(of url: String) -> String? {
        var scheme = ""
        for byte in url.utf8 {
            if byte == UInt8(ascii: ":") { return scheme.isEmpty ? nil : scheme }
            let isLetter = isASCIILetter(byte)
            let allowed =
                isLetter
                || (!scheme.isEmpty && (isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            guard allowed else { return nil }
            scheme.append(Character(Unicode.Scalar(byte | (isLetter ? 0x20 : 0))))
        }
        return nil
    }

    /// A valid URL string (WHATWG), allowing spaces around it: no spaces, controls or `"<>\^`{|}` inside,
    /// and every `%` starting an escape of two hex digits.
    static func isValidURL(_ raw: String) -> Bool {
        let bytes = Array(raw.trimmingSpaces.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0..<0x21, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"),
                UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
                return false
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else { return false }
                index += 2
            default:
                break
            }
            index += 1
        }
        return true
    }

    /// The URLs of a `srcset`: each candidate's URL runs to a space; its descriptors run to a `,`.
    static func sourceSetURLs(_ value: String) -> [String] {
        var urls: [String] = []
        let scalars = Array(value.unicodeScalars)
        var index = 0
        while index < scalars.count {
            while index < scalars.count, isHTMLSpace(Character(scalars[index])) || scalars[index] == "," { index += 1 }
            guard index < scalars.count else { break }
            var url = String.UnicodeScalarView()
            while index < scalars.count, !isHTMLSpace(Character(scalars[index])) {
                url.append(scalars[index])
                index += 1
            }
            var text = String(url)
            if text.hasSuffix(",") {
                while text.hasSuffix(",") { text.removeLast() }
            } else {
                var parentheses = 0
                while index < scalars.count {
                    let scalar = scalars[index]
                    if scalar == "(" { parentheses += 1 }
                    if scalar == ")" { parentheses = max(0, parentheses - 1) }
                    if scalar == "," && parentheses == 0 { break }
                    index += 1
                }
            }
            if !text.isEmpty { urls.append(text) }
        }
        return urls
    }

    /// The output path a relative URL on a page in `folder` reaches. The common shape docgen writes
    /// (`../../a/b.html`, no escapes) is handled without splitting strings; anything else goes the long way.
    private static func resolveOutputPath(_ url: Substring, folder: String) -> String? {
        var rest = url
        var climbs = 0
        while rest.hasPrefix("../") {
            rest = rest.dropFirst(3)
            climbs += 1
        }
        if !rest.utf8.contains(UInt8(ascii: "%")) && !Self.hasDotSegment(rest) && !rest.hasPrefix("/") {
            if climbs == 0 { return folder.isEmpty ? String(rest) : folder + "/" + rest }
            var base = Substring(folder)
            for _ in 0..<climbs {
                guard !base.isEmpty else { return nil }
                base = base.utf8.lastIndex(of: UInt8(ascii: "/")).map { base[..<$0] } ?? ""
            }
            return base.isEmpty ? String(rest) : base + "/" + rest
        }
        guard let decoded = URLPath.decode(String(url)) else { return nil }
        return URLPath.resolve(decoded, from: folder)
    }

    /// Whether a path holds a `./` or `../` segment after the leading climbs.
    private static func hasDotSegment(_ path: Substring) -> Bool {
        var previous: UInt8 = UInt8(ascii: "/")
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: ".") && (previous == UInt8(ascii: "/") || dots > 0) {
                dots += 1
            } else if byte == UInt8(ascii: "/") {
                if dots == 1 || dots == 2 { return true }
                dots = 0
            } else {
                dots = 0
            }
            previous = byte
        }
        return dots == 1 || dots == 2
    }

    private static func checkLocalURLs(
        _ urls: [(tag: String, attribute: String, url: String)], pagePath: String, ids: Set<String>, existingFiles: Set<String>
    ) -> [Finding] {
        var findings: [Finding] = []
        let folder = URLPath.directory(of: pagePath)
        for (tag, attribute, url) in urls {
            var path = Substring(url)
            var fragment: Substring?
            // UTF-8 searches: Character-by-Character scanning cost more than the rest of the check.
            if let hash = path.utf8.firstIndex(of: UInt8(ascii: "#")) {
                fragment = path[path.utf8.index(after: hash)...]
                path = path[..<hash]
            }
            if let question = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = path[..<question] }
            if path.isEmpty {
                if let fragment, !fragment.isEmpty, let id = URLPath.decode(String(fragment)), !ids.contains(id) {
                    findings.append(
                        Finding(message: "<\(tag) \(attribute)> links to '#\(id)', but the page has no element with that id", category: .brokenTarget)
                    )
                }
                continue
            }
            guard let target = resolveOutputPath(path, folder: folder), existingFiles.contains(target) else {
                findings.append(
                    Finding(message: "<\(tag) \(attribute)> links to '\(url)', which is not a file of the generated site", category: .brokenTarget))
                continue
            }
        }
        return findings
    }

    // MARK: CSS

    /// `url()`, `@import`, `image-set()` and the like in CSS that reach the network or the server root.
    static func scanCSS(_ css: String) -> [Finding] {
        scanCSS(css, depth: 0)
    }

    fileprivate static func scanCSS(_ css: String, depth: Int) -> [Finding] {
        var css = css
        return css.withUTF8 { scanCSSBytes($0, decodeReferences: false, depth: depth) }
    }

    /// The text of a `data:` URL that holds a document or a stylesheet (which can load more); `nil` for
    /// images, fonts and the like.
    static func dataURLContent(_ url: String) -> (text: String, isStylesheet: Bool)? {
        let body = url.utf8.dropFirst(5)  // "data:"
        guard let comma = body.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let header = String(decoding: body[..<comma], as: UTF8.self).lowercased()
        let parameters = header.split(separator: ";").map { $0.trimmingSpaces }
        let type = parameters.first ?? ""
        let isStylesheet = type == "text/css"
        guard isStylesheet || type.contains("html") || type.contains("xml") || type.contains("svg") else { return nil }
        var bytes: [UInt8] = []
        var index = body.index(after: comma)
        while index < body.endIndex {
            let byte = body[index]
            let first = body.index(after: index)
            if byte == UInt8(ascii: "%"), first < body.endIndex, body.index(after: first) < body.endIndex, isHexDigit(body[first]),
                isHexDigit(body[body.index(after: first)])
            {
                bytes.append(hexValue(body[first]) * 16 + hexValue(body[body.index(after: first)]))
                index = body.index(first, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = first
            }
        }
        if parameters.last == "base64" {
            guard let decoded = Data(base64Encoded: Data(bytes), options: .ignoreUnknownCharacters) else { return nil }
            bytes = Array(decoded)
        }
        return (String(decoding: bytes, as: UTF8.self), isStylesheet)
    }

    /// Functions whose string arguments are URLs the browser loads.
    private static let urlFunctions: Set<String> = [
        "url", "src", "image-set", "-webkit-image-set", "image", "-webkit-image", "cross-fade", "-webkit-cross-fade",
    ]

    /// Tokenizes CSS as far as URLs go: comments, strings, escapes (`u\72l(`), functions and at-rules.
    /// With `decodeReferences`, character references are decoded first (CSS in SVG's `<style>`).
    fileprivate static func scanCSSBytes(_ input: UnsafeBufferPointer<UInt8>, decodeReferences: Bool, depth: Int = 0) -> [Finding] {
        if decodeReferences, input.contains(UInt8(ascii: "&")) {
            var decoded = decodeCharacterReferences(input, 0..<input.count, inAttribute: false)
            return decoded.withUTF8 { scanCSSBytes($0, decodeReferences: false, depth: depth) }
        }
        var findings: [Finding] = []
        var functions: [String] = []
        var atRule = ""
        var index = 0
        let count = input.count

        func check(_ url: String, inURLContext: Bool) {
            let normalized = browserURL(url)
            if atRule == "namespace" { return }
            if isNetworkPath(normalized) || scheme(of: normalized).map({ !localSchemes.contains($0) }) == true {
                let function = functions.last ?? ""
                let what = atRule == "import" ? "CSS @import" : function.isEmpty ? "CSS" : "CSS \(function)()"
                findings.append(Finding(message: "\(what) loads '\(url.trimmingSpaces)' from the network", category: .networkLoad))
            } else if inURLContext && normalized.hasPrefix("/") {
                findings.append(
                    Finding(message: "CSS url() '\(url.trimmingSpaces)' is root-absolute and breaks from disk", category: .rootAbsoluteURL))
            } else if inURLContext && scheme(of: normalized) == "data", let sheet = dataURLContent(normalized), sheet.isStylesheet {
                // `@import url(data:text/css,…)` imports what that stylesheet imports.
                if depth >= nestingLimit {
                    findings.append(Finding(message: "CSS data: stylesheets nest more than \(nestingLimit) deep"))
                } else {
                    findings += scanCSS(sheet.text, depth: depth + 1).map {
                        Finding(message: "in a data: stylesheet: \($0.message)", category: $0.category)
                    }
                }
            }
        }

        while index < count {
            let byte = input[index]
            if byte == UInt8(ascii: "/"), index + 1 < count, input[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < count, !(input[index] == UInt8(ascii: "*") && input[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let text = readCSSString(input, from: &index)
                let inURLContext = atRule == "import" && functions.isEmpty || functions.last.map { urlFunctions.contains($0) } == true
                check(text, inURLContext: inURLContext)
                continue
            }
            if byte == UInt8(ascii: "@") {
                index += 1
                atRule = readCSSName(input, from: &index).lowercased()
                continue
            }
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") {
                atRule = ""
                functions.removeAll()
                index += 1
                continue
            }
            if byte == UInt8(ascii: "(") {
                functions.append("")
                index += 1
                continue
            }
            if byte == UInt8(ascii: ")") {
                if !functions.isEmpty { functions.removeLast() }
                index += 1
                continue
            }
            if isCSSNameStart(input, index) {
                let name = readCSSName(input, from: &index).lowercased()
                guard index < count, input[index] == UInt8(ascii: "(") else { continue }
                index += 1
                if name == "url" {
                    var probe = index
                    while probe < count, isSpaceByte(input[probe]) { probe += 1 }
                    if probe < count, input[probe] != UInt8(ascii: "\""), input[probe] != UInt8(ascii: "'") {
                        // An unquoted URL: its text up to `)`, escapes decoded.
                        index = probe
                        var url: [UInt8] = []
                        while index < count, input[index] != UInt8(ascii: ")") {
                            if input[index] == UInt8(ascii: "\\") {
                                appendCSSEscape(input, from: &index, to: &url)
                            } else {
                                url.append(input[index])
                                index += 1
                            }
                        }
                        index += 1
                        functions.append("url")
                        check(String(decoding: url, as: UTF8.self), inURLContext: true)
                        functions.removeLast()
                        continue
                    }
                }
                functions.append(name)
                continue
            }
            index += 1
        }
        return findings
    }

    private static func readCSSString(_ input: UnsafeBufferPointer<UInt8>, from index: inout Int) -> String {
        let quote = input[index]
        index += 1
        var text: [UInt8] = []
        while index < input.count, input[index] != quote {
            if input[index] == UInt8(ascii: "\\") {
                if index + 1 < input.count, input[index + 1] == 0x0A {
                    index += 2
                    continue
                }
                appendCSSEscape(input, from: &index, to: &text)
            } else if input[index] == 0x0A {
                break  // An unclosed string ends at the line's end.
            } else {
                text.append(input[index])
                index += 1
            }
        }
        if index < input.count, input[index] == quote { index += 1 }
        return String(decoding: text, as: UTF8.self)
    }

    private static func isCSSNameStart(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = input[index]
        return isASCIILetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte >= 0x80
            || (byte == UInt8(ascii: "\\") && index + 1 < input.count && input[index + 1] != 0x0A)
    }

    /// A CSS identifier with its escapes decoded.
    private static func readCSSName(_ input: UnsafeBufferPointer<UInt8>, from index: inout Int) -> String {
        var name: [UInt8] = []
        while index < input.count {
            let byte = input[index]
            if isASCIILetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte >= 0x80 {
                name.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < input.count, input[index + 1] != 0x0A {
                appendCSSEscape(input, from: &index, to: &name)
            } else {
                break
            }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// Decodes the escape at `index` (`\72 `, `\(`), appending its character as UTF-8.
    private static func appendCSSEscape(_ input: UnsafeBufferPointer<UInt8>, from index: inout Int, to output: inout [UInt8]) {
        index += 1
        guard index < input.count else {
            output.append(contentsOf: "\u{FFFD}".utf8)
            return
        }
        guard isHexDigit(input[index]) else {
            output.append(input[index])
            index += 1
            return
        }
        var value: UInt32 = 0
        var digits = 0
        while index < input.count, digits < 6, isHexDigit(input[index]) {
            value = value * 16 + UInt32(hexValue(input[index]))
            digits += 1
            index += 1
        }
        if index < input.count, isSpaceByte(input[index]) { index += 1 }
        let scalar = value == 0 ? nil : Unicode.Scalar(value)
        output.append(contentsOf: String(Character(scalar ?? "\u{FFFD}")).utf8)
    }

    // MARK: Character references

    private static let namedReferences: [String: String] = {
        var table: [String: String] = [:]
        for entry in htmlNamedReferenceTable.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let scalars = entry[entry.index(after: equals)...].split(separator: ".").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
            table[String(entry[..<equals])] = String(String.UnicodeScalarView(scalars))
        }
        return table
    }()

    /// Windows-1252 meanings the HTML spec gives to numeric references 0x80–0x9F.
    private static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Decodes character references as the HTML tokenizer does (in attribute values, a reference without
    /// `;` followed by a letter, digit or `=` stays as written).
    fileprivate static func decodeCharacterReferences(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, inAttribute: Bool) -> String {
        var index = range.lowerBound
        let end = range.upperBound
        var hasReference = false
        while index < end {
            if bytes[index] == UInt8(ascii: "&") {
                hasReference = true
                break
            }
            index += 1
        }
        guard hasReference else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var output: [UInt8] = Array(bytes[range.lowerBound..<index])
        output.reserveCapacity(range.count)
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            let start = index
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "#") {
                index += 1
                let hex = index < end && (bytes[index] | 0x20) == UInt8(ascii: "x")
                if hex { index += 1 }
                let digitsStart = index
                var value: UInt32 = 0
                while index < end, hex ? isHexDigit(bytes[index]) : isDigit(bytes[index]) {
                    value = min(value * (hex ? 16 : 10) + UInt32(hexValue(bytes[index])), 0x11_0000)
                    index += 1
                }
                guard index > digitsStart else {
                    output.append(contentsOf: bytes[start..<index])
                    continue
                }
                if index < end, bytes[index] == UInt8(ascii: ";") { index += 1 }
                if value >= 0x80 && value <= 0x9F { value = windows1252[Int(value - 0x80)] }
                let scalar = value == 0 ? nil : Unicode.Scalar(value)
                output.append(contentsOf: String(Character(scalar ?? "\u{FFFD}")).utf8)
                continue
            }
            let nameStart = index
            while index < end, isASCIILetter(bytes[index]) || isDigit(bytes[index]) { index += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self)
            if index < end, bytes[index] == UInt8(ascii: ";"), let text = namedReferences[name + ";"] {
                index += 1
                output.append(contentsOf: text.utf8)
                continue
            }
            // A reference without `;`: the longest known prefix of the name (none is longer than 6 letters).
            var decoded = false
            var length = min(name.utf8.count, 6)
            while length > 0 && !decoded {
                if let text = namedReferences[String(name.prefix(length))] {
                    let after = nameStart + length
                    let next = after < end ? bytes[after] : 0
                    if inAttribute && (isASCIILetter(next) || isDigit(next) || next == UInt8(ascii: "=")) { break }
                    output.append(contentsOf: text.utf8)
                    index = after
                    decoded = true
                }
                length -= 1
            }
            if !decoded { output.append(contentsOf: bytes[start..<index]) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

// MARK: Byte classes

private func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

private func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }

private func hexValue(_ byte: UInt8) -> UInt8 { isDigit(byte) ? byte - 0x30 : (byte | 0x20) - 0x61 + 10 }

/// HTML's ASCII whitespace (and `\r`, which the input stream turns into `\n`).
private func isSpaceByte(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
}

private func isHTMLSpace(_ character: Character) -> Bool {
    character == " " || character == "\n" || character == "\t" || character == "\r" || character == "\u{0C}" || character == "\r\n"
}

private func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(unsafeUninitializedCapacity: range.count) { buffer in
        for (offset, byte) in bytes[range].enumerated() {
            buffer[offset] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
        }
        return range.count
    }
}

/// Whether a value might hold a CSS function (`url(`, also written with escapes or references).
private func mightHoldCSSFunction(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    for index in range where bytes[index] == UInt8(ascii: "(") || bytes[index] == UInt8(ascii: "\\") || bytes[index] == UInt8(ascii: "&") {
        return true
    }
    return false
}

private func mightHoldCSSFunction(_ value: String) -> Bool {
    value.utf8.contains(UInt8(ascii: "(")) || value.utf8.contains(UInt8(ascii: "\\"))
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
