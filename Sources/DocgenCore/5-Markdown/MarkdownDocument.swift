// The only file that touches libcmark's C API. Everything it hands out is plain Swift.
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
}

/// A link or image destination as written in Markdown.
struct MarkdownLink: Sendable, Equatable {
    var isImage: Bool
    var url: String
    /// For images, the alternative text; for links, the link text.
    var text: String
    var line: Int
    var column: Int
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
    /// Replaces each widget fence.
    var widgets: [String] = []
    /// Replaces each code block (docgen's highlighted markup).
    var codeBlocks: [String] = []
}

/// A Markdown document parsed by libcmark. Owns the C tree and frees it in `deinit`.
final class MarkdownDocument {
    private let root: OpaquePointer
    private let options: Int32
    private var headingNodes: [OpaquePointer] = []
    private var linkNodes: [OpaquePointer] = []
    private var fenceNodes: [OpaquePointer] = []
    private var codeBlockNodes: [OpaquePointer] = []

    private(set) var headings: [MarkdownHeading] = []
    private(set) var links: [MarkdownLink] = []
    private(set) var widgetFences: [MarkdownWidgetFence] = []
    /// Where the first raw HTML is, when it is left out (raw HTML is off): the author is told once per page.
    private(set) var firstOmittedHTML: (line: Int, column: Int)?
    private(set) var codeBlocks: [MarkdownCodeBlock] = []

    /// The version of the libcmark docgen is linked against.
    static var libcmarkVersion: String { String(cString: cmark_version_string()) }

    /// Parses CommonMark with smart punctuation. `lineOffset` is added to every line number
    /// (the number of front-matter lines before the Markdown).
    init(_ markdown: String, allowsRawHTML: Bool, lineOffset: Int = 0) {
        var options = CMARK_OPT_SMART
        if allowsRawHTML { options |= CMARK_OPT_UNSAFE }
        self.options = options
        var utf8 = markdown
        root = utf8.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, options)
            }
        }
        collect(lineOffset: lineOffset)
    }

    deinit {
        cmark_node_free(root)
    }

    private func collect(lineOffset: Int) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let position = Self.position(of: node, lineOffset: lineOffset)
            switch type {
            case CMARK_NODE_HEADING:
                headingNodes.append(node)
                headings.append(
                    MarkdownHeading(
                        level: Int(cmark_node_get_heading_level(node)), text: Self.plainText(of: node),
                        line: position.line, column: position.column))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                linkNodes.append(node)
                links.append(
                    MarkdownLink(
                        isImage: type == CMARK_NODE_IMAGE, url: Self.string(cmark_node_get_url(node)),
                        text: Self.plainText(of: node), line: position.line, column: position.column))
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if firstOmittedHTML == nil && options & CMARK_OPT_UNSAFE == 0 { firstOmittedHTML = position }
            case CMARK_NODE_CODE_BLOCK:
                let info = Self.string(cmark_node_get_fence_info(node))
                let words = info.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                if words.first == "widget" {
                    fenceNodes.append(node)
                    widgetFences.append(
                        MarkdownWidgetFence(
                            name: words.count > 1 ? String(words[1]).trimmingCharacters(in: " \t") : "",
                            body: Self.string(cmark_node_get_literal(node)),
                            line: position.line, column: position.column))
                } else {
                    codeBlockNodes.append(node)
                    codeBlocks.append(
                        MarkdownCodeBlock(
                            language: info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "",
                            code: Self.string(cmark_node_get_literal(node))))
                }
            default:
                break
            }
        }
    }

    /// Renders the document as HTML following `plan`. The tree is changed in the process, so a
    /// document is rendered once.
    func renderHTML(_ plan: MarkdownRenderPlan) -> String {
        for (node, tags) in zip(headingNodes, plan.headings) {
            if let tags {
                replace(node, withCustom: CMARK_NODE_CUSTOM_BLOCK, open: tags.open, close: tags.close)
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
        for (node, link) in zip(linkNodes, plan.links) {
            if let openTag = link.openTag {
                replace(node, withCustom: CMARK_NODE_CUSTOM_INLINE, open: openTag, close: "</a>")
            } else {
                cmark_node_set_url(node, link.url)
            }
        }
        for (node, markup) in zip(fenceNodes, plan.widgets) {
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(block, markup)
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
        for (node, markup) in zip(codeBlockNodes, plan.codeBlocks) {
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(block, markup)
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
        headingNodes = []
        linkNodes = []
        fenceNodes = []
        codeBlockNodes = []
        guard let rendered = cmark_render_html(root, options) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Swaps `node` for a custom node that prints `open`, the node's children, then `close`.
    /// Custom nodes are printed as given even in safe mode, so only docgen's own markup goes here.
    private func replace(_ node: OpaquePointer, withCustom type: cmark_node_type, open: String, close: String) {
        guard let custom = cmark_node_new(type) else { return }
        cmark_node_set_on_enter(custom, open)
        cmark_node_set_on_exit(custom, close)
        while let child = cmark_node_first_child(node) {
            cmark_node_append_child(custom, child)
        }
        cmark_node_replace(node, custom)
        cmark_node_free(node)
    }

    private static func position(of node: OpaquePointer, lineOffset: Int) -> (line: Int, column: Int) {
        // libcmark records positions for blocks; for inlines it may not, so fall back to the
        // nearest block that has one.
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 {
                return (line + lineOffset, max(1, Int(cmark_node_get_start_column(candidate))))
            }
            current = cmark_node_parent(candidate)
        }
        return (1 + lineOffset, 1)
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += string(cmark_node_get_literal(child))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
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
