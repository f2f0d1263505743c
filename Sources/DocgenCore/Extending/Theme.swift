import Foundation

/// A site's look: the layouts pages are rendered with, and the files they need.
///
/// A theme is Swift code compiled with docgen (the `SiteTemplates` target, sources in `Templates/`),
/// so a mistake in a template is a compile error with its file and line.
public protocol Theme: Sendable {
    /// Layout names a page may ask for with `layout:` in its front matter.
    var layouts: Set<String> { get }
    /// The layout of pages that name none. Must be one of `layouts`.
    var defaultLayout: String { get }
    /// The layout of the site's home page (`index.md` at the top) when it names none.
    var homeLayout: String { get }
    /// Element ids the layouts use themselves; headings never get these.
    var reservedIDs: Set<String> { get }
    /// Files written into `Output/assets/` (stylesheets, scripts, icons), compiled into docgen.
    var assets: [AssetFile] { get }

    /// Writes a whole page (`<!doctype html>` to `</html>`).
    func render(_ page: PageContext, into out: inout HTMLWriter)
    /// Writes the start of `print.html` (every page in navigation order on one page), up to the
    /// first section. Sections are written one at a time so the whole site is never held in memory.
    func renderPrintStart(_ context: PrintContext, into out: inout HTMLWriter)
    /// Writes one page of `print.html`.
    func renderPrintSection(_ section: PrintSection, into out: inout HTMLWriter)
    /// Writes the end of `print.html`.
    func renderPrintEnd(_ context: PrintContext, into out: inout HTMLWriter)
}

/// A link to a generated page or file, relative to the site root and already percent-encoded.
public struct Link: Sendable, Hashable {
    public var title: String
    /// Root-relative, percent-encoded path, e.g. `setup/dns%20records.html#srv`. Prefix it with
    /// ``PageContext/root`` to get a page-relative URL.
    public var path: String

    public init(title: String, path: String) {
        self.title = title
        self.path = path
    }
}

/// One entry of the sidebar: a page, or a section (a folder) with its children.
public struct NavigationItem: Sendable, Hashable {
    public var title: String
    /// The page or the section's page; `nil` for a section without an `index.md` page.
    public var path: String?
    /// True for the page being rendered.
    public var isCurrent: Bool
    /// True when the page being rendered is this section or inside it.
    public var containsCurrent: Bool
    public var isSection: Bool
    /// A section's entries; empty for sections other than the current page's, which stay collapsed.
    public var children: [NavigationItem]
    /// Stands for the entries a long section does not list on this page ("120 more in Reference"),
    /// linking to the section's page.
    public var isMoreLink: Bool

    public init(
        title: String, path: String?, isCurrent: Bool, containsCurrent: Bool, isSection: Bool, children: [NavigationItem],
        isMoreLink: Bool = false
    ) {
        self.title = title
        self.path = path
        self.isCurrent = isCurrent
        self.containsCurrent = containsCurrent
        self.isSection = isSection
        self.children = children
        self.isMoreLink = isMoreLink
    }
}

/// An entry of a page's table of contents (its `h2` and `h3` headings).
public struct TableOfContentsEntry: Sendable, Hashable {
    public var title: String
    public var id: String
    public var children: [TableOfContentsEntry]

    public init(title: String, id: String, children: [TableOfContentsEntry] = []) {
        self.title = title
        self.id = id
        self.children = children
    }
}

/// The page being rendered, as templates see it.
public struct PageInfo: Sendable {
    public var title: String
    public var description: String?
    /// Path of the source relative to the content folder (`setup/dns.md`).
    public var sourcePath: String
    /// Path of the generated file relative to the output folder (`setup/dns.html`).
    public var outputPath: String
    public var layout: String
    public var isHome: Bool
    /// Front-matter keys docgen does not use itself.
    public var metadata: [String: MetadataValue]
    /// The page's Markdown rendered to HTML.
    public var body: HTML

