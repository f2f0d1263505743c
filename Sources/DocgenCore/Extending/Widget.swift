/// An interactive element an author places in Markdown with a fenced block:
///
/// ````markdown
/// ```widget address-converter
/// ```
/// ````
///
/// On GitHub or in any CommonMark viewer the block shows as a code block naming the widget; docgen
/// replaces it with the widget's markup, and writes and links the widget's scripts and stylesheets
/// on the pages that use it. docgen itself ships no widget: the executable hands the builder a
/// ``WidgetRegistry``.
public protocol Widget: Sendable {
    /// The name written after `widget` in the fence's info string, and the widget's key under
    /// `widgets:` in `site.yml`.
    var name: String { get }
    /// The widget's scripts (`.js`) and stylesheets (`.css`), in the order pages load them. They are
    /// written to `assets/widgets/` when at least one page uses the widget.
    var assets: [AssetFile] { get }
    /// The widget set up from its own section of `site.yml` (`widgets: <name>: …`). Problems are
    /// reported at their line and column (see ``SettingsNode``).
    func configured(by section: SettingsNode) throws(Diagnostic) -> Self
    /// The widget's markup. `placement.ordinal` tells the n-th widget on a page, for unique ids.
    func render(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML
    /// What the widget is on paper, for `print.html`: what it explains, without controls (a field
    /// list, a template, a table of examples). `nil` prints only a note that the tool needs a browser.
    /// Its markup holds no ids, since every page of the site shares `print.html`.
    func renderPaperForm(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML?
}

extension Widget {
    public func renderPaperForm(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML? { nil }

    /// Widgets without settings accept only an empty section.
    public func configured(by section: SettingsNode) throws(Diagnostic) -> Self {
        try section.rejectUnknownKeys([], in: "the settings of widget '\(name)'")
        return self
    }

    /// Root-relative paths of the widget's scripts, as pages link them.
    public var scriptPaths: [String] {
        assets.filter { $0.path.hasSuffix(".js") }.map { WidgetRegistry.assetFolder + $0.fileName }
    }

    /// Root-relative paths of the widget's stylesheets, as pages link them.
    public var stylesheetPaths: [String] {
        assets.filter { $0.path.hasSuffix(".css") }.map { WidgetRegistry.assetFolder + $0.fileName }
    }
}

/// Where a widget was placed, and the text written inside its fence.
public struct WidgetPlacement: Sendable {
    public var location: SourceLocation
    /// The fence's content: optional options for the widget (YAML); most widgets take none.
    public var body: String
    /// 1 for the first widget on the page, 2 for the second, …
    public var ordinal: Int

    public init(location: SourceLocation, body: String, ordinal: Int) {
        self.location = location
        self.body = body
        self.ordinal = ordinal
    }

    /// A page-unique id for an element of this widget: `<prefix>-<ordinal>-<part>`.
    public func id(_ prefix: String, _ part: String) -> String {
        "\(prefix)-\(ordinal)-\(part)"
    }
}

/// The widgets a build knows, by name.
public struct WidgetRegistry: Sendable {
    /// Where widget assets are written, relative to the output folder.
    public static let assetFolder = "assets/widgets/"

    public private(set) var widgets: [String: any Widget]

    public init(_ widgets: [any Widget] = []) {
        self.widgets = Dictionary(widgets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(name: String) -> (any Widget)? { widgets[name] }

    public var names: [String] { widgets.keys.sorted() }

    /// Each widget set up from its section of `site.yml`; a section naming no known widget is an error.
    public func configured(by settings: SiteSettings) throws(Diagnostic) -> WidgetRegistry {
        var configured = self
        for name in settings.widgetSections.keys.sorted() {
            guard let section = settings.widgetSections[name] else { continue }
            guard let widget = widgets[name] else {
                let known = names.map { "'\($0)'" }.joined(separator: ", ")
                throw section.error("settings for unknown widget '\(name)'; known widgets: \(known.isEmpty ? "none" : known)")
            }
            configured.widgets[name] = try widget.configured(by: section)
        }
        return configured
    }
}
