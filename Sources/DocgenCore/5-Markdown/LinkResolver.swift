// Stage 5, Markdown. In: a page's Markdown. Out: its body HTML, parsed and rendered by libcmark
// (`MarkdownDocument`, the only file that touches the C API), with heading ids (`Slugger`) and every link
// checked and rewritten (`LinkResolver`, below).

/// Checks each link and image a page's Markdown holds and decides the URL docgen writes for it.
struct LinkResolver: Sendable {
    enum Target: Equatable {
        /// Keep the link; write this page-relative URL.
        case local(url: String)
        /// A link to another site: written as is, marked as external.
        case external(url: String)
        /// In `print.html`: a link to a page (or a heading on it) there; `page` lets paper name its number.
        case printSection(url: String, page: Int)
    }

    /// How links to pages are written: as files next to each other, or as anchors inside `print.html`.
    enum Mode: Sendable {
        case pages
        case printPage
    }

    let model: SiteModel
    /// Every non-page file the output will hold (copied content files, assets), relative paths.
    let files: Set<String>
    let includesDrafts: Bool
    /// Page sources excluded as drafts, for a precise message when a link points at one.
    let draftSources: Set<String>
    /// Pages that could not be read; their own error is reported, links to them are not.
    let unreadableSources: Set<String>
    let mode: Mode
    /// `#id` prefixes of each page inside `print.html`.
    let printIDs: [String]

