import Foundation

/// Pages the first pass parsed, kept for the render pass so a small site's Markdown is parsed once.
///
/// Both passes build a page's ``MarkdownDocument`` from the same Markdown with the same settings, so the
/// tree the first pass made is the tree rendering would make again. Keeping every tree would hold a
/// large site in memory, so trees are kept only up to a budget of Markdown bytes (a tree costs a few
/// times its Markdown); pages beyond it are parsed again when they render, as before. Rendering takes
/// a tree out, so it is let go as soon as its page is written.
final class ParsedPages: @unchecked Sendable {
    /// What a kept page's render needs: its Markdown (for its line numbers) and the tree.
    struct Page {
        var source: PageSource
        var document: MarkdownDocument
    }

    /// Markdown bytes kept at most. Trees cost about seven times their Markdown (a budget of 2 MiB
    /// raised the peak memory of a 1,000-page build from 29 to 44 MB), so this adds at most some 8 MB,
    /// and covers a site of about 300 pages of 3 KB, the guide many times over.
    static let defaultBudget = 1024 * 1024

    private let lock = NSLock()
    private var pages: [String: Page] = [:]
    private var spare: Int

    init(budget: Int = ParsedPages.defaultBudget) {
        spare = budget
    }

    /// Keeps `document` for the page at `path` (its content-relative path) if the budget allows.
    func keep(_ document: MarkdownDocument, source: PageSource, forPath path: String) {
        let cost = source.markdown.utf8.count
        lock.lock()
        defer { lock.unlock() }
        guard cost <= spare, pages[path] == nil else { return }
        spare -= cost
        pages[path] = Page(source: source, document: document)
    }

    /// The kept page at `path`, handed over once: later calls return `nil`.
    func take(path: String) -> Page? {
        lock.lock()
        defer { lock.unlock() }
        return pages.removeValue(forKey: path)
    }
}
