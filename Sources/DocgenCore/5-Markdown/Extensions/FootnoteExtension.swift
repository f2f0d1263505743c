/// Footnotes as on GitHub: `[^label]` refers to a definition `[^label]: text` written at the top
/// level of the page, whose further lines (and paragraphs) are indented by four spaces. References
/// become superscript numbers, numbered by first reference; the definitions that are referred to
/// become an ordered list in `<section class="footnotes">` at the end of the page, each with links
/// back to its references. A reference to an unknown label stays text; unused definitions vanish.
///
/// libcmark knows none of this (it may even read `[^label]: word` as a link reference definition),
/// so definitions are found in the source lines and their content is parsed by libcmark on its own.
/// Ids are `fn:N` and `fnref:N`: a heading's slug never holds a colon, so they cannot collide.
enum FootnoteExtension {
    struct Entry {
        var label: String
        /// Holds the definition's blocks (in `Definitions.parsed.tree`); `nil` when it is empty.
        var container: MarkdownNode?
        var lineShift: Int
    }

    struct Definitions {
        var parsed: ParsedFragments?
        var entries: [Entry]

        static var none: Definitions { Definitions(parsed: nil, entries: []) }
    }

    private struct Region {
        var label: String
        var lines: [String]
        var firstLine: Int
    }

    // MARK: Definitions

    static func extractDefinitions(from tree: MarkdownTree, arena: MarkdownArena) -> Definitions {
        let source = tree.source
        let blocks = tree.root.children
        // Which top-level block each source line belongs to (-1: none, e.g. blank or a link
        // reference definition libcmark consumed).
        var owner = [Int](repeating: -1, count: source.lineCount + 2)
        for (index, block) in blocks.enumerated() {
            let start = block.startLine
            let end = min(max(block.endLine, start), source.lineCount)
            guard start >= 1, start <= end else { continue }
            for line in start...end { owner[line] = index }
        }
        func isParagraphOrLoose(_ line: Int) -> Bool { owner[line] < 0 || blocks[owner[line]].kind == .paragraph }

        var regions: [Region] = []
        var consumed = Set<Int>()
        var line = 1
        while line <= source.lineCount {
            guard isParagraphOrLoose(line), let (label, rest) = definitionStart(source.line(line)) else {
                line += 1
                continue
            }
            var region = Region(label: label, lines: [], firstLine: line)
            if rest.isEmpty { region.firstLine = line + 1 } else { region.lines.append(rest) }
            consumed.insert(line)
            var pendingBlank: [Int] = []
            var previousNonBlank = line
            var next = line + 1
            while next <= source.lineCount {
                let bytes = source.line(next)
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    pendingBlank.append(next)
                } else if let dedented = dedent(bytes) {
                    region.lines += pendingBlank.map { _ in "" }
                    pendingBlank = []
                    region.lines.append(dedented)
                } else if pendingBlank.isEmpty, owner[next] >= 0, owner[next] == owner[previousNonBlank],
                    blocks[owner[next]].kind == .paragraph, definitionStart(bytes) == nil
                {
                    region.lines.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    break
                }
                if pendingBlank.last != next {
                    consumed.insert(next)
                    previousNonBlank = next
                }
                next += 1
            }
            if region.lines.isEmpty { region.firstLine = line }
            regions.append(region)
            line = previousNonBlank + 1
        }
        guard !regions.isEmpty else { return .none }