    /// Resolves `link` on `page`; problems are appended to `problems`.
    func resolve(_ link: MarkdownLink, on page: Int, problems: inout [Diagnostic]) -> Target {
        let record = model.pages[page]
        let location = SourceLocation(path: record.displayPath, line: link.line, column: link.column)
        let url = link.url
        func fail(_ message: String, _ category: DiagnosticCategory = .brokenTarget) -> Target {
            problems.append(.error(.checking, category: category, at: location, message))
            return .local(url: url)
        }
        let what = link.isImage ? "image" : "link"
        if link.isImage && link.text.allSatisfy(\.isWhitespace) {
            problems.append(
                .warning(.checking, at: location, "image '\(url)' has no alt text; describe it inside the brackets: ![description](\(url))"))
        }
        if url.isEmpty { return fail("\(what) has no destination", .other) }
        if url.utf8.starts(with: "//".utf8) || Self.scheme(of: url) != nil {
            let lowered = url.lowercased()
            if link.isImage && !lowered.hasPrefix("data:") {
                return fail(
                    "image '\(url)' would load from the network; copy the file into the content folder and link to it relatively", .networkLoad)
            }
            return .external(url: url)
        }
        if url.utf8.first == UInt8(ascii: "/") {
            return fail(
                "\(what) to '\(url)' starts with '/', which breaks when the site is opened from disk or served under a sub-path; use a relative path",
                .rootAbsoluteURL)
        }
        // Split on bytes: `#` and `?` are ASCII, and a Character search costs a grapheme walk per link.
        var rest = Substring(url)
        var fragment: String?
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(rest[rest.utf8.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) { rest = rest[..<question] }
        let sourceFolder = URLPath.directory(of: record.file.relativePath)
        guard let decoded = URLPath.decode(String(rest)) else {
            return fail("\(what) to '\(url)' has a malformed %-escape", .other)
        }
        let decodedFragment = fragment.flatMap { URLPath.decode($0) } ?? fragment
        if decoded.isEmpty {
            // `#id` on the same page.
            guard let decodedFragment else { return .local(url: url) }
            if decodedFragment == record.titleID { return pageTarget(page, fragment: nil, from: page) }
            if !decodedFragment.isEmpty && !record.headingIDs.contains(decodedFragment) {
                return fail("link to '\(url)': no heading '\(decodedFragment)' on this page")
            }
            return pageTarget(page, fragment: decodedFragment, from: page)
        }
        guard var target = URLPath.resolve(decoded, from: sourceFolder) else {
            return fail("\(what) to '\(url)' points outside the content folder", .other)
        }
        var targetPage: Int?
        if decoded.utf8.hasSuffix(".md/".utf8) {
            // `page.md/#x`: the page, written with a trailing slash.
            targetPage = model.pageBySource[target]
        } else if decoded.utf8.last == UInt8(ascii: "/") || target.isEmpty {
            // A folder: its page (`index.md` or `README.md`).
            targetPage = model.sections[target]?.indexPage
            target = target.isEmpty ? "index.md" : target + "/index.md"
        } else {
            targetPage = model.pageBySource[target]
        }
        if targetPage == nil, target.utf8.hasSuffix(".html".utf8) {
            targetPage = model.pageByOutput[target]
        }
        if targetPage == nil && unreadableSources.contains(target) {
            // Its own error is reported; the link is written as it will be once the page reads.
            let encoded = URLPath.encode(String(target.dropLast(3)) + ".html") + (fragment.map { "#" + $0 } ?? "")
            return .local(url: mode == .printPage ? "#" : URLPath.rootPrefix(for: record.outputPath) + encoded)
        }
        if let targetPage {
            if let decodedFragment, decodedFragment == model.pages[targetPage].titleID {
                return pageTarget(targetPage, fragment: nil, from: page)
            }
            if let decodedFragment, !decodedFragment.isEmpty, !model.pages[targetPage].headingIDs.contains(decodedFragment) {
                // Still written to the page, so with --warn-broken-links the reader lands on it.
                _ = fail("link to '\(url)': no heading '\(decodedFragment)' in \(model.pages[targetPage].file.relativePath)")
                return pageTarget(targetPage, fragment: nil, from: page)
            }
            return pageTarget(targetPage, fragment: decodedFragment, from: page)
        }
        if target.utf8.hasSuffix(".md".utf8) {
            if draftSources.contains(target) && !includesDrafts {
                return fail("link to '\(url)': that page is a draft and is not built (build with --drafts to include it)")
            }
            return fail("link to '\(url)': no page '\(target)' in the content folder")
        }
        if files.contains(target) {
            let encoded = URLPath.encode(target) + (fragment.map { "#" + $0 } ?? "")
            return .local(url: mode == .printPage ? encoded : URLPath.rootPrefix(for: record.outputPath) + encoded)
        }
        return fail("\(what) to '\(url)': no file '\(target)' in the content folder")
    }

    private func pageTarget(_ target: Int, fragment: String?, from page: Int) -> Target {
        let url = pageURL(target, fragment: fragment, from: page)
        return mode == .printPage ? .printSection(url: url, page: target) : .local(url: url)
    }

    private func pageURL(_ target: Int, fragment: String?, from page: Int) -> String {
        switch mode {
        case .pages:
            if target == page, let fragment, !fragment.isEmpty { return "#" + URLPath.encode(fragment) }
            let path = URLPath.rootPrefix(for: model.pages[page].outputPath) + model.encodedPaths[target]
            guard let fragment, !fragment.isEmpty else { return path }
            return path + "#" + URLPath.encode(fragment)
        case .printPage:
            guard let fragment, !fragment.isEmpty else { return "#" + printIDs[target] }
            return "#" + URLPath.encode(printIDs[target] + "--" + fragment)
        }
    }

    /// The scheme of an absolute URL (`https`, `mailto`), lower-cased, or `nil` for a relative reference.
    static func scheme(of url: String) -> String? {
        // RFC 3986: a letter, then letters, digits, "+", "-" or ".", then ":". Bytes, not Characters:
        // this runs for every URL of every page.
        var length = 0
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: ":"):
                guard length > 0 else { return nil }
                return String(decoding: url.utf8.prefix(length), as: UTF8.self).lowercased()
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                length += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                guard length > 0 else { return nil }
                length += 1
            default:
                return nil
            }
        }
        return nil
    }
}
