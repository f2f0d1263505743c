/// `[ ]` or `[x]` at the start of a list item's first paragraph, followed by whitespace, becomes a
/// disabled checkbox (checked for `x` or `X`). The checkbox and the item's first paragraph are
/// wrapped in a `<label>`, so the item's text names the checkbox for assistive technology.
enum TaskListExtension {
    static func apply(under roots: [MarkdownNode], arena: MarkdownArena) {
        for root in roots {
            for item in root.descendants where item.kind == .item {
                guard let paragraph = item.firstChild, paragraph.kind == .paragraph, let text = paragraph.firstChild, text.kind == .text,
                    text.literalFirstByte == UInt8(ascii: "["), let checked = marker(text)
                else { continue }
                let rest = String(text.literal.dropFirst(3))
                if rest.isEmpty { text.unlink() } else { text.literal = rest }
                let label = arena.makeCustomInline(open: "<label class=\"task-list-item-label\">", close: "</label>")
                label.append(
                    arena.makeCustomInline(
                        open: checked ? "<input type=\"checkbox\" checked disabled>" : "<input type=\"checkbox\" disabled>", close: ""))
                paragraph.moveChildren(to: label)
                paragraph.append(label)
            }
        }
    }

    /// Whether the text starts with a checked (`true`) or unchecked (`false`) task marker.
    private static func marker(_ text: MarkdownNode) -> Bool? {
        let scalars = Array(text.literal.unicodeScalars.prefix(4))
        guard scalars.count >= 3, scalars[0] == "[", scalars[2] == "]" else { return nil }
        let followedBySpace =
            scalars.count == 4 ? scalars[3] == " " || scalars[3] == "\t" : text.next.map { $0.kind == .softBreak || $0.kind == .lineBreak } ?? false
        guard followedBySpace else { return nil }
        switch scalars[1] {
        case " ", "\t": return false
        case "x", "X": return true
        default: return nil
        }
    }
}
