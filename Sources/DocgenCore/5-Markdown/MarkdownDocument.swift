// The only file that touches libcmark's C API. Everything it hands out is plain Swift: the document
// below, and a small node wrapper (`MarkdownNode`) that the GitHub extensions in `Extensions/` use to
// transform libcmark's tree.
import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A heading as written in Markdown.
struct MarkdownHeading: Sendable, Equatable {
    var level: Int
    /// The heading's text without markup.
    var text: String
    var line: Int
    var column: Int
    /// The id written at the end of the heading as `{#id}` (then left out of `text`), if any.
    var customID: String? = nil
}

/// A link or image destination as written in Markdown.
struct MarkdownLink: Sendable, Equatable {
    var isImage: Bool
    var url: String
    /// For images, the alternative text; for links, the link text (cut after ``textLimit`` characters).
    var text: String
    var line: Int
    var column: Int
    /// For images: the image sits inside a link (`[![alt](x.svg)](page.md)`).
    var isInsideLink = false

    /// Link texts serve messages and the empty-alt check; a cap keeps nested images linear.
    static let textLimit = 200
}

/// A fenced code block whose info string starts with `widget`.
struct MarkdownWidgetFence: Sendable, Equatable {
    /// What follows `widget` in the info string, trimmed.
    var name: String
    var body: String
    var line: Int
    var column: Int
}

/// A code block (fenced or indented) that is not a widget fence.
struct MarkdownCodeBlock: Sendable, Equatable {
    /// The first word of the info string; empty for indented blocks and fences without one.
    var language: String
    var code: String
}

/// How to render each heading, link and widget fence that ``MarkdownDocument`` found, in the same order.
struct MarkdownRenderPlan {
    /// Replaces each heading's opening and closing tags (e.g. to give it an `id` and a permalink);
    /// `nil` leaves the heading out (it became the page's title).
    var headings: [(open: String, close: String)?] = []
    /// Per link: `nil` keeps it as libcmark renders it (with its URL possibly replaced by `url`);
    /// otherwise the link's opening tag is replaced by this markup (used to mark external links).
    var links: [(url: String, openTag: String?)] = []
    /// Per link, for images only: markup to put before and after the image (a `<picture>` with its
    /// `<source>` elements, a link to the full-size file); `nil` (or a shorter list) leaves it as it is.
    var imageWrappers: [(before: String, after: String)?] = []
    /// Replaces each widget fence.
    var widgets: [String] = []
    /// Replaces each code block (docgen's highlighted markup).
    var codeBlocks: [String] = []
}

/// A Markdown document parsed by libcmark and transformed by the enabled GitHub extensions.
/// Owns every C node it made and frees them when it goes away.
final class MarkdownDocument {
    private let arena: MarkdownArena
    private let root: MarkdownNode
    private let lineOffset: Int
    private var headingNodes: [MarkdownNode] = []
    private var linkNodes: [MarkdownNode] = []
    private var fenceNodes: [MarkdownNode] = []
    private var codeBlockNodes: [MarkdownNode] = []
    /// What the first render put in the tree, so a later render can apply another plan to the same
    /// tree instead of parsing again: per heading its custom block (`nil`: the heading was taken out),
    /// per link the custom inline that replaced it (`nil`: the link node is still there), per image its
    /// wrapper nodes, and the blocks that replaced widget fences and code blocks.
    private var rendered: Rendered?
    private struct Rendered {
        var headings: [MarkdownNode?]
        var links: [MarkdownNode?]
        var imageWrappers: [(before: MarkdownNode, after: MarkdownNode)?]
        var fences: [MarkdownNode]
        var codeBlocks: [MarkdownNode]
    }
    /// Footnote markup carries ids made with the `idPrefix` given at parse time, so another prefix
    /// needs another parse.
    private var markupDependsOnIDPrefix = false
    private let parsedIDPrefix: String?

    private(set) var headings: [MarkdownHeading] = []
    private(set) var links: [MarkdownLink] = []
    private(set) var widgetFences: [MarkdownWidgetFence] = []
    /// Where the first raw HTML is, when it is left out (raw HTML is off): the author is told once per page.
    private(set) var firstOmittedHTML: (line: Int, column: Int)?
    private(set) var codeBlocks: [MarkdownCodeBlock] = []

    /// The version of the libcmark docgen is linked against.
    static var libcmarkVersion: String { String(cString: cmark_version_string()) }