    public init(
        title: String, description: String? = nil, sourcePath: String, outputPath: String, layout: String, isHome: Bool = false,
        metadata: [String: MetadataValue] = [:], body: HTML
    ) {
        self.title = title
        self.description = description
        self.sourcePath = sourcePath
        self.outputPath = outputPath
        self.layout = layout
        self.isHome = isHome
        self.metadata = metadata
        self.body = body
    }
}

/// Everything a template receives to render one page.
public struct PageContext: Sendable {
    public var site: SiteSettings
    public var page: PageInfo
    /// `../` repeated to reach the site root from this page (empty at the top).
    public var root: String
    public var navigation: [NavigationItem]
    /// From the home page down to the page's parent section.
    public var breadcrumbs: [Link]
    public var tableOfContents: [TableOfContentsEntry]
    public var previous: Link?
    public var next: Link?
    /// Root-relative paths of the scripts and stylesheets the page's widgets need.
    public var scripts: [String]
    public var stylesheets: [String]
    /// Absolute URL of the page, when the site settings give a base URL.
    public var canonicalURL: String?
    /// For `404.html` on a site with a base URL: a server shows that page at whatever address was
    /// missing, so its relative links must be resolved against the site root (`<base href>`).
    public var baseHref: String? = nil

    /// For theme tests and tools; docgen fills every field while building.
    public init(
        site: SiteSettings, page: PageInfo, root: String = "", navigation: [NavigationItem] = [], breadcrumbs: [Link] = [],
        tableOfContents: [TableOfContentsEntry] = [], previous: Link? = nil, next: Link? = nil, scripts: [String] = [],
        stylesheets: [String] = [], canonicalURL: String? = nil, baseHref: String? = nil
    ) {
        self.site = site
        self.page = page
        self.root = root
        self.navigation = navigation
        self.breadcrumbs = breadcrumbs
        self.tableOfContents = tableOfContents
        self.previous = previous
        self.next = next
        self.scripts = scripts
        self.stylesheets = stylesheets
        self.canonicalURL = canonicalURL
        self.baseHref = baseHref
    }

    /// A page-relative URL for a root-relative path.
    public func url(_ rootRelativePath: String) -> String {
        root + rootRelativePath
    }
}

/// One page inside `print.html`.
public struct PrintSection: Sendable {
    public var title: String
    /// Anchor of the section inside `print.html`.
    public var id: String
    /// Nesting depth in navigation (0 for top-level pages).
    public var depth: Int
    public var body: HTML
    /// The page's number on paper (`2.3`), the same in the contents and in "(see 2.3)"; empty if none.
    public var number: String

    public init(title: String, id: String, depth: Int, body: HTML, number: String = "") {
        self.title = title
        self.id = id
        self.depth = depth
        self.body = body
        self.number = number
    }
}

/// One line of the contents page of `print.html`.
public struct PrintContentsEntry: Sendable, Hashable {
    public var title: String
    /// `#id` of the page's section inside `print.html`.
    public var path: String
    /// `2.3`: the page's place in the sidebar, as its heading shows it.
    public var number: String
    /// Nesting depth in navigation (0 for top-level pages).
    public var depth: Int

    public init(title: String, path: String, number: String, depth: Int) {
        self.title = title
        self.path = path
        self.number = number
        self.depth = depth
    }
}

/// Everything a template receives to render the start and end of `print.html`.
public struct PrintContext: Sendable {
    public var site: SiteSettings
    /// The pages in order, linking to their sections inside `print.html` (`#id`).
    public var contents: [Link]
    public var scripts: [String]
    /// Root-relative stylesheets of the widgets whose paper forms the page shows.
    public var stylesheets: [String]
    /// The contents page: every page with its number and depth, in reading order.
    public var outline: [PrintContentsEntry] = []
    /// The date the content is current as of (`2026-12-03`), from `updated:` in `site.yml`; never the clock.
    public var asOf: String? = nil

    public init(site: SiteSettings, contents: [Link], scripts: [String] = [], stylesheets: [String] = []) {
        self.site = site
        self.contents = contents
        self.scripts = scripts
        self.stylesheets = stylesheets
    }
}
