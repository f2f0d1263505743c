/// GitHub's extended autolinks: `www.` addresses, `http://`, `https://` and `ftp://` URLs and e-mail
/// addresses written as plain text become real libcmark links, so docgen checks and marks them like
/// any other link. Text inside links, images and code is left alone. The rules follow the GFM spec:
/// a valid domain, trailing punctuation dropped, unmatched closing parentheses dropped, a trailing
/// `&entity;` dropped. Closing curly quotes (what smart punctuation makes of `"` and `'`) end a link too.
enum AutolinkExtension {
    private typealias Scalars = [Unicode.Scalar]

    static func apply(under roots: [MarkdownNode], arena: MarkdownArena) {
        for node in MarkdownExtensions.textOutsideLinks(under: roots) where mayHoldLink(node) {
            let scalars = Array(node.literal.unicodeScalars)
            let matches = findLinks(in: scalars)
            guard !matches.isEmpty else { continue }
            var position = 0
            for match in matches {
                if match.range.lowerBound > position {
                    node.insertBefore(arena.makeText(string(scalars[position..<match.range.lowerBound])))
                }
                let link = arena.makeLink(url: match.url)
                link.append(arena.makeText(string(scalars[match.range])))
                node.insertBefore(link)
                position = match.range.upperBound
            }
            if position < scalars.count { node.insertBefore(arena.makeText(string(scalars[position...]))) }
            node.unlink()
        }
    }

    /// A cheap test on the literal in place: every kind of link needs one of these.
    private static func mayHoldLink(_ node: MarkdownNode) -> Bool {
        node.literalContains("www.") || node.literalContains("://") || node.literalContains(UInt8(ascii: "@"))
    }

    /// The links in one text, left to right, not overlapping.
    static func findLinks(in scalars: [Unicode.Scalar]) -> [(range: Range<Int>, url: String)] {
        var matches: [(range: Range<Int>, url: String)] = []
        var consumed = 0
        var index = 0
        while index < scalars.count {
            var found: (range: Range<Int>, url: String)?
            switch scalars[index] {
            case "w":
                found = wwwLink(scalars, at: index, after: consumed)
            case ":":
                found = urlLink(scalars, at: index, after: consumed)
            case "@":
                found = emailLink(scalars, at: index, after: consumed)
            default:
                break
            }
            if let found {
                matches.append(found)
                consumed = found.range.upperBound
                index = consumed
            } else {
                index += 1
            }
        }
        return matches
    }

    private static func wwwLink(_ s: Scalars, at start: Int, after consumed: Int) -> (range: Range<Int>, url: String)? {
        guard start + 4 <= s.count, s[start + 1] == "w", s[start + 2] == "w", s[start + 3] == "." else { return nil }
        if start > 0 {
            let before = s[start - 1]
            guard MarkdownExtensions.isWhitespace(before) || "*_~(".unicodeScalars.contains(before) else { return nil }
        }
        guard let domainEnd = domainEnd(s, from: start, allowShort: false) else { return nil }
        let end = trimmedEnd(s, start: start, end: pathEnd(s, from: domainEnd))
        guard end > start + 4 else { return nil }
        return (start..<end, "http://" + string(s[start..<end]))
    }

    private static func urlLink(_ s: Scalars, at colon: Int, after consumed: Int) -> (range: Range<Int>, url: String)? {
        guard colon + 3 <= s.count, s[colon + 1] == "/", s[colon + 2] == "/" else { return nil }
        var start = colon
        while start > consumed, s[start - 1].isASCII, s[start - 1].properties.isAlphabetic { start -= 1 }
        let scheme = string(s[start..<colon]).lowercased()
        guard ["http", "https", "ftp"].contains(scheme) else { return nil }
        guard let domainEnd = domainEnd(s, from: colon + 3, allowShort: true) else { return nil }
        let end = trimmedEnd(s, start: start, end: pathEnd(s, from: domainEnd))
        guard end > colon + 3 else { return nil }
        let text = string(s[start..<end])
        return (start..<end, text)
    }

    private static func emailLink(_ s: Scalars, at: Int, after consumed: Int) -> (range: Range<Int>, url: String)? {
        var start = at
        while start > consumed, isASCIIAlphanumeric(s[start - 1]) || ".+-_".unicodeScalars.contains(s[start - 1]) { start -= 1 }
        guard start < at else { return nil }
        var end = at + 1
        var dots = 0
        while end < s.count {
            let c = s[end]
            if isASCIIAlphanumeric(c) || c == "-" || c == "_" {
                end += 1
            } else if c == ".", end + 1 < s.count, isASCIIAlphanumeric(s[end + 1]) {
                dots += 1
                end += 1
            } else {
                break
            }
        }
        guard end - at >= 2, dots > 0 else { return nil }
        let last = s[end - 1]
        guard last.isASCII && last.properties.isAlphabetic || last == "." else { return nil }
        let trimmed = trimmedEnd(s, start: start, end: end)
        guard trimmed > at + 1 else { return nil }
        return (start..<trimmed, "mailto:" + string(s[start..<trimmed]))
    }

    /// The end of a valid domain starting at `from`: segments of letters, digits, `-` and `_`
    /// separated by periods, no underscore in the last two segments, at least one period unless
    /// `allowShort`.
    private static func domainEnd(_ s: Scalars, from: Int, allowShort: Bool) -> Int? {
        guard from < s.count else { return nil }
        var index = from
        var periods = 0
        var underscoresBefore = 0
        var underscores = 0
        while index < s.count {
            let c = s[index]
            if c == "_" {
                underscores += 1
            } else if c == "." {
                underscoresBefore = underscores
                underscores = 0
                periods += 1
            } else if c != "-" && (MarkdownExtensions.isWhitespace(c) || MarkdownExtensions.isPunctuation(c)) {
                break
            }
            index += 1
        }
        guard index > from, underscoresBefore == 0, underscores == 0, allowShort || periods > 0 else { return nil }
        return index
    }

    /// After the domain, anything up to whitespace or `<`.
    private static func pathEnd(_ s: Scalars, from: Int) -> Int {
        var index = from
        while index < s.count, !MarkdownExtensions.isWhitespace(s[index]), s[index] != "<" { index += 1 }
        return index
    }

    /// Drops trailing punctuation, unmatched closing parentheses and a trailing entity-like `&name;`.
    private static func trimmedEnd(_ s: Scalars, start: Int, end initialEnd: Int) -> Int {
        var end = initialEnd
        var opening = 0
        var closing = 0
        for c in s[start..<end] {
            if c == "(" { opening += 1 } else if c == ")" { closing += 1 }
        }
        while end > start {
            let last = s[end - 1]
            if "?!.,:*_~'\"\u{201D}\u{2019}".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ";" {
                var index = end - 2
                while index > start, s[index].isASCII, s[index].properties.isAlphabetic { index -= 1 }
                if index < end - 2, index >= start, s[index] == "&" { end = index } else { end -= 1 }
            } else if last == ")" {
                guard closing > opening else { break }
                closing -= 1
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    private static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
