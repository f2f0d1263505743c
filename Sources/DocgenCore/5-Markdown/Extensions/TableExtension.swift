/// GitHub pipe tables: a paragraph whose lines hold a header row, a delimiter row (`| --- | :-: |`)
/// and any number of body rows becomes a `<table>`. The rows are read from the paragraph's source
/// lines (never from text smart punctuation has changed); each cell's text is parsed by libcmark as
/// inline Markdown. Lines of the paragraph before the header row stay a paragraph.
///
/// Alignment is written as `style="text-align: …"`, as GitHub does, not cmark-gfm's `align`, which
/// HTML5 makes obsolete.
enum TableExtension {
    enum Alignment {
        case none, left, center, right

        var attribute: String {
            switch self {
            case .none: return ""
            case .left: return " style=\"text-align: left\""
            case .center: return " style=\"text-align: center\""
            case .right: return " style=\"text-align: right\""
            }
        }
    }

    private struct Row {
        var line: Int
        var cells: [String]
    }

    private struct Plan {
        var paragraph: MarkdownNode
        var leadingLines: [(number: Int, text: String)]
        var alignments: [Alignment]
        var header: Row
        var body: [Row]
    }

    static func apply(to tree: MarkdownTree, under roots: [MarkdownNode], arena: MarkdownArena) {
        var plans: [Plan] = []
        for root in roots {
            for node in root.descendants where node.kind == .paragraph {
                guard let lines = MarkdownFragments.sourceLines(of: node, in: tree.source), let plan = plan(for: node, lines: lines)
                else { continue }
                plans.append(plan)
            }
        }
        guard !plans.isEmpty else { return }

        // Every cell and every run of leading lines, parsed in one libcmark run.
        var fragments: [MarkdownFragment] = []
        for plan in plans {
            fragments.append(.blocks(plan.leadingLines.map(\.text)))
            for row in [plan.header] + plan.body { fragments += row.cells.map { .inline($0) } }
        }
        let parsed = MarkdownFragments.parse(fragments, definitionsFrom: tree.source, arena: arena)
        var index = 0
        func nextContainer() -> (node: MarkdownNode?, line: Int) {
            defer { index += 1 }
            return (parsed.containers[index], parsed.firstLines[index])
        }
        for plan in plans {
            let leading = nextContainer()
            if let container = leading.node, let first = plan.leadingLines.first {
                MarkdownFragments.insertBlocks(of: container, parsedAt: leading.line, from: first.number, before: plan.paragraph, arena: arena)
            }
            let table = arena.makeCustomBlock(open: "<table>", close: "</table>")
            arena.setPosition(of: table, line: plan.header.line, column: 1)
            let head = arena.makeCustomBlock(open: "<thead>", close: "</thead>")
            table.append(head)
            head.append(makeRow(plan.header, tag: "th", alignments: plan.alignments, arena: arena, next: nextContainer))
            if !plan.body.isEmpty {
                let body = arena.makeCustomBlock(open: "<tbody>", close: "</tbody>")
                table.append(body)
                for row in plan.body {
                    body.append(makeRow(row, tag: "td", alignments: plan.alignments, arena: arena, next: nextContainer))
                }
            }
            plan.paragraph.replace(with: table)
        }
    }

    private static func makeRow(
        _ row: Row, tag: String, alignments: [Alignment], arena: MarkdownArena, next: () -> (node: MarkdownNode?, line: Int)
    )
        -> MarkdownNode
    {
        let element = arena.makeCustomBlock(open: "<tr>", close: "</tr>")
        arena.setPosition(of: element, line: row.line, column: 1)
        for (column, alignment) in alignments.enumerated() {
            // Cells are inline nodes, so libcmark puts no line break inside them.
            let cell = arena.makeCustomInline(open: "<\(tag)\(alignment.attribute)>", close: "</\(tag)>\n")
            element.append(cell)
            guard column < row.cells.count else { continue }
            let content = next()
            if let container = content.node {
                container.moveChildren(to: cell)
                arena.shiftLines(of: cell, by: row.line - content.line)
            }
        }
        return element
    }

    /// Where the table starts in these lines, if anywhere: the first line followed by a delimiter
    /// row with as many cells as it has.
    private static func plan(for paragraph: MarkdownNode, lines: [(number: Int, text: String)]) -> Plan? {
        guard lines.count >= 2 else { return nil }
        for index in 0..<(lines.count - 1) {
            guard let alignments = delimiterRow(lines[index + 1].text) else { continue }
            let header = cells(of: lines[index].text)
            guard header.count == alignments.count else { continue }
            let body = lines[(index + 2)...].map { line in
                Row(line: line.number, cells: Array(cells(of: line.text).prefix(alignments.count)))
            }
            return Plan(
                paragraph: paragraph, leadingLines: Array(lines[..<index]), alignments: alignments,
                header: Row(line: lines[index].number, cells: header), body: body)
        }
        return nil
    }

    /// The alignments of a delimiter row, or `nil` when the line is not one.
    static func delimiterRow(_ line: String) -> [Alignment]? {
        guard line.contains("-"), line.allSatisfy({ "|:- \t".contains($0) }) else { return nil }
        let parts = cells(of: line)
        guard !parts.isEmpty else { return nil }
        // Without a pipe, only a lone `:-:`-style cell with a colon can be a delimiter row (a line of
        // hyphens alone would have made a setext heading).
        var alignments: [Alignment] = []
        for part in parts {
            let starts = part.hasPrefix(":")
            let ends = part.hasSuffix(":") && part.count > 1
            let hyphens = part.dropFirst(starts ? 1 : 0).dropLast(ends ? 1 : 0)
            guard !hyphens.isEmpty, hyphens.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(starts && ends ? .center : ends ? .right : starts ? .left : .none)
        }
        return alignments
    }

    /// Splits a row at its unescaped pipes; a leading and a trailing pipe are optional. `\|` becomes
    /// `|` everywhere, code spans included, as on GitHub; other escapes are left for libcmark.
    static func cells(of line: String) -> [String] {
        var bytes = Array(line.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        if bytes.first == UInt8(ascii: "|") { bytes = bytes.dropFirst() }
        var cells: [String] = []
        var current: [UInt8] = []
        var endsWithPipe = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            endsWithPipe = false
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.endIndex {
                if bytes[index + 1] == UInt8(ascii: "|") {
                    current.append(UInt8(ascii: "|"))
                } else {
                    current += [byte, bytes[index + 1]]
                }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "|") {
                cells.append(trimmed(current))
                current = []
                endsWithPipe = true
            } else {
                current.append(byte)
            }
            index += 1
        }
        if !endsWithPipe { cells.append(trimmed(current)) }
        if cells.isEmpty { cells.append("") }
        return cells
    }

    private static func trimmed(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