    /// What libcmark alone makes of `markdown` (as `cmark --smart [--unsafe]` does): the reference the
    /// conformance tests hold docgen's output to.
    static func referenceHTML(_ markdown: String, smart: Bool, unsafe: Bool) -> String {
        var options = CMARK_OPT_DEFAULT
        if smart { options |= CMARK_OPT_SMART }
        if unsafe { options |= CMARK_OPT_UNSAFE }
        let bytes = Array(markdown.utf8)
        guard
            let rendered = bytes.withUnsafeBufferPointer({ buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_markdown_to_html($0.baseAddress, $0.count, options) }
            })
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Parses CommonMark and applies the extensions `settings` enables. `lineOffset` is added to every
    /// line number (the number of front-matter lines before the Markdown); `idPrefix` starts the ids
    /// docgen gives footnotes (pages in `print.html` share one id space).
    init(
        _ markdown: String, allowsRawHTML: Bool, settings: MarkdownSettings = MarkdownSettings(), idPrefix: String? = nil,
        lineOffset: Int = 0
    ) {
        var options = CMARK_OPT_DEFAULT
        if settings.smartPunctuation { options |= CMARK_OPT_SMART }
        if allowsRawHTML { options |= CMARK_OPT_UNSAFE }
        arena = MarkdownArena(options: options)
        self.lineOffset = lineOffset
        parsedIDPrefix = idPrefix
        let tree = arena.parse(markdown)
        root = tree.root
        markupDependsOnIDPrefix = MarkdownExtensions.apply(settings, to: tree, idPrefix: idPrefix)
        collect()
    }

    private func collect() {
        // Link and image texts are built in one pass: each open link or image has a buffer, and a
        // finished one passes its text to the enclosing one, so nesting costs no repeated walks.
        var openTexts: [String] = []
        var openLinks: [Int] = []
        var openLinkCount = 0
        var headingStack: [(index: Int, text: String)] = []
        // Positions are tracked the same way: each open node's position, for children without one.
        var positions: [MarkdownArena.Position] = [arena.position(of: root, inheriting: nil)]
        guard let iterator = cmark_iter_new(root.pointer) else { return }
        defer { cmark_iter_free(iterator) }
        _ = cmark_iter_next(iterator)  // the root itself
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let pointer = cmark_iter_get_node(iterator) else { continue }
            let node = MarkdownNode(pointer, arena)
            let type = cmark_node_get_type(pointer)
            if event == CMARK_EVENT_EXIT {
                if pointer != root.pointer, positions.count > 1 { positions.removeLast() }
                switch type {
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    if type == CMARK_NODE_LINK { openLinkCount -= 1 }
                    guard let index = openLinks.popLast(), let text = openTexts.popLast() else { break }
                    links[index].text = text
                    Self.appendCapped(text, to: &openTexts)
                case CMARK_NODE_HEADING:
                    guard let heading = headingStack.popLast() else { break }
                    headings[heading.index].text = heading.text
                    // `## Title {#custom-id}`: the id is taken out of the heading's last text.
                    if let last = node.lastChild, last.kind == .text, let (id, kept) = Self.customID(in: last.literal) {
                        last.literal = kept
                        headings[heading.index].customID = id
                        if let (_, text) = Self.customID(in: heading.text) { headings[heading.index].text = text }
                    }
                default:
                    break
                }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            let here = arena.position(of: node, inheriting: positions.last)
            if !Self.isLeaf(type) { positions.append(here) }
            let line = here.line + lineOffset
            let column = here.column
            switch type {
            case CMARK_NODE_HEADING:
                headingNodes.append(node)
                headings.append(MarkdownHeading(level: Int(cmark_node_get_heading_level(pointer)), text: "", line: line, column: column))
                headingStack.append((headings.count - 1, ""))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                linkNodes.append(node)
                links.append(
                    MarkdownLink(
                        isImage: type == CMARK_NODE_IMAGE, url: node.url, text: "", line: line, column: column, isInsideLink: openLinkCount > 0))
                if type == CMARK_NODE_LINK { openLinkCount += 1 }
                openLinks.append(links.count - 1)
                openTexts.append("")
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                // Only text inside a link or a heading is kept: most text never becomes a Swift string.
                guard !openTexts.isEmpty || !headingStack.isEmpty else { break }
                let text = (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) ? node.literal : " "
                Self.appendCapped(text, to: &openTexts)
                if !headingStack.isEmpty { headingStack[headingStack.count - 1].text += text }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if firstOmittedHTML == nil && arena.options & CMARK_OPT_UNSAFE == 0 { firstOmittedHTML = (line, column) }
            case CMARK_NODE_CODE_BLOCK:
                let info = node.fenceInfo
                let words = info.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                if words.first == "widget" {
                    fenceNodes.append(node)
                    widgetFences.append(
                        MarkdownWidgetFence(
                            name: words.count > 1 ? String(words[1]).trimmingCharacters(in: " \t") : "",
                            body: node.literal, line: line, column: column))
                } else {
                    codeBlockNodes.append(node)
                    codeBlocks.append(
                        MarkdownCodeBlock(
                            language: info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "",
                            code: node.literal))
                }
            default:
                break
            }
        }
    }

