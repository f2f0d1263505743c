import DocgenCore

/// docgen's standard look: a sidebar, breadcrumbs, a table of contents, light and dark schemes.
public struct DefaultTheme: Theme {
    public init() {}

    public var layouts: Set<String> { ["page", "home", "wide"] }
    public var defaultLayout: String { "page" }
    public var homeLayout: String { "home" }
    /// Ids the layouts write themselves; Markdown headings are never given these.
    public var reservedIDs: Set<String> { Set(["main-content", "site-navigation", BackToTop.id]).union(SearchBox.ids) }
    public var assets: [AssetFile] {
        EmbeddedAssets.files.map { AssetFile(path: String($0.path.dropFirst("assets/".count)), bytes: $0.bytes) }
    }

    public func render(_ page: PageContext, into out: inout HTMLWriter) {
        switch page.page.layout {
        case "home": HomeLayout.render(page, into: &out)
        case "wide": PageLayout.render(page, showsContents: false, into: &out)
        default: PageLayout.render(page, showsContents: true, into: &out)
        }
    }

    public func renderPrintStart(_ context: PrintContext, into out: inout HTMLWriter) {
        PrintLayout.renderStart(context, into: &out)
    }

    public func renderPrintSection(_ section: PrintSection, into out: inout HTMLWriter) {
        PrintLayout.renderSection(section, into: &out)
    }

    public func renderPrintEnd(_ context: PrintContext, into out: inout HTMLWriter) {
        PrintLayout.renderEnd(context, into: &out)
    }
}
