/// Runs the GitHub extensions over a freshly parsed tree, in an order that lets them meet: blocks
/// first (footnote definitions, tables), then inline text (strikethrough before adjacent text is
/// joined, because libcmark keeps an escaped `\~` as a text node of its own), then what reads the
/// joined text (task lists, callouts, autolinks, footnote references).
enum MarkdownExtensions {
    /// Returns whether the markup it made depends on `idPrefix` (footnotes were made).
    @discardableResult
    static func apply(_ settings: MarkdownSettings, to tree: MarkdownTree, idPrefix: String?) -> Bool {
        let arena = tree.root.arena
        var footnotes = FootnoteExtension.Definitions.none
        if settings.footnotes { footnotes = FootnoteExtension.extractDefinitions(from: tree, arena: arena) }
        // Each subtree with the text its positions refer to.
        var parts: [(tree: MarkdownTree, root: MarkdownNode)] = [(tree, tree.root)]
        if let fragments = footnotes.parsed {
            parts += footnotes.entries.compactMap { entry in entry.container.map { (fragments.tree, $0) } }
        }
        if settings.tables {
            for part in parts { TableExtension.apply(to: part.tree, under: [part.root], arena: arena) }
        }
        let roots = parts.map(\.root)
        if settings.strikethrough { StrikethroughExtension.apply(under: roots, arena: arena) }
        for root in roots { joinAdjacentText(under: root) }
        if settings.taskLists { TaskListExtension.apply(under: roots, arena: arena) }
        if settings.callouts { CalloutExtension.apply(under: roots, arena: arena) }
        if settings.autolinks { AutolinkExtension.apply(under: roots, arena: arena) }
        return settings.footnotes && FootnoteExtension.resolveReferences(footnotes, in: tree.root, idPrefix: idPrefix, arena: arena)
    }

    /// libcmark leaves `[^1]` as three text nodes (`[`, `^1`, `]`); extensions read them as one.
    static func joinAdjacentText(under root: MarkdownNode) {
        for node in root.descendants where node.kind == .text {
            guard node.parent != nil, node.previous?.kind != .text else { continue }
            var text = node.literal
            var joined = false
            while let next = node.next, next.kind == .text {
                text += next.literal
                next.unlink()
                joined = true
            }
            if joined { node.literal = text }
        }
    }

    /// The text nodes under `roots` that are not inside a link or an image, where no link may be made.
    static func textOutsideLinks(under roots: [MarkdownNode]) -> [MarkdownNode] {
        var result: [MarkdownNode] = []
        for root in roots {
            var linkDepth = 0
            for (node, entering) in root.events {
                switch node.kind {
                case .link, .image: linkDepth += entering ? 1 : -1
                case .text where linkDepth == 0: result.append(node)
                default: break
                }
            }
        }
        return result
    }

    /// Unicode whitespace as CommonMark defines it (for flanking rules).
    static func isWhitespace(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return true }
        return scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" || scalar.properties.generalCategory == .spaceSeparator
    }

    /// ASCII or Unicode punctuation as CommonMark 0.30 defines it.
    static func isPunctuation(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.isASCII { return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