        // Blocks the definitions took lines from leave the tree; a paragraph's lines before its
        // first definition are parsed again and stay.
        var fragments: [MarkdownFragment] = regions.map { .blocks($0.lines) }
        var leftovers: [(block: MarkdownNode, firstLine: Int)] = []
        for (index, block) in blocks.enumerated() {
            let start = block.startLine
            let end = min(max(block.endLine, start), source.lineCount)
            guard start >= 1, start <= end, (start...end).contains(where: { consumed.contains($0) && owner[$0] == index }) else { continue }
            let kept = (start...end).prefix { !consumed.contains($0) }
            if block.kind == .paragraph, let first = kept.first {
                fragments.append(.blocks(kept.map { String(decoding: source.line($0), as: UTF8.self) }))
                leftovers.append((block, first))
            } else {
                leftovers.append((block, 0))
            }
        }
        let parsed = MarkdownFragments.parse(fragments, definitionsFrom: source, arena: arena)
        var fragmentIndex = regions.count
        for leftover in leftovers {
            if leftover.firstLine > 0 {
                if let container = parsed.containers[fragmentIndex] {
                    MarkdownFragments.insertBlocks(
                        of: container, parsedAt: parsed.firstLines[fragmentIndex], from: leftover.firstLine, before: leftover.block, arena: arena)
                }
                fragmentIndex += 1
            }
            leftover.block.unlink()
        }
        let entries = regions.enumerated().map { index, region in
            Entry(label: region.label, container: parsed.containers[index], lineShift: region.firstLine - parsed.firstLines[index])
        }
        return Definitions(parsed: parsed, entries: entries)
    }

    /// `[^label]:` at the start of a line (after at most three spaces): the label, lower-cased,
    /// and the rest of the line without its leading whitespace.
    private static func definitionStart(_ bytes: ArraySlice<UInt8>) -> (label: String, rest: String)? {
        var index = bytes.startIndex
        var spaces = 0
        while index < bytes.endIndex, bytes[index] == 0x20, spaces < 3 {
            index += 1
            spaces += 1
        }
        guard bytes[index...].starts(with: Array("[^".utf8)) else { return nil }
        let labelStart = index + 2
        var labelEnd = labelStart
        while labelEnd < bytes.endIndex, labelEnd - labelStart <= 999 {
            let byte = bytes[labelEnd]
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "[") || byte == 0x20 || byte == 0x09 { break }
            labelEnd += 1
        }
        guard labelEnd > labelStart, labelEnd + 1 < bytes.endIndex || labelEnd + 1 == bytes.endIndex,
            labelEnd < bytes.endIndex, bytes[labelEnd] == UInt8(ascii: "]"),
            labelEnd + 1 < bytes.endIndex, bytes[labelEnd + 1] == UInt8(ascii: ":")
        else { return nil }
        let rest = bytes[(labelEnd + 2)...].drop { $0 == 0x20 || $0 == 0x09 }
        return (normalized(String(decoding: bytes[labelStart..<labelEnd], as: UTF8.self)), String(decoding: rest, as: UTF8.self))
    }

    /// The line without four columns of indentation, or `nil` when it is indented less.
    private static func dedent(_ bytes: ArraySlice<UInt8>) -> String? {
        var column = 0
        var index = bytes.startIndex
        while index < bytes.endIndex, column < 4 {
            if bytes[index] == 0x20 {
                column += 1
            } else if bytes[index] == 0x09 {
                column += 4 - column % 4
            } else {
                return nil
            }
            index += 1
        }
        guard column >= 4 else { return nil }
        return String(repeating: " ", count: column - 4) + String(decoding: bytes[index...], as: UTF8.self)
    }

    private static func normalized(_ label: String) -> String { label.lowercased() }

    // MARK: References

    /// Returns whether it wrote any footnote markup (whose ids then depend on `idPrefix`).
    @discardableResult
    static func resolveReferences(_ definitions: Definitions, in root: MarkdownNode, idPrefix: String?, arena: MarkdownArena) -> Bool {
        var byLabel: [String: Int] = [:]
        for (index, entry) in definitions.entries.enumerated() where byLabel[entry.label] == nil { byLabel[entry.label] = index }
        guard !byLabel.isEmpty else { return false }
        let prefix = idPrefix.map { "\($0)--" } ?? ""
        var order: [Int] = []  // entry indexes, by first reference
        var numbers: [Int: Int] = [:]
        var referenceCounts: [Int: Int] = [:]

        func reference(to entry: Int) -> MarkdownNode {
            let number: Int
            if let known = numbers[entry] {
                number = known
            } else {
                order.append(entry)
                number = order.count
                numbers[entry] = number
            }
            let count = (referenceCounts[entry] ?? 0) + 1
            referenceCounts[entry] = count
            let id = "\(prefix)fnref:\(number)" + (count > 1 ? ":\(count)" : "")
            return arena.makeCustomInline(
                open:
                    "<sup class=\"footnote-ref\"><a href=\"#\(prefix)fn:\(number)\" id=\"\(id)\" aria-label=\"Footnote \(number)\">\(number)</a></sup>",
                close: "")
        }

        func resolve(under subtree: MarkdownNode) {
            var linkDepth = 0
            for (node, entering) in subtree.events {
                switch node.kind {
                case .link, .image:
                    // `[^label]: word` may have become a link reference definition, and `[^label]` a link.
                    if entering, linkDepth == 0, node.kind == .link, let text = node.firstChild, text.next == nil, text.kind == .text,
                        text.literal.hasPrefix("^"), let entry = byLabel[normalized(String(text.literal.dropFirst()))]
                    {
                        node.replace(with: reference(to: entry))
                        linkDepth += 1
                        continue
                    }
                    linkDepth += entering ? 1 : -1
                case .text where linkDepth == 0 && node.parent != nil:
                    replaceReferences(in: node)
                default:
                    break
                }
            }
        }

        func replaceReferences(in node: MarkdownNode) {
            let scalars = Array(node.literal.unicodeScalars)
            var position = 0
            var index = 0
            var replaced = false
            while index + 3 < scalars.count || (index + 3 == scalars.count && false) {
                guard scalars[index] == "[", scalars[index + 1] == "^" else {
                    index += 1
                    continue
                }
                var end = index + 2
                while end < scalars.count, scalars[end] != "]", scalars[end] != "[", !MarkdownExtensions.isWhitespace(scalars[end]) { end += 1 }
                guard end < scalars.count, scalars[end] == "]", end > index + 2,
                    let entry = byLabel[normalized(string(scalars[(index + 2)..<end]))]
                else {
                    index += 1
                    continue
                }
                if index > position { node.insertBefore(arena.makeText(string(scalars[position..<index]))) }
                node.insertBefore(reference(to: entry))
                replaced = true
                position = end + 1
                index = position
            }
            guard replaced else { return }
            if position < scalars.count { node.insertBefore(arena.makeText(string(scalars[position...]))) }
            node.unlink()
        }

        resolve(under: root)
        guard !order.isEmpty else { return false }
        // Footnotes may refer to footnotes; those join the list as they are first referred to.
        var listed = 0
        while listed < order.count {
            if let container = definitions.entries[order[listed]].container { resolve(under: container) }
            listed += 1
        }

        let headingLevel = idPrefix == nil ? 2 : 3
        let section = arena.makeCustomBlock(
            open: "<section class=\"footnotes\">\n<h\(headingLevel) class=\"visually-hidden\">Footnotes</h\(headingLevel)>\n<ol>",
            close: "</ol>\n</section>")
        for (offset, entry) in order.enumerated() {
            let number = offset + 1
            let item = arena.makeCustomBlock(open: "<li id=\"\(prefix)fn:\(number)\">", close: "</li>")
            section.append(item)
            let definition = definitions.entries[entry]
            if let container = definition.container {
                for block in container.children {
                    block.unlink()
                    if item.append(block) { arena.shiftLines(of: block, by: definition.lineShift) }
                }
            }
            var backLinks = ""
            for count in 1...(referenceCounts[entry] ?? 1) {
                let target = "\(prefix)fnref:\(number)" + (count > 1 ? ":\(count)" : "")
                let label = count > 1 ? "Back to reference \(number) (\(count))" : "Back to reference \(number)"
                let mark = count > 1 ? "↩<sup>\(count)</sup>" : "↩"
                backLinks += " <a href=\"#\(target)\" class=\"footnote-backref\" aria-label=\"\(label)\">\(mark)</a>"
            }
            if let last = item.lastChild, last.kind == .paragraph {
                last.append(arena.makeCustomInline(open: backLinks, close: ""))
            } else {
                item.append(arena.makeCustomBlock(open: String(backLinks.dropFirst()), close: ""))
            }
        }
        root.append(section)
        return true
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
