/// GitHub alerts: a block quote whose first line is exactly `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
/// `[!WARNING]` or `[!CAUTION]` (any case) becomes
/// `<aside class="callout callout-note" role="note">` starting with a visible `<p class="callout-title">`,
/// so it reads as labelled without CSS, in print and to screen readers.
enum CalloutExtension {
    static let kinds = ["note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"]

    static func apply(under roots: [MarkdownNode], arena: MarkdownArena) {
        for root in roots {
            for quote in root.descendants where quote.kind == .blockQuote {
                guard let paragraph = quote.firstChild, paragraph.kind == .paragraph, let marker = paragraph.firstChild, marker.kind == .text,
                    let kind = kind(of: marker.literal)
                else { continue }
                guard marker.next == nil || marker.next?.kind == .softBreak || marker.next?.kind == .lineBreak else { continue }
                let title = kinds[kind] ?? kind
                let aside = arena.makeCustomBlock(
                    open: "<aside class=\"callout callout-\(kind)\" role=\"note\">\n<p class=\"callout-title\">\(title)</p>", close: "</aside>")
                guard quote.replaceKeepingChildren(with: aside) else { continue }
                if let lineEnd = marker.next { lineEnd.unlink() }
                marker.unlink()
                if paragraph.firstChild == nil { paragraph.unlink() }
            }
        }
    }

    private static func kind(of text: String) -> String? {
        var trimmed = Substring(text)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]") else { return nil }
        let name = trimmed.dropFirst(2).dropLast().lowercased()
        return kinds[name] == nil ? nil : name
    }
}