    /// Splits `Title {#id}` into the id and the text before it; `nil` when the text does not end so.
    static func customID(in text: String) -> (id: String, text: String)? {
        guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return nil }
        let id = text[open.upperBound..<text.index(before: text.endIndex)]
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }) else { return nil }
        var kept = text[..<open.lowerBound]
        while kept.last == " " || kept.last == "\t" { kept = kept.dropLast() }
        return (String(id), String(kept))
    }

    private static func appendCapped(_ text: String, to stack: inout [String]) {
        guard let current = stack.last, current.count < MarkdownLink.textLimit else { return }
        stack[stack.count - 1] = String((current + text).prefix(MarkdownLink.textLimit))
    }

    /// Renders the document as HTML following `plan`. The first render replaces nodes in the tree
    /// and remembers the replacements; a later render (a page's section of `print.html`) changes
    /// their markup, so a page is parsed once. Returns `nil` when a later plan cannot be applied to
    /// this tree (another footnote id prefix, a heading left out in one plan only); parse again then.
    func renderHTML(_ plan: MarkdownRenderPlan, idPrefix: String? = nil) -> String? {
        if let rendered {
            guard !markupDependsOnIDPrefix || idPrefix == parsedIDPrefix, reapply(plan, over: rendered) else { return nil }
        } else {
            rendered = applyFirst(plan)
        }
        guard let html = cmark_render_html(root.pointer, arena.options) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    private func applyFirst(_ plan: MarkdownRenderPlan) -> Rendered {
        var result = Rendered(headings: [], links: [], imageWrappers: [], fences: [], codeBlocks: [])
        for (node, tags) in zip(headingNodes, plan.headings) {
            if let tags {
                let block = arena.makeCustomBlock(open: tags.open, close: tags.close)
                result.headings.append(node.replaceKeepingChildren(with: block) ? block : nil)
            } else {
                node.unlink()
                result.headings.append(nil)
            }
        }
        for (position, node) in linkNodes.enumerated() {
            guard position < plan.imageWrappers.count, let wrapper = plan.imageWrappers[position] else {
                result.imageWrappers.append(nil)
                continue
            }
            result.imageWrappers.append(wrap(node, wrapper))
        }
        for (node, link) in zip(linkNodes, plan.links) {
            if let openTag = link.openTag {
                let tag = arena.makeCustomInline(open: openTag, close: "</a>")
                result.links.append(node.replaceKeepingChildren(with: tag) ? tag : nil)
            } else {
                node.url = link.url
                result.links.append(nil)
            }
        }
        for (node, markup) in zip(fenceNodes, plan.widgets) {
            let block = arena.makeCustomBlock(open: markup, close: "")
            node.replace(with: block)
            result.fences.append(block)
        }
        for (node, markup) in zip(codeBlockNodes, plan.codeBlocks) {
            let block = arena.makeCustomBlock(open: markup, close: "")
            node.replace(with: block)
            result.codeBlocks.append(block)
        }
        return result
    }

    private func wrap(_ node: MarkdownNode, _ wrapper: (before: String, after: String)) -> (before: MarkdownNode, after: MarkdownNode) {
        let before = arena.makeCustomInline(open: wrapper.before, close: "")
        let after = arena.makeCustomInline(open: wrapper.after, close: "")
        node.insertBefore(before)
        node.insertAfter(after)
        return (before, after)
    }

    /// Applies a later plan to the nodes the first render made; `false` when it cannot.
    private func reapply(_ plan: MarkdownRenderPlan, over first: Rendered) -> Bool {
        guard plan.headings.count == first.headings.count, plan.links.count == first.links.count,
            plan.widgets.count == first.fences.count, plan.codeBlocks.count == first.codeBlocks.count
        else { return false }
        for (block, tags) in zip(first.headings, plan.headings) {
            switch (block, tags) {
            case (let block?, let tags?): block.setCustomMarkup(open: tags.open, close: tags.close)
            case (nil, nil): break
            default: return false
            }
        }
        var wrappers = first.imageWrappers
        for (position, node) in linkNodes.enumerated() {
            let wanted = position < plan.imageWrappers.count ? plan.imageWrappers[position] : nil
            switch (wrappers[position], wanted) {
            case (let nodes?, let wrapper?):
                nodes.before.setCustomMarkup(open: wrapper.before, close: "")
                nodes.after.setCustomMarkup(open: wrapper.after, close: "")
            case (let nodes?, nil):
                nodes.before.setCustomMarkup(open: "", close: "")
                nodes.after.setCustomMarkup(open: "", close: "")
            case (nil, let wrapper?):
                // Only images get wrappers, and images stay in the tree.
                wrappers[position] = wrap(node, wrapper)
            case (nil, nil):
                break
            }
        }
        rendered?.imageWrappers = wrappers
        for (position, link) in plan.links.enumerated() {
            switch (first.links[position], link.openTag) {
            case (let tag?, let openTag?): tag.setCustomMarkup(open: openTag, close: "</a>")
            case (nil, nil): linkNodes[position].url = link.url
            case (nil, let openTag?):
                let tag = arena.makeCustomInline(open: openTag, close: "</a>")
                guard linkNodes[position].replaceKeepingChildren(with: tag) else { return false }
                rendered?.links[position] = tag
            case (_?, nil):
                return false
            }
        }
        for (block, markup) in zip(first.fences, plan.widgets) { block.setCustomMarkup(open: markup, close: "") }
        for (block, markup) in zip(first.codeBlocks, plan.codeBlocks) { block.setCustomMarkup(open: markup, close: "") }
        return true
    }

    /// Nodes libcmark's iterator visits once (they never have children).
    private static func isLeaf(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK,
            CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }
}

