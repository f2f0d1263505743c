// Stage 3, read. In: a page file's text. Out: its front matter (with the position of every key) and the
// Markdown after it; the builder adds the page's heading ids. Runs for every page in parallel.

import Yams

/// The YAML block between `---` fences at the top of a page.
struct FrontMatter: Sendable, Hashable {
    /// `nil` when the front matter names none (or there is no front matter): the page's first
    /// level-1 heading or its file name gives the title then.
    var title: String?
    var description: String?
    /// Position among its siblings in navigation; pages without one come after those with one.
    var order: Int?
    var isDraft: Bool
    /// The theme layout to render with; `nil` means the theme's default.
    var layout: String?
    /// Every other key, for templates.
    var extra: [String: MetadataValue]
    /// Where each key's value is written, so later stages can point at it (an unknown `layout`).
    var locations: [String: SourceLocation] = [:]

    static let knownKeys: Set<String> = ["title", "description", "order", "draft", "layout"]
}

/// A page file split into front matter and Markdown.
struct PageSource {
    var frontMatter: FrontMatter
    var markdown: String
    /// Lines before the Markdown starts (front matter and its fences), for positions in messages.
    var markdownLineOffset: Int

    static func parse(_ text: String, path: String) throws(Diagnostic) -> PageSource {
        let parts = try split(text, path: path)
        let frontMatter = try parseFrontMatter(parts.yaml, path: path)
        return PageSource(frontMatter: frontMatter, markdown: parts.markdown, markdownLineOffset: parts.markdownLineOffset)
    }

    /// Separates the front matter's YAML from the Markdown without parsing either; the second pass,
    /// which already has the front matter, needs only this.
    /// A page without front matter (its first line is not `---`) is all Markdown: `yaml` is `nil`.
    static func split(_ text: String, path: String) throws(Diagnostic) -> (yaml: String?, markdown: String, markdownLineOffset: Int) {
        // Walk the lines of the front matter only; the Markdown after it is taken as one slice.
        var yamlLines: [Substring] = []
        var index = text.startIndex
        var lineNumber = 0
        while index < text.endIndex {
            let end = text.utf8[index...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            let line = text[index..<end].trimmingTrailingSpaces
            lineNumber += 1
            let next = end < text.endIndex ? text.index(after: end) : end
            if lineNumber == 1 {
                guard line == "---" else { break }
            } else if line == "---" || line == "..." {
                return (yamlLines.joined(separator: "\n"), String(text[next...]), lineNumber)
            } else {
                yamlLines.append(line)
            }
            index = next
        }
        if lineNumber <= 1 && !(text.hasPrefix("---\n") || text == "---") {
            return (nil, text, 0)
        }
        throw .error(
            .frontMatter, at: SourceLocation(path: path, line: 1, column: 1),
            "front matter is not closed: add a line '---' after it")
    }

    private static func parseFrontMatter(_ yaml: String?, path: String) throws(Diagnostic) -> FrontMatter {
        let empty = FrontMatter(title: nil, description: nil, order: nil, isDraft: false, layout: nil, extra: [:])
        guard let yaml else { return empty }
        func location(_ node: Node?) -> SourceLocation {
            node.map { YAMLReader.location(of: $0, path: path, firstLine: 2) } ?? SourceLocation(path: path, line: 1, column: 1)
        }
        let root = try YAMLReader.parse(
            yaml, path: path, firstLine: 2, stage: .frontMatter, byteLimit: YAMLReader.frontMatterByteLimit, what: "the front matter")
        guard let root else { return empty }
        guard case .mapping(let mapping) = root else {
            throw .error(.frontMatter, at: location(root), "front matter must be a mapping of keys to values, such as 'title: Overview'")
        }
        // Keys by their text, read once: Yams's `mapping[key]` resolves the tags of every key on each
        // lookup, which made front matter cost more than the page's Markdown.
        var byKey: [String: Node] = [:]
        for (key, value) in mapping {
            if let name = key.string, byKey[name] == nil { byKey[name] = value }
        }
        func text(_ key: String) throws(Diagnostic) -> String? {
            guard let node = byKey[key] else { return nil }
            let value = YAMLReader.value(of: node)
            switch value {
            case .string(let string): return string
            case .int, .double, .bool: return value.text
            case .null: return nil
            default: throw .error(.frontMatter, at: location(node), "'\(key)' must be text, not \(YAMLReader.typeName(of: node))")
            }
        }
        let title = try text("title").flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        var frontMatter = FrontMatter(
            title: title, description: try text("description"), order: nil, isDraft: false, layout: try text("layout"), extra: [:])
        if let node = byKey["order"] {
            guard case .int(let order) = YAMLReader.value(of: node) else {
                throw .error(.frontMatter, at: location(node), "'order' must be an integer, not \(YAMLReader.typeName(of: node))")
            }
            frontMatter.order = order
        }
        if let node = byKey["draft"] {
            guard case .bool(let draft) = YAMLReader.value(of: node) else {
                throw .error(.frontMatter, at: location(node), "'draft' must be true or false, not \(YAMLReader.typeName(of: node))")
            }
            frontMatter.isDraft = draft
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            frontMatter.locations[name] = location(value)
            if !FrontMatter.knownKeys.contains(name) { frontMatter.extra[name] = YAMLReader.value(of: value) }
        }
        return frontMatter
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var slice = self
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
