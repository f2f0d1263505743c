/// `~~text~~` and `~text~` become `<del>`, as in cmark-gfm: a run of one or two tildes opens when it
/// is left-flanking and closes when it is right-flanking (CommonMark's emphasis rules), a closer
/// pairs with the nearest opener of the same length, and runs of three or more stay text. Pairs are
/// made among the inline siblings libcmark produced, so a strikethrough cannot cross the boundary
/// of an emphasis or a link.
enum StrikethroughExtension {
    private struct Delimiter {
        var node: MarkdownNode
        var length: Int
        var canOpen: Bool
        var canClose: Bool
    }

    static func apply(under roots: [MarkdownNode], arena: MarkdownArena) {
        var parents: [MarkdownNode] = []
        var seen = Set<MarkdownNode>()
        for root in roots {
            for node in root.descendants where node.kind == .text && node.literalContains(UInt8(ascii: "~")) {
                if let parent = node.parent, seen.insert(parent).inserted { parents.append(parent) }
            }
        }
        for parent in parents { pair(delimiters(in: parent, arena: arena), arena: arena) }
    }

    /// Splits the tilde runs out of the parent's text children into text nodes of their own.
    private static func delimiters(in parent: MarkdownNode, arena: MarkdownArena) -> [Delimiter] {
        var result: [Delimiter] = []
        for child in parent.children where child.kind == .text && child.literalContains(UInt8(ascii: "~")) {
            let scalars = Array(child.literal.unicodeScalars)
            guard scalars.contains("~") else { continue }
            let before = edgeScalar(child.previous, last: true)
            let after = edgeScalar(child.next, last: false)
            var pieces: [(text: String, delimiter: Delimiter?)] = []
            var plain = String.UnicodeScalarView()
            var index = 0
            while index < scalars.count {
                guard scalars[index] == "~" else {
                    plain.append(scalars[index])
                    index += 1
                    continue
                }
                var end = index
                while end < scalars.count && scalars[end] == "~" { end += 1 }
                let length = end - index
                let previous = index > 0 ? scalars[index - 1] : before
                let next = end < scalars.count ? scalars[end] : after
                let left = !isSpace(next) && (!isPunct(next) || isSpace(previous) || isPunct(previous))
                let right = !isSpace(previous) && (!isPunct(previous) || isSpace(next) || isPunct(next))
                if length <= 2 && (left || right) {
                    if !plain.isEmpty { pieces.append((String(plain), nil)) }
                    plain = String.UnicodeScalarView()
                    let run = String(repeating: "~", count: length)
                    pieces.append((run, Delimiter(node: child, length: length, canOpen: left, canClose: right)))
                } else {
                    plain.append(contentsOf: scalars[index..<end])
                }
                index = end
            }
            guard pieces.contains(where: { $0.delimiter != nil }) else { continue }
            if !plain.isEmpty { pieces.append((String(plain), nil)) }
            for piece in pieces {
                let node = arena.makeText(piece.text)
                guard child.insertBefore(node) else { continue }
                if var delimiter = piece.delimiter {
                    delimiter.node = node
                    result.append(delimiter)
                }
            }
            child.unlink()
        }
        return result
    }

    /// Pairs closers with openers, keeping one stack per run length so the work stays linear.
    private static func pair(_ delimiters: [Delimiter], arena: MarkdownArena) {
        var openers: [[(order: Int, delimiter: Delimiter)]] = [[], []]
        for (order, delimiter) in delimiters.enumerated() {
            let stack = delimiter.length - 1
            if delimiter.canClose, let opener = openers[stack].last {
                openers[stack].removeLast()
                // Openers of the other length between the pair can no longer close anything.
                while let other = openers[1 - stack].last, other.order > opener.order { openers[1 - stack].removeLast() }
                wrap(from: opener.delimiter.node, to: delimiter.node, arena: arena)
                continue
            }
            if delimiter.canOpen { openers[stack].append((order, delimiter)) }
        }
    }

    private static func wrap(from opener: MarkdownNode, to closer: MarkdownNode, arena: MarkdownArena) {
        let deletion = arena.makeCustomInline(open: "<del>", close: "</del>")
        guard opener.insertAfter(deletion) else { return }
        while let inside = deletion.next, inside != closer {
            inside.unlink()
            guard deletion.append(inside) else { break }
        }
        opener.unlink()
        closer.unlink()
    }

    /// The character next to a text node: a neighbouring node's edge character, a line break as
    /// whitespace, any other inline (emphasis, code, link) as the punctuation it starts or ends with,
    /// and the start or end of the block as whitespace (`nil`).
    private static func edgeScalar(_ node: MarkdownNode?, last: Bool) -> Unicode.Scalar? {
        guard let node else { return nil }
        switch node.kind {
        case .text:
            let scalars = node.literal.unicodeScalars
            return last ? scalars.last : scalars.first
        case .softBreak, .lineBreak: return "\n"
        default: return "*"
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar?) -> Bool { MarkdownExtensions.isWhitespace(scalar) }
    private static func isPunct(_ scalar: Unicode.Scalar?) -> Bool { MarkdownExtensions.isPunctuation(scalar) }
}