// MARK: - The node wrapper the extensions use

/// Owns every tree and node made while reading one document. Nodes taken out of a tree are kept
/// until the arena goes away, then freed unless they were put back somewhere, so no path leaks or
/// frees a node twice.
final class MarkdownArena {
    let options: Int32
    private var roots: [OpaquePointer] = []
    private var loose: Set<OpaquePointer> = []
    /// Source positions given to nodes docgen made (libcmark records none for them).
    private var positions: [OpaquePointer: (line: Int, column: Int)] = [:]
    /// Lines to add to the positions of blocks moved in from a fragment tree, and everything in them.
    private var lineShifts: [OpaquePointer: Int] = [:]

    init(options: Int32) {
        self.options = options
    }

    deinit {
        // Decide what to free before freeing anything: a node inside a freed tree must not be read.
        let orphans = loose.filter { cmark_node_parent($0) == nil && !roots.contains($0) }
        for root in roots { cmark_node_free(root) }
        for node in orphans { cmark_node_free(node) }
    }

    /// Parses `text` with this arena's options into a new tree it owns.
    func parse(_ text: String) -> MarkdownTree {
        let bytes = Array(text.utf8)
        let pointer = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, options)
            }
        }
        // libcmark's allocator aborts when memory runs out, so a parse always returns a tree.
        guard let root = pointer else { preconditionFailure("libcmark returned no document") }
        roots.append(root)
        return MarkdownTree(root: MarkdownNode(root, self), source: MarkdownSource(bytes))
    }

    func makeCustomBlock(open: String, close: String) -> MarkdownNode { makeCustom(CMARK_NODE_CUSTOM_BLOCK, open: open, close: close) }

    func makeCustomInline(open: String, close: String) -> MarkdownNode { makeCustom(CMARK_NODE_CUSTOM_INLINE, open: open, close: close) }

    func makeText(_ literal: String) -> MarkdownNode {
        let node = make(CMARK_NODE_TEXT)
        node.literal = literal
        return node
    }

    func makeLink(url: String) -> MarkdownNode {
        let node = make(CMARK_NODE_LINK)
        node.url = url
        return node
    }

    private func makeCustom(_ type: cmark_node_type, open: String, close: String) -> MarkdownNode {
        let node = make(type)
        cmark_node_set_on_enter(node.pointer, open)
        cmark_node_set_on_exit(node.pointer, close)
        return node
    }

    private func make(_ type: cmark_node_type) -> MarkdownNode {
        // libcmark's allocator aborts when memory runs out, so a new node is never null.
        guard let pointer = cmark_node_new(type) else { preconditionFailure("libcmark could not allocate a node") }
        loose.insert(pointer)
        return MarkdownNode(pointer, self)
    }

    fileprivate func detached(_ pointer: OpaquePointer) {
        loose.insert(pointer)
    }

    /// Gives a node docgen made the source position of the Markdown it came from.
    func setPosition(of node: MarkdownNode, line: Int, column: Int) {
        positions[node.pointer] = (line, column)
    }

    /// Marks a node whose content was parsed elsewhere: the positions libcmark gave its descendants
    /// (and itself) are off by `lines`.
    func shiftLines(of node: MarkdownNode, by lines: Int) {
        lineShifts[node.pointer] = lines
    }

    /// A node's place in the page's Markdown, and the correction its descendants' own positions need.
    struct Position {
        var line: Int
        var column: Int
        var shift: Int
    }

    /// The position of `node` given its parent's: its own (libcmark's, or one docgen gave it),
    /// corrected by the shifts of the fragments it came from; else the parent's.
    func position(of node: MarkdownNode, inheriting parent: Position?) -> Position {
        let shift = (parent?.shift ?? 0) + (lineShifts[node.pointer] ?? 0)
        if let given = positions[node.pointer] {
            return Position(line: max(1, given.line + shift), column: given.column, shift: shift)
        }
        let line = Int(cmark_node_get_start_line(node.pointer))
        if line > 0 {
            return Position(line: max(1, line + shift), column: max(1, Int(cmark_node_get_start_column(node.pointer))), shift: shift)
        }
        return Position(line: parent?.line ?? 1, column: parent?.column ?? 1, shift: shift)
    }
}

