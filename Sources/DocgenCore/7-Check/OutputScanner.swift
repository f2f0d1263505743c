import Foundation

/// Reads a generated page the way a browser would look for what it loads, and reports what would
/// break offline: root-absolute URLs, anything loaded from the network, and duplicate element ids.
///
/// This is the last line of defence behind the Markdown link checker: it also covers templates,
/// widgets, and raw HTML when the site allows it.
struct OutputScanner {
    struct Finding: Equatable {
        var message: String
        /// Decides severity: only ``DiagnosticCategory/brokenTarget`` may be relaxed by a flag.
        var category: DiagnosticCategory = .other
    }

    /// Attributes whose URL the browser fetches by itself.
    private static let loadingAttributes: Set<String> = ["src", "srcset", "poster", "data", "background"]
    /// `<link rel=…>` values that make the browser fetch `href`.
    private static let loadingRels: Set<String> = [
        "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon", "mask-icon",
    ]

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    /// The attributes the checks read; the values of all others are skipped without being decoded.
    private static let checkedAttributes: Set<String> = loadingAttributes.union(["id", "href", "action", "formaction", "style", "rel"])
    private static let checkedNameLengths = Set(checkedAttributes.map(\.utf8.count))
    private static let checkedFirstLetters = Set(checkedAttributes.compactMap(\.utf8.first))

    static func scan(_ bytes: [UInt8]) -> [Finding] {
        scan(bytes, pagePath: nil, existingFiles: [])
    }

    /// Also checks that every relative URL on the page (from Markdown or a template) reaches a file in
    /// `existingFiles` (output paths) and that every `#id` on the page exists, when `pagePath` is given.
    static func scan(_ bytes: [UInt8], pagePath: String?, existingFiles: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        var localURLs: [(tag: String, attribute: String, url: String)] = []
        var ids: Set<String> = []
        var reportedIDs: Set<String> = []
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if bytes[index...].starts(with: commentStart) {
                index = find(commentEnd, in: bytes, from: index + 4) ?? count
                continue
            }
            guard index + 1 < count, isLetter(bytes[index + 1]) else { index += 1; continue }
            let (tag, attributes, end) = parseTag(bytes, from: index + 1)
            index = end
            for (name, value) in attributes {
                if name == "id" {
                    if !ids.insert(value).inserted && reportedIDs.insert(value).inserted {
                        findings.append(Finding(message: "duplicate id '\(value)' on the page"))
                    }
                    continue
                }
                let loads =
                    loadingAttributes.contains(name)
                    || (tag == "link" && name == "href"
                        && Set(attributes.first { $0.0 == "rel" }?.1.lowercased().split(separator: " ").map(String.init) ?? []).isDisjoint(
                            with: loadingRels) == false)
                if name == "href" || name == "action" || name == "formaction" || loads {
                    let candidates =
                        name == "srcset" ? value.split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) } : [value]
                    for url in candidates {
                        let trimmed = url.trimmingSpaces
                        if trimmed.hasPrefix("/") && !trimmed.hasPrefix("//") {
                            findings.append(
                                Finding(
                                    message: "root-absolute URL '\(trimmed)' in <\(tag) \(name)> breaks from disk and under a sub-path",
                                    category: .rootAbsoluteURL))
                        } else if loads && isNetworkURL(trimmed) {
                            findings.append(Finding(message: "<\(tag) \(name)> loads '\(trimmed)' from the network", category: .networkLoad))
                        } else if !trimmed.isEmpty && LinkResolver.scheme(of: trimmed) == nil && !trimmed.hasPrefix("//") {
                            localURLs.append((tag, name, trimmed))
                        }
                    }
                }
                if name == "style" { findings += scanCSS(value) }
            }
            if tag == "script" || tag == "style" {
                let closing = Array("</\(tag)".utf8)
                let close = find(closing, in: bytes, from: index) ?? count
                if tag == "style" { findings += scanCSS(String(decoding: bytes[index..<close], as: UTF8.self)) }
                index = close
            }
        }
        if let pagePath {
            findings += checkLocalURLs(localURLs, pagePath: pagePath, ids: ids, existingFiles: existingFiles)
        }
        return findings
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
                if dots == 1 || dots == 2 { return true }; dots = 0
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

    /// `url(…)` and `@import` in CSS that reach the network or the server root.
    static func scanCSS(_ css: String) -> [Finding] {
        var findings: [Finding] = []
        var rest = Substring(css)
        while let range = rest.range(of: "url(") {
            var value = rest[range.upperBound...].prefix { $0 != ")" }.trimmingSpaces
            if value.hasPrefix("\"") || value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
            if isNetworkURL(value) {
                findings.append(Finding(message: "CSS url() loads '\(value)' from the network"))
            } else if value.hasPrefix("/") {
                findings.append(Finding(message: "CSS url() '\(value)' is root-absolute and breaks from disk"))
            }
            rest = rest[range.upperBound...]
        }
        if css.contains("@import") && (css.contains("@import \"http") || css.contains("@import 'http") || css.contains("@import url(http")) {
            findings.append(Finding(message: "CSS @import loads a stylesheet from the network"))
        }
        return findings
    }

    private static func isNetworkURL(_ url: String) -> Bool {
        if url.hasPrefix("//") { return true }
        guard let scheme = LinkResolver.scheme(of: url) else { return false }
        return scheme == "http" || scheme == "https" || scheme == "ftp"
    }

    private static func parseTag(_ bytes: [UInt8], from start: Int) -> (String, [(String, String)], Int) {
        var index = start
        let count = bytes.count
        while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
        let tag = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        var attributes: [(String, String)] = []
        while index < count {
            while index < count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            guard index < count, bytes[index] != UInt8(ascii: ">") else { break }
            let nameStart = index
            while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">") { index += 1 }
            // Most attributes (class, aria-*, data-*) are ruled out by length and first letter before
            // any string is made for them.
            let mightBeChecked =
                checkedNameLengths.contains(index - nameStart) && checkedFirstLetters.contains(bytes[nameStart] | 0x20)
            let name = mightBeChecked ? String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased() : ""
            let checked = mightBeChecked && checkedAttributes.contains(name)
            var value = ""
            if index < count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                var valueRange = index..<index
                if index < count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < count, bytes[index] != quote { index += 1 }
                    valueRange = valueStart..<min(index, count)
                    index += 1
                } else {
                    let valueStart = index
                    while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    valueRange = valueStart..<index
                }
                if checked { value = String(decoding: bytes[valueRange], as: UTF8.self) }
            }
            if checked { attributes.append((name, decodeEntities(value))) }
        }
        return (tag, attributes, min(index + 1, count))
    }

    /// Enough entity decoding for URLs and ids docgen writes (it escapes `&`, quotes and angle brackets).
    private static func decodeEntities(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "&")) else { return value }
        return value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start < bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
