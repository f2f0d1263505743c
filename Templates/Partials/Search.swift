import DocgenCore

/// The search box in the site header: a combobox whose results list opens below it. It stays hidden
/// until `search.js` runs (without scripts, the footer's "All pages" link lists every page instead).
enum SearchBox {
    /// Ids the box uses; headings never get them.
    static let ids: Set<String> = ["site-search-input", "site-search-results", "site-search-status"]

    /// - Parameter root: `../` repeated up to the site root, where `assets/search/` is.
    static func render(root: String, into out: inout HTMLWriter) {
        out.write(
            """
            <div class="site-search" data-role="search" data-root="\(root)" hidden>
            <label class="visually-hidden" for="site-search-input">Search this site</label>
            <input id="site-search-input" class="site-search-input" type="text" role="combobox" aria-expanded="false" aria-controls="site-search-results" aria-autocomplete="list" autocomplete="off" spellcheck="false" placeholder="Search (press /)">
            <div class="site-search-panel" hidden>
            <p id="site-search-status" class="site-search-status" role="status"></p>
            <div id="site-search-results" class="site-search-results" role="listbox" aria-label="Search results" hidden></div>
            </div>
            </div>

            """)
    }

    /// The script tag for `<head>`; `defer`, so it never delays the first paint.
    static func renderScript(root: String, into out: inout HTMLWriter) {
        out.write("<script src=\"\(root)assets/search.js\" defer></script>\n")
    }
}