/// A parsed Markdown text: its root and the text it came from.
struct MarkdownTree {
    let root: MarkdownNode
    let source: MarkdownSource
}

/// The lines of a Markdown text, split where libcmark splits them (`\n`, `\r\n`, `\r`).
struct MarkdownSource {
    let text: String
    private let lines: [ArraySlice<UInt8>]

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A || bytes[index] == 0x0D {
                lines.append(bytes[start..<index])
                if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start..<bytes.count]) }
        self.lines = lines
    }

    var lineCount: Int { lines.count }

    /// Line `number` (1-based) without its line ending; empty past the end.
    func line(_ number: Int) -> ArraySlice<UInt8> {
        number >= 1 && number <= lines.count ? lines[number - 1] : []
    }
}

/// The kinds of libcmark node the extensions tell apart.
enum MarkdownNodeKind: Equatable {
    case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading, thematicBreak
    case text, softBreak, lineBreak, code, htmlInline, customInline, emphasis, strong, link, image
    case other

    var isBlock: Bool {
        switch self {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .customBlock, .paragraph, .heading, .thematicBreak: return true
        default: return false
        }
    }
}

/// A libcmark node, borrowed from its ``MarkdownArena``. Structural changes report whether libcmark
/// accepted them (it refuses, for example, a block inside a paragraph).
struct MarkdownNode: Hashable {
    fileprivate let pointer: OpaquePointer
    /// `unowned(unsafe)`: a node never outlives the document that owns its arena, and the checked
    /// `unowned` cost a reference-count update on every copy of every node (5% of a build).
    unowned(unsafe) let arena: MarkdownArena

    fileprivate init(_ pointer: OpaquePointer, _ arena: MarkdownArena) {
        self.pointer = pointer
        self.arena = arena
    }

    static func == (lhs: MarkdownNode, rhs: MarkdownNode) -> Bool { lhs.pointer == rhs.pointer }
    func hash(into hasher: inout Hasher) { hasher.combine(pointer) }

