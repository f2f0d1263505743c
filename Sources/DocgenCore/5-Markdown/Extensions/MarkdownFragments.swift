/// Pieces of Markdown that an extension needs libcmark to parse on their own: a table cell's inline
/// text, or the lines of a footnote definition.
enum MarkdownFragment {
    /// One line of inline Markdown (never turned into a block: a cell holding `1. x` stays text).
    case inline(String)
    /// Lines of block Markdown.
    case blocks([String])
}

/// The result of ``MarkdownFragments/parse(_:definitionsFrom:arena:)``: for each fragment, the node
/// whose children are its content (`nil` for an empty fragment), and the line its content starts on
/// in `tree`.
struct ParsedFragments {
    let tree: MarkdownTree
    let containers: [MarkdownNode?]
    let firstLines: [Int]
}

enum MarkdownFragments {
    /// A no-break space: no block can start with it, and for emphasis it counts as the whitespace a
    /// line starts with. It is removed again after parsing.
    private static let inlineGuard: Character = "\u{A0}"

    /// Parses every fragment in one libcmark run, so the work stays linear in their total size.
    ///
    /// The text libcmark sees is the fragments (an inline one as a guarded paragraph of one line, a
    /// block one as a block quote, which closes whatever it leaves open), each followed by a blank
    /// line, then the whole `source` again, so reference links in fragments find the document's
    /// link reference definitions.
    static func parse(_ fragments: [MarkdownFragment], definitionsFrom source: MarkdownSource, arena: MarkdownArena) -> ParsedFragments {
        var text = ""
        var firstLines: [Int] = []
        var line = 1
        var present: [Bool] = []
        for fragment in fragments {
            switch fragment {
            case .inline(let content) where !content.isEmpty:
                text += String(inlineGuard) + content + "\n\n"
                firstLines.append(line)
                line += 2
                present.append(true)
            case .blocks(let lines) where !lines.isEmpty:
                for content in lines { text += "> " + content + "\n" }
                text += "\n"
                firstLines.append(line)
                line += lines.count + 1
                present.append(true)
            default:
                firstLines.append(line)
                present.append(false)
            }
        }
        let tree = arena.parse(text + source.text)
        var blocks = tree.root.children.makeIterator()
        var containers: [MarkdownNode?] = []
        for (fragment, isPresent) in zip(fragments, present) {
            guard isPresent, let block = blocks.next() else {
                containers.append(nil)
                continue
            }
            switch fragment {
            case .inline:
                guard block.kind == .paragraph else {
                    containers.append(nil)
                    continue
                }
                if let first = block.firstChild, first.kind == .text, first.literal.first == inlineGuard {
                    let rest = String(first.literal.dropFirst())
                    if rest.isEmpty { first.unlink() } else { first.literal = rest }
                }
                containers.append(block)
            case .blocks:
                containers.append(block.kind == .blockQuote ? block : nil)
            }
        }
        return ParsedFragments(tree: tree, containers: containers, firstLines: firstLines)
    }

    /// The lines of a paragraph as written, without the markers of the block quotes around it, so
    /// extensions read `|:--|` rather than what smart punctuation made of it.
    static func sourceLines(of paragraph: MarkdownNode, in source: MarkdownSource) -> [(number: Int, text: String)]? {
        let start = paragraph.startLine
        let end = paragraph.endLine
        guard start >= 1, end >= start, end <= source.lineCount else { return nil }
        var quoteDepth = 0
        var ancestor = paragraph.parent
        while let node = ancestor {
            if node.kind == .blockQuote { quoteDepth += 1 }
            ancestor = node.parent
        }
        var lines: [(number: Int, text: String)] = []
        for number in start...end {
            var bytes = source.line(number)
            if number == start {
                bytes = bytes.dropFirst(max(0, paragraph.startColumn - 1))
            } else {
                for _ in 0..<quoteDepth {
                    bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 }
                    guard bytes.first == UInt8(ascii: ">") else { break }
                    bytes = bytes.dropFirst()
                }
                bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 }
            }
            lines.append((number, String(decoding: bytes, as: UTF8.self)))
        }
        return lines
    }

    /// Moves the blocks of a parsed block fragment before `anchor`, correcting their line numbers
    /// to those of the lines they came from.
    static func insertBlocks(
        of container: MarkdownNode, parsedAt fragmentLine: Int, from sourceLine: Int, before anchor: MarkdownNode, arena: MarkdownArena
    ) {
        for block in container.children {
            block.unlink()
            if anchor.insertBefore(block) { arena.shiftLines(of: block, by: sourceLine - fragmentLine) }
        }
    }
}