    var kind: MarkdownNodeKind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: return .customInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default: return .other
        }
    }

    /// The text of a text, code, code block or raw HTML node.
    var literal: String {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { cmark_node_set_literal(pointer, newValue) }
    }

    /// Whether the literal holds `byte`, read in place: the extensions ask this of every text node,
    /// and most answer no, so no Swift string is made for them.
    func literalContains(_ byte: UInt8) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return strchr(literal, Int32(byte)) != nil
    }

    /// Whether the literal holds `needle` (ASCII), read in place.
    func literalContains(_ needle: StaticString) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return needle.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // StaticString is NUL-terminated in storage, so strstr reads exactly the needle.
                chars.baseAddress.map { strstr(literal, $0) != nil } ?? false
            }
        }
    }

    /// The literal's first byte, or 0 when it is empty.
    var literalFirstByte: UInt8 {
        guard let literal = cmark_node_get_literal(pointer) else { return 0 }
        return UInt8(bitPattern: literal.pointee)
    }

    var url: String {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { cmark_node_set_url(pointer, newValue) }
    }

    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }

    var parent: MarkdownNode? { cmark_node_parent(pointer).map { MarkdownNode($0, arena) } }
    var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map { MarkdownNode($0, arena) } }
    var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map { MarkdownNode($0, arena) } }
    var next: MarkdownNode? { cmark_node_next(pointer).map { MarkdownNode($0, arena) } }
    var previous: MarkdownNode? { cmark_node_previous(pointer).map { MarkdownNode($0, arena) } }

    var children: [MarkdownNode] {
        var result: [MarkdownNode] = []
        var child = firstChild
        while let current = child {
            result.append(current)
            child = current.next
        }
        return result
    }

    /// 1-based source line and byte column where libcmark saw the block start; 0 when unknown.
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }

    /// Every node of this subtree, this one first, in document order.
    var descendants: [MarkdownNode] {
        var result: [MarkdownNode] = []
        guard let iterator = cmark_iter_new(pointer) else { return result }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { result.append(MarkdownNode(node, arena)) }
        }
        return result
    }

    /// Every node of this subtree in document order, once on entering and, for nodes that can
    /// have children, once on leaving (`entering` false), so callers can track what encloses what.
    var events: [(node: MarkdownNode, entering: Bool)] {
        var result: [(node: MarkdownNode, entering: Bool)] = []
        guard let iterator = cmark_iter_new(pointer) else { return result }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if let node = cmark_iter_get_node(iterator) { result.append((MarkdownNode(node, arena), event == CMARK_EVENT_ENTER)) }
        }
        return result
    }

    /// Sets the markup a custom block or inline writes before and after its children.
    func setCustomMarkup(open: String, close: String) {
        cmark_node_set_on_enter(pointer, open)
        cmark_node_set_on_exit(pointer, close)
    }

    /// Takes the node (and its subtree) out of its tree; the arena frees it unless it is put back.
    func unlink() {
        cmark_node_unlink(pointer)
        arena.detached(pointer)
    }

    @discardableResult
    func append(_ child: MarkdownNode) -> Bool {
        cmark_node_append_child(pointer, child.pointer) != 0
    }

    /// Inserts `sibling` just before this node.
    @discardableResult
    func insertBefore(_ sibling: MarkdownNode) -> Bool {
        cmark_node_insert_before(pointer, sibling.pointer) != 0
    }

    /// Inserts `sibling` just after this node.
    @discardableResult
    func insertAfter(_ sibling: MarkdownNode) -> Bool {
        cmark_node_insert_after(pointer, sibling.pointer) != 0
    }

    /// Puts `replacement` where this node is; this node is then detached.
    @discardableResult
    func replace(with replacement: MarkdownNode) -> Bool {
        guard cmark_node_replace(pointer, replacement.pointer) != 0 else { return false }
        arena.detached(pointer)
        return true
    }

    /// Moves this node's children into `replacement`, then puts `replacement` in its place. When
    /// libcmark refuses, the children go back and the tree is as before.
    @discardableResult
    func replaceKeepingChildren(with replacement: MarkdownNode) -> Bool {
        moveChildren(to: replacement)
        guard replace(with: replacement) else {
            replacement.moveChildren(to: self)
            return false
        }
        return true
    }

    /// Appends every child of this node to `destination`; stops at the first child it refuses.
    @discardableResult
    func moveChildren(to destination: MarkdownNode) -> Bool {
        while let child = firstChild {
            cmark_node_unlink(child.pointer)
            guard destination.append(child) else {
                arena.detached(child.pointer)
                return false
            }
        }
        return true
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
